// Commands estimate the memory and disk they will need before they start and
// refuse (exit 2, with the figures) above the machine's, or --max-memory's and
// --max-disk's, limit: a huge team, too many replicates, a design of a
// million points or a population of a million posts fail at once instead of
// after minutes, or by exhausting the machine.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>

#include "tests/cli_harness.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wfsim::test::ProcessResult;
using wfsim::test::read_file;
using wfsim::test::run_wfsim;
using wfsim::test::TempDir;

namespace {

const std::string kSource = WFSIM_SOURCE_DIR;
const std::string kCentre = kSource + "/scenarios/sure_start_centre.yaml";

/// Runs `args` and checks it is refused promptly with `fragments` in its message and no file.
void require_refused(const TempDir& dir, const std::vector<std::string>& args,
                     const std::vector<std::string>& fragments) {
  const auto started = std::chrono::steady_clock::now();
  const ProcessResult result = run_wfsim(args, {dir.path()});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  for (const std::string& fragment : fragments) CHECK_THAT(result.err, Contains(fragment));
  CHECK_FALSE(fs::exists(dir / "out.h5"));
  CHECK(seconds < 30);  // refused before the work, not after it (minutes, or the machine's memory)
}

/// huge.yaml in `dir`: the Sure Start centre with one team of 40,000 posts
/// (about 64 GB of ties).
void write_huge_team(const TempDir& dir) {
  std::string scenario = read_file(kCentre);
  const std::string team = "{id: early_years, function: early_years, size: 8}";
  REQUIRE(scenario.find(team) != std::string::npos);
  scenario.replace(scenario.find(team), team.size(),
                   "{id: early_years, function: early_years, size: 40000}");
  dir.write("huge.yaml", scenario);
}

}  // namespace

TEST_CASE("cli resources: a team whose ties would not fit in memory is refused before it is built",
          "[cli][resources]") {
  TempDir dir;
  write_huge_team(dir);
  require_refused(dir, {"run", "huge.yaml", "-o", "out.h5", "--max-memory", "32G"},
                  {"--max-memory 32G", "square of team size", "40000 posts"});
}

TEST_CASE("cli resources: series that would not fit are refused, with the figures",
          "[cli][resources]") {
  TempDir dir;
  require_refused(dir,
                  {"run", kCentre, "--replicates", "2000", "-o", "out.h5", "--max-memory", "100M"},
                  {"series (2000 replicates x 157 weeks", "more than 100 MB allowed"});
  require_refused(dir, {"run", kCentre, "--replicates", "200", "-o", "out.h5", "--max-disk", "1M"},
                  {"of disk", "more than 1 MB allowed"});
  require_refused(
      dir,
      {"compare", kCentre, kCentre, "--replicates", "2000", "-o", "out.h5", "--max-memory", "100M"},
      {"more than 100 MB allowed"});
  require_refused(dir, {"run", kCentre, "-o", "out.h5", "--max-memory", "lots"},
                  {"--max-memory lots", "not a size"});
  // Within the limits it runs.
  const ProcessResult fits = run_wfsim({"run", kCentre, "--replicates", "20", "--weeks", "4", "-o",
                                        "out.h5", "--max-memory", "1G", "--max-disk", "10M"},
                                       {dir.path()});
  INFO(fits.describe());
  CHECK(fits.exit_code == 0);
}

TEST_CASE("cli resources: a sweep laid out larger than the disk allows is refused",
          "[cli][resources]") {
  TempDir dir;
  std::string factors;
  for (const char* path :
       {"demand.referral_multiplier", "working.hot_desking_share", "working.home_days_per_week",
        "organisation.hei_link", "organisation.training_hours_per_fte",
        "contact.supervision_hours_per_week"}) {
    factors += std::string("  parameters.") + path +
               ": {values: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]}\n";
  }
  dir.write("million.yaml", "scenario: " + kCentre + "\ndesign: grid\nfactors:\n" + factors +
                                "replicates: 16\nweeks: 156\n");
  require_refused(dir, {"sweep", "million.yaml", "-o", "out.h5", "--max-disk", "1G"},
                  {"1000000 points x 16 replicates", "more than 1.0 GB allowed"});
}

TEST_CASE("cli resources: a calibration whose simulations would not fit at once is refused",
          "[cli][resources]") {
  TempDir dir;
  const std::string calibration =
      "scenario: " + kCentre +
      "\npriors:\n  parameters.leaving.annual_rate: {dist: uniform, min: 0.05, max: 0.30}\n"
      "targets:\n  - {metric: leavers, from_week: 1, to_week: 52, value: 1, sd: 0.1}\n"
      "abc: {particles: 50, max_generations: 2, seed: 1}\n";
  // 2 simulations at once, each 5,000 replicates of 53 weeks: well over 100 MB.
  dir.write("many.yaml", calibration + "replicates: 5000\n");
  require_refused(
      dir, {"calibrate", "many.yaml", "-o", "out.h5", "--threads", "2", "--max-memory", "100M"},
      {"for 2 simulations at once, each", "series (5000 replicates x 53 weeks",
       "more than 100 MB allowed"});
  // The model alone is checked before one is built.
  write_huge_team(dir);
  std::string huge = calibration;
  huge.replace(huge.find(kCentre), kCentre.size(), "huge.yaml");
  dir.write("huge_calibration.yaml", huge);
  require_refused(dir,
                  {"calibrate", "huge_calibration.yaml", "-o", "out.h5", "--threads", "1",
                   "--max-memory", "32G"},
                  {"for 1 simulation at once", "square of team size"});
}

TEST_CASE("cli resources: a population of a million posts is refused within a smaller limit",
          "[cli][resources]") {
  TempDir dir;
  require_refused(dir,
                  {"population", "--survey", kSource + "/examples/survey_example.csv", "--posts",
                   "1000000", "-o", "out.yaml", "--max-memory", "1G"},
                  {"1000000 posts", "more than 1.0 GB allowed"});
  CHECK_FALSE(fs::exists(dir / "out.yaml"));
}
