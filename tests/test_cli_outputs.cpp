// No command destroys a file the user did not ask it to replace: an output
// that is one of the command's inputs is refused (even with --force), an
// existing output is refused without --force (or --resume), every output is
// checked before any work, a write that fails (a full disk) exits 1 cleanly
// without leaving its temporary, and temporaries of killed runs are cleared.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "tests/cli_harness.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wfsim::test::ChildProcess;
using wfsim::test::ProcessResult;
using wfsim::test::run_wfsim;
using wfsim::test::TempDir;

namespace {

const std::string kSource = WFSIM_SOURCE_DIR;
const std::string kCentre = kSource + "/scenarios/sure_start_centre.yaml";

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A short run of the Sure Start scenario writing `output`, with `extra` options.
ProcessResult short_run(const fs::path& output, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"run",          kCentre, "--weeks", "4",
                                "--replicates", "1",     "-o",      output.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_wfsim(args);
}

}  // namespace

TEST_CASE("cli outputs: an existing results file is kept unless --force", "[cli][outputs]") {
  TempDir dir;
  const fs::path output = dir / "run.h5";
  REQUIRE(short_run(output).exit_code == 0);
  const std::string first = contents(output);
  const ProcessResult again = short_run(output, {"--seed", "9"});
  INFO(again.describe());
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.err, Contains("already exists") && Contains("--force"));
  CHECK(contents(output) == first);
  const ProcessResult forced = short_run(output, {"--seed", "9", "--force"});
  INFO(forced.describe());
  CHECK(forced.exit_code == 0);
  CHECK(contents(output) != first);
}

TEST_CASE("cli outputs: an output that is one of the inputs is refused, even with --force",
          "[cli][outputs]") {
  TempDir dir;
  const fs::path scenario = dir / "b.yaml";
  fs::copy_file(kCentre, scenario);
  const std::string original = contents(scenario);
  const fs::path results = dir / "r.h5";
  REQUIRE(short_run(results).exit_code == 0);
  const std::string results_before = contents(results);
  const fs::path survey = dir.write("s.csv", "role,fte\nsocial_worker,1\n");
  const fs::path experiment =
      dir.write("e.yaml", "scenario: " + kCentre +
                              "\ndesign: grid\nweeks: 4\nreplicates: 1\nfactors:\n  "
                              "parameters.demand.referral_multiplier: {values: [1, 1.5]}\n");
  // The same file under another name: through a link and through '..'.
  fs::create_symlink(scenario, dir / "link.yaml");
  fs::create_directory(dir / "sub");
  const std::vector<std::pair<std::vector<std::string>, fs::path>> cases{
      {{"run", scenario.string(), "--weeks", "2", "-o", scenario.string()}, scenario},
      {{"run", scenario.string(), "--weeks", "2", "-o", (dir / "link.yaml").string()}, scenario},
      {{"run", scenario.string(), "--weeks", "2", "-o", (dir / "sub/../b.yaml").string()},
       scenario},
      {{"compare", scenario.string(), kCentre, "--weeks", "2", "-o", scenario.string()}, scenario},
      {{"report", results.string(), "-o", results.string()}, results},
      {{"sweep", experiment.string(), "-o", experiment.string()}, experiment},
      {{"population", "--survey", survey.string(), "-o", survey.string()}, survey},
  };
  for (const auto& [args, input] : cases) {
    for (const bool force : {false, true}) {
      std::vector<std::string> command = args;
      if (force) command.push_back("--force");
      const ProcessResult result = run_wfsim(command);
      INFO(result.describe());
      CHECK(result.exit_code == 2);
      CHECK_THAT(result.err, Contains("same file as the input"));
    }
  }
  CHECK(contents(scenario) == original);
  CHECK(contents(results) == results_before);
}

TEST_CASE("cli outputs: every output is checked before the run", "[cli][outputs]") {
  TempDir dir;
  const fs::path blocker = dir.write("a-file", "not a directory\n");
  // --csv under a file cannot be created: found at once, and no results written.
  const ProcessResult csv = short_run(dir / "run.h5", {"--csv", (blocker / "csv").string()});
  INFO(csv.describe());
  CHECK(csv.exit_code == 2);
  CHECK_THAT(csv.err, Contains("--csv"));
  CHECK_FALSE(fs::exists(dir / "run.h5"));
  // An existing CSV or annual CSV is kept without --force.
  fs::create_directory(dir / "csv");
  const std::string kept = "kept\n";
  dir.write("csv/series.csv", kept);
  const ProcessResult csv_exists = short_run(dir / "run.h5", {"--csv", (dir / "csv").string()});
  CHECK(csv_exists.exit_code == 2);
  CHECK(contents(dir / "csv/series.csv") == kept);
  dir.write("annual.csv", kept);
  const ProcessResult annual =
      short_run(dir / "run.h5", {"--annual-csv", (dir / "annual.csv").string()});
  CHECK(annual.exit_code == 2);
  CHECK(contents(dir / "annual.csv") == kept);
  CHECK_FALSE(fs::exists(dir / "run.h5"));
}

TEST_CASE("cli outputs: a sweep file is continued with --resume, replaced only with --force",
          "[cli][outputs]") {
  TempDir dir;
  const fs::path experiment =
      dir.write("e.yaml", "scenario: " + kCentre +
                              "\ndesign: grid\nweeks: 4\nreplicates: 1\nfactors:\n  "
                              "parameters.demand.referral_multiplier: {values: [1, 1.5]}\n");
  const fs::path output = dir / "sweep.h5";
  REQUIRE(run_wfsim({"sweep", experiment.string(), "-o", output.string()}).exit_code == 0);
  const std::string complete = contents(output);
  const ProcessResult again = run_wfsim({"sweep", experiment.string(), "-o", output.string()});
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.err, Contains("--force"));
  CHECK(contents(output) == complete);
  CHECK(run_wfsim({"sweep", experiment.string(), "-o", output.string(), "--resume"}).exit_code ==
        0);
}

TEST_CASE("cli outputs: a full disk is a clean failure that leaves nothing behind",
          "[cli][outputs]") {
  // A file size limit makes writes fail as a full disk does (EFBIG instead of
  // ENOSPC), without privileges; SIGXFSZ is ignored so that the write fails
  // rather than the process being killed.
  TempDir dir;
  const fs::path output = dir / "run.h5";
  ChildProcess child(
      "/bin/sh", {"-c", "trap '' XFSZ; exec prlimit --fsize=20000 \"$0\" \"$@\"", WFSIM_EXE, "run",
                  kCentre, "--weeks", "20", "--replicates", "2", "-o", output.string()});
  const ProcessResult result = child.wait(std::chrono::seconds(60));
  INFO(result.describe());
  CHECK(result.term_signal == 0);  // HDF5 used to crash at exit after the failed close
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("cannot write results file"));
  CHECK(dir.entries().empty());  // neither the output nor its temporary
}

TEST_CASE("cli outputs: temporaries left by a killed run are cleared by the next",
          "[cli][outputs]") {
  TempDir dir;
  // The id of a process that has ended: what a run killed with SIGKILL leaves.
  const pid_t ended = fork();
  if (ended == 0) _exit(0);
  REQUIRE(ended > 0);
  waitpid(ended, nullptr, 0);
  const fs::path stale = dir.write("run.h5.tmp-" + std::to_string(ended), "half a file");
  // One of a process still running is left alone.
  const fs::path live = dir.write("run.h5.tmp-" + std::to_string(getpid()), "in progress");
  REQUIRE(short_run(dir / "run.h5").exit_code == 0);
  CHECK_FALSE(fs::exists(stale));
  CHECK(fs::exists(live));
}

TEST_CASE("cli outputs: Ctrl-C while a scenario is being read exits 130", "[cli][outputs]") {
  TempDir dir;
  // England (40,000 posts) takes a while to read and build.
  ChildProcess child(WFSIM_EXE, {"run", kSource + "/scenarios/england.yaml", "--weeks", "1",
                                 "--replicates", "1", "-o", (dir / "england.h5").string()});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!child.catches_signal(SIGINT) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(child.catches_signal(SIGINT));
  child.send(SIGINT);
  const ProcessResult result = child.wait(std::chrono::seconds(60));
  INFO(result.describe());
  CHECK(result.term_signal == 0);
  CHECK(result.exit_code == 130);
}
