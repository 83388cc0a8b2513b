// `wfsim sweep EXPERIMENT.yaml` through the real binary: the results file's
// layout (sim/sweep_h5.hpp), the designs, stopping (--max-points, SIGINT) and
// resuming to the very file an uninterrupted run writes, and the rejection of
// bad experiment files with file, line, column and key path (README.md, exit codes).
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "analysis/uncertainty.hpp"
#include "record/outcomes.hpp"
#include "tests/cli_harness.hpp"
#include "tests/h5_harness.hpp"
#include "tests/model_harness.hpp"

namespace fs = std::filesystem;
using namespace wfsim;
using Catch::Matchers::Contains;
using test::ChildProcess;
using test::H5File;
using test::ProcessResult;
using test::run_wfsim;
using test::TempDir;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
constexpr int kExitInterrupted = 130;

const std::string kBaseline = WFSIM_SOURCE_DIR "/scenarios/baseline.yaml";
const std::string kRate = "parameters.leaving.annual_rate";
const std::string kFill = "parameters.recruitment.mean_weeks_to_fill";

// A small Latin hypercube: 6 points x 2 replicates x 52 weeks of the baseline.
std::string small_experiment(int seed = 5) {
  return fmt::format(R"(scenario: {}
design: {{type: lhs, points: 6, seed: 3}}
factors:
  {}: {{min: 0.1, max: 0.2}}
  {}: {{min: 8, max: 20, integer: true}}
replicates: 2
weeks: 52
seed: {}
metrics: [burnout_mean, leavers, headcount]
)",
                     kBaseline, kRate, kFill, seed);
}

std::string describe_command(const std::vector<std::string>& args) {
  std::string command = "wfsim";
  for (const std::string& arg : args) command += " " + arg;
  return command;
}

// Runs wfsim in `dir` and requires the exit code.
ProcessResult sweep(const TempDir& dir, const std::vector<std::string>& args, int expected) {
  std::vector<std::string> all{"sweep"};
  all.insert(all.end(), args.begin(), args.end());
  const ProcessResult result = run_wfsim(all, {dir.path()}, std::chrono::seconds(600));
  INFO(describe_command(all) << "\n" << result.describe());
  REQUIRE(result.exit_code == expected);
  return result;
}

int count_done(const H5File& file) {
  const std::vector<double> done = file.doubles("design/done");
  return static_cast<int>(std::count(done.begin(), done.end(), 1.0));
}

// Every dataset and every root attribute of `other` equals `reference`'s
// (NaN equal to NaN): the same file, byte layout aside.
void require_same_file(const fs::path& reference, const fs::path& other) {
  const H5File a(reference), b(other);
  const std::vector<std::string> names = a.datasets();
  REQUIRE(b.datasets() == names);
  for (const std::string& name : names) {
    INFO("dataset " << name);
    CHECK(a.shape(name) == b.shape(name));
    if (a.is_string_dataset(name)) {
      CHECK(a.strings(name) == b.strings(name));
    } else {
      CHECK(test::same_values(a.doubles(name), b.doubles(name)));
    }
  }
  REQUIRE(a.attribute_names() == b.attribute_names());
  for (const std::string& name : a.attribute_names()) {
    INFO("attribute " << name);
    // How each file was made: the command (--resume, -o) and the threads differ.
    if (name == "command_line" || name == "threads") continue;
    CHECK(a.attribute_text(name) == b.attribute_text(name));
  }
}

// A partial sweep file: points marked done hold exactly the reference's
// values, the others NaN throughout.
void require_valid_partial(const fs::path& reference, const fs::path& partial) {
  const H5File ref(reference), file(partial);
  CHECK(file.int_attribute("complete") == 0);
  const std::vector<double> done = file.doubles("design/done");
  REQUIRE(done.size() == static_cast<std::size_t>(ref.int_attribute("points")));
  for (const std::string& name : ref.datasets()) {
    if (name.rfind("series/", 0) != 0 && name.rfind("outcomes/", 0) != 0) {
      if (name != "design/done") {
        INFO("dataset " << name);
        CHECK(test::same_values(ref.doubles(name), file.doubles(name)));
      }
      continue;
    }
    const std::vector<double> want = ref.doubles(name), got = file.doubles(name);
    REQUIRE(got.size() == want.size());
    const std::size_t per_point = want.size() / done.size();
    for (std::size_t p = 0; p < done.size(); ++p) {
      INFO("dataset " << name << ", point " << p << (done[p] == 1 ? " (done)" : " (not done)"));
      const auto begin = static_cast<std::ptrdiff_t>(p * per_point);
      const auto end = static_cast<std::ptrdiff_t>((p + 1) * per_point);
      const std::vector<double> slab(got.begin() + begin, got.begin() + end);
      if (done[p] == 1) {
        CHECK(
            test::same_values(slab, std::vector<double>(want.begin() + begin, want.begin() + end)));
      } else {
        CHECK(std::all_of(slab.begin(), slab.end(), [](double v) { return std::isnan(v); }));
      }
    }
  }
}

bool no_temporaries(const TempDir& dir) {
  const std::set<std::string> names = dir.entries();
  return std::none_of(names.begin(), names.end(), [](const std::string& name) {
    return name.find(".tmp-") != std::string::npos;
  });
}

}  // namespace

TEST_CASE("sweep: a Latin hypercube experiment writes the documented layout", "[sweep]") {
  const TempDir dir;
  const std::string text = small_experiment();
  dir.write("exp.yaml", text);
  const ProcessResult result =
      sweep(dir, {"exp.yaml", "-o", "full.h5", "--threads", "2", "--csv", "csv"}, kExitOk);
  CHECK_THAT(result.out, Contains("full.h5"));
  CHECK(dir.entries() == std::set<std::string>{"exp.yaml", "full.h5", "csv"});

  constexpr int kPoints = 6, kReplicates = 2, kWeeks = 52;
  const H5File file(dir / "full.h5");
  CHECK(file.string_attribute("kind") == "sweep");
  CHECK(file.string_attribute("experiment") == text);
  CHECK(file.string_attribute("design") == "lhs");
  CHECK(file.int_attribute("seed") == 5);
  // What every file kind carries: the scenario's name, the threads and the command.
  CHECK_FALSE(file.string_attribute("name").empty());
  CHECK(file.int_attribute("threads") == 2);
  CHECK_THAT(file.string_attribute("command_line"), Contains("sweep exp.yaml -o full.h5"));
  CHECK(file.int_attribute("replicates") == kReplicates);
  CHECK(file.int_attribute("weeks") == kWeeks);
  CHECK(file.int_attribute("points") == kPoints);
  CHECK(file.int_attribute("complete") == 1);
  CHECK_THAT(file.string_attribute("scenario"), Contains("weeks: 52"));
  for (const std::string attribute : {"wfsim_version", "git_sha"}) {
    INFO(attribute);
    CHECK(file.has_attribute(attribute));
  }

  // The design table.
  const std::vector<hsize_t> per_point{kPoints};
  REQUIRE(file.is_dataset("design/" + kRate));
  REQUIRE(file.is_dataset("design/" + kFill));
  CHECK(file.shape("design/" + kRate) == per_point);
  CHECK(file.shape("design/seed") == per_point);
  CHECK(file.shape("design/done") == per_point);
  // Common random numbers across points: one seed for all.
  CHECK(file.doubles("design/seed") == std::vector<double>(kPoints, 5));
  CHECK(file.doubles("design/done") == std::vector<double>(kPoints, 1));
  // A Latin hypercube: each sixth of [0.1, 0.2] holds exactly one point.
  const std::vector<double> rates = file.doubles("design/" + kRate);
  std::set<int> strata;
  for (double rate : rates) {
    INFO("rate " << rate);
    CHECK(rate >= 0.1);
    CHECK(rate < 0.2);
    strata.insert(static_cast<int>((rate - 0.1) / 0.1 * kPoints));
  }
  CHECK(strata == std::set<int>{0, 1, 2, 3, 4, 5});
  const std::vector<double> fills = file.doubles("design/" + kFill);
  for (double fill : fills) {
    INFO("weeks to fill " << fill);
    CHECK(fill == std::round(fill));  // integer: true
    CHECK(fill >= 8);
    CHECK(fill <= 20);
  }

  // Series [point, replicate, week] and outcomes [point, replicate], all finite.
  for (const std::string metric : {"burnout_mean", "leavers", "headcount"}) {
    INFO("series/" << metric);
    REQUIRE(file.is_dataset(std::string("series/") + metric));
    CHECK(file.shape(std::string("series/") + metric) ==
          std::vector<hsize_t>{kPoints, kReplicates, kWeeks + 1});
    const std::vector<double> values = file.doubles(std::string("series/") + metric);
    CHECK(std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); }));
  }
  CHECK_FALSE(file.exists("series/vacancies"));  // only the metrics asked for
  std::vector<std::string> outcomes = annual_outcome_names();
  outcomes.insert(outcomes.end(),
                  {"cost", "uptake/research_briefings", "uptake/reflective_case_discussion"});
  for (const std::string& name : outcomes) {
    INFO("outcomes/" << name);
    REQUIRE(file.is_dataset("outcomes/" + name));
    CHECK(file.shape("outcomes/" + name) == std::vector<hsize_t>{kPoints, kReplicates});
    const std::vector<double> values = file.doubles("outcomes/" + name);
    CHECK(std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); }));
  }

  // A point is the scenario with its factor values set, the sweep's seed,
  // replicates and weeks: rerun point 2 in process and compare bit for bit.
  constexpr std::size_t kPoint = 2;
  const Scenario scenario = load_scenario(
      kBaseline,
      {fmt::format("{}={:.17g}", kRate, rates[kPoint]),
       fmt::format("{}={:.0f}", kFill, fills[kPoint]), "replicates=2", "weeks=52", "seed=5"},
      model::schema());
  const SeriesTable series = test::run_scenario(scenario).series;
  const std::size_t values_per_point = kReplicates * (kWeeks + 1);
  for (const std::string metric : {"burnout_mean", "leavers", "headcount"}) {
    INFO("point " << kPoint << ", series/" << metric);
    const std::vector<double> stored = file.doubles(std::string("series/") + metric);
    const double* block = series.block(0, series.metric_index(metric));
    CHECK(test::same_values(std::vector<double>(stored.begin() + kPoint * values_per_point,
                                                stored.begin() + (kPoint + 1) * values_per_point),
                            std::vector<double>(block, block + values_per_point)));
  }
  for (const Outcome& o : annual_outcomes(series, 0, kWeeks)) {
    INFO("point " << kPoint << ", outcomes/" << o.name);
    REQUIRE(file.is_dataset("outcomes/" + o.name));
    const std::vector<double> stored = file.doubles("outcomes/" + o.name);
    CHECK(test::same_values(std::vector<double>(stored.begin() + kPoint * kReplicates,
                                                stored.begin() + (kPoint + 1) * kReplicates),
                            o.per_replicate));
  }

  // --csv: the design table and tidy series.
  const std::vector<std::string> design = test::read_lines(dir / "csv" / "design.csv");
  REQUIRE(design.size() == kPoints + 1);
  CHECK(design[0] == "point," + kRate + "," + kFill + ",seed");
  CHECK(design[3] == fmt::format("2,{:.17g},{:.17g},5", rates[2], fills[2]));
  const std::vector<std::string> tidy = test::read_lines(dir / "csv" / "series.csv");
  CHECK(tidy.size() == 1 + kPoints * kReplicates * (kWeeks + 1) * 3);
  REQUIRE_FALSE(tidy.empty());
  CHECK(tidy[0] == "point,replicate,week,metric,value");
}

TEST_CASE("sweep: --max-points stops early and --resume completes the same file", "[sweep]") {
  const TempDir dir;
  dir.write("exp.yaml", small_experiment());
  sweep(dir, {"exp.yaml", "-o", "reference.h5", "--threads", "2"}, kExitOk);

  const ProcessResult first =
      sweep(dir, {"exp.yaml", "-o", "part.h5", "--max-points", "2"}, kExitOk);
  CHECK_THAT(first.err, Contains("--resume"));
  CHECK_THAT(first.err, Contains("2 of 6"));
  {
    const H5File part(dir / "part.h5");
    CHECK(count_done(part) == 2);
    CHECK(part.doubles("design/done") == std::vector<double>{1, 1, 0, 0, 0, 0});
  }
  require_valid_partial(dir / "reference.h5", dir / "part.h5");

  const ProcessResult second =
      sweep(dir, {"exp.yaml", "-o", "part.h5", "--resume", "--max-points", "3"}, kExitOk);
  CHECK_THAT(second.err, Contains("2 of 6 points done"));
  {
    const H5File part(dir / "part.h5");
    CHECK(count_done(part) == 5);
  }
  require_valid_partial(dir / "reference.h5", dir / "part.h5");

  sweep(dir, {"exp.yaml", "-o", "part.h5", "--resume"}, kExitOk);
  require_same_file(dir / "reference.h5", dir / "part.h5");

  // Resuming a finished sweep runs nothing and changes nothing.
  const ProcessResult again = sweep(dir, {"exp.yaml", "-o", "part.h5", "--resume"}, kExitOk);
  CHECK_THAT(again.err, Contains("6 of 6 points done"));
  require_same_file(dir / "reference.h5", dir / "part.h5");
  CHECK(no_temporaries(dir));
}

TEST_CASE("sweep: SIGINT mid-run leaves a valid file that --resume completes", "[sweep]") {
  // 8 points x 2 replicates x 156 weeks, one point at a time on one thread:
  // ~0.8 s in Release (far longer under sanitizers), so a signal 0.3 s after
  // the handler is installed arrives mid-run. Should the sweep nevertheless
  // finish first, the file must simply be the complete one.
  const TempDir dir;
  const std::string text = fmt::format(R"(scenario: {}
design: {{type: lhs, points: 8, seed: 9}}
factors:
  {}: {{min: 0.1, max: 0.2}}
  parameters.working.nine_day_fortnight_share: {{min: 0, max: 0.5}}
replicates: 2
weeks: 156
seed: 21
metrics: [burnout_mean, leavers]
)",
                                       kBaseline, kRate);
  dir.write("long.yaml", text);
  sweep(dir, {"long.yaml", "-o", "reference.h5", "--threads", "2"}, kExitOk);

  ChildProcess child(
      WFSIM_EXE, {"sweep", "long.yaml", "-o", "cut.h5", "--threads", "1", "--points-at-once", "1"},
      {dir.path(), true});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!child.catches_signal(SIGINT)) {
    if (child.wait_for(std::chrono::milliseconds(5))) break;  // finished (or failed) already
    if (std::chrono::steady_clock::now() > deadline) {
      const ProcessResult stuck = child.wait(std::chrono::milliseconds(0));
      FAIL("wfsim sweep never installed a SIGINT handler\n" << stuck.describe());
    }
  }
  if (!child.wait_for(std::chrono::milliseconds(300))) child.send(SIGINT);
  const ProcessResult result = child.wait(std::chrono::seconds(300));
  INFO(result.describe());
  REQUIRE_FALSE(result.timed_out);
  REQUIRE((result.exit_code == kExitInterrupted || result.exit_code == kExitOk));
  CHECK(no_temporaries(dir));
  if (result.exit_code == kExitOk) {
    WARN("the sweep finished before SIGINT arrived: only the complete file is checked");
    require_same_file(dir / "reference.h5", dir / "cut.h5");
    return;
  }
  CHECK_THAT(result.err, Contains("interrupted"));
  CHECK_THAT(result.err, Contains("--resume"));
  int done = 0;
  {
    const H5File cut(dir / "cut.h5");
    done = count_done(cut);
  }
  WARN("SIGINT left " << done << " of 8 points done");
  CHECK(done < 8);
  require_valid_partial(dir / "reference.h5", dir / "cut.h5");

  const ProcessResult resumed = sweep(dir, {"long.yaml", "-o", "cut.h5", "--resume"}, kExitOk);
  CHECK_THAT(resumed.err, Contains(fmt::format("{} of 8 points done", done)));
  require_same_file(dir / "reference.h5", dir / "cut.h5");
}

TEST_CASE("sweep: --resume refuses a file this experiment did not write", "[sweep]") {
  const TempDir dir;
  dir.write("exp.yaml", small_experiment(5));
  dir.write("other.yaml", small_experiment(6));  // another seed: another experiment
  sweep(dir, {"exp.yaml", "-o", "sweep.h5", "--threads", "2"}, kExitOk);
  const ProcessResult run = run_wfsim(
      {"run", kBaseline, "--weeks", "2", "--replicates", "1", "-o", "run.h5"}, {dir.path()});
  REQUIRE(run.exit_code == kExitOk);
  dir.write("junk.h5", "not an HDF5 file\n");

  struct Case {
    std::vector<std::string> args;
    std::string file;
    std::string fragment;
  };
  const std::vector<Case> cases{
      {{"other.yaml", "--resume", "-o", "sweep.h5"}, "sweep.h5", "experiment"},
      {{"exp.yaml", "--resume", "-o", "run.h5"}, "run.h5", "not a sweep"},
      {{"exp.yaml", "--resume", "-o", "junk.h5"}, "junk.h5", "HDF5"},
  };
  fs::copy_file(dir / "run.h5", dir / "run_copy.h5");
  for (const Case& c : cases) {
    const std::string before = test::read_file(dir / c.file);
    const ProcessResult result = sweep(dir, c.args, kExitBadInput);
    INFO(describe_command(c.args) << "\n" << result.describe());
    CHECK_THAT(result.err, Contains(c.file));
    CHECK_THAT(result.err, Contains(c.fragment));
    if (c.file == "run.h5") {
      // Opened for writing before it was checked, HDF5 refreshes the cached
      // root-group entry of this older-format superblock (bytes 73-90); the
      // content must be intact.
      require_same_file(dir / "run_copy.h5", dir / "run.h5");
    } else {
      CHECK(test::read_file(dir / c.file) == before);  // untouched, byte for byte
    }
  }
  const ProcessResult missing =
      sweep(dir, {"exp.yaml", "--resume", "-o", "none.h5"}, kExitBadInput);
  CHECK_THAT(missing.err, Contains("none.h5"));
  CHECK_FALSE(fs::exists(dir / "none.h5"));
  CHECK(no_temporaries(dir));
}

namespace {

// "exp.yaml:LINE:COL: " of `value`, found inside the unique `context` of `text`.
std::string where(const std::string& text, const std::string& context, const std::string& value) {
  const auto start = text.find(context);
  INFO("context '" << context << "'");
  REQUIRE(start != std::string::npos);
  REQUIRE(text.find(context, start + 1) == std::string::npos);
  REQUIRE(context.find(value) != std::string::npos);
  const auto at = start + context.find(value);
  const auto line =
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  const auto line_start = text.rfind('\n', at);
  const auto column = line_start == std::string::npos ? at + 1 : at - line_start;
  return fmt::format("exp.yaml:{}:{}: ", line, column);
}

// The experiment must be rejected (exit 2) before anything is written, with
// every fragment in the message.
void require_rejected(const std::string& text, const std::vector<std::string>& fragments) {
  const TempDir dir;
  dir.write("exp.yaml", text);
  const ProcessResult result =
      run_wfsim({"sweep", "exp.yaml", "-o", "out.h5"}, {dir.path()}, std::chrono::seconds(120));
  INFO("experiment:\n" << text << "\n" << result.describe());
  CHECK(result.exit_code == kExitBadInput);
  for (const std::string& fragment : fragments) CHECK_THAT(result.err, Contains(fragment));
  CHECK(dir.entries() == std::set<std::string>{"exp.yaml"});  // no file, no results/ folder
}

const std::string kHead = "scenario: " + kBaseline + "\n";

}  // namespace

TEST_CASE("sweep: bad experiment files are rejected with file, line, column and key path",
          "[sweep]") {
  SECTION("an unknown key, with a suggestion") {
    const std::string text = kHead + "design: grid\nfactors:\n  " + kRate +
                             ": {values: [0.1, 0.2]}\n"
                             "replicate: 2\n";
    require_rejected(text, {where(text, "replicate: 2", "replicate"), "unknown key 'replicate'",
                            "did you mean 'replicates'"});
  }
  SECTION("an unknown key in a factor") {
    const std::string text = kHead + "design: {type: lhs, points: 4}\nfactors:\n  " + kRate +
                             ": {min: 0.1, maxx: 0.2}\n";
    require_rejected(text, {where(text, "maxx: 0.2", "maxx"), "factors." + kRate + ".maxx",
                            "did you mean 'max'"});
  }
  SECTION("a list of values with a Latin hypercube") {
    const std::string text =
        kHead + "design: {type: lhs, points: 4}\nfactors:\n  " + kRate + ": {values: [0.1, 0.2]}\n";
    require_rejected(text,
                     {where(text, "[0.1, 0.2]", "["), "factors." + kRate + ".values", "grid"});
  }
  SECTION("max below min") {
    const std::string text =
        kHead + "design: {type: lhs, points: 4}\nfactors:\n  " + kRate + ": {min: 0.2, max: 0.1}\n";
    require_rejected(
        text, {where(text, "max: 0.1", "0.1"), "factors." + kRate + ".max", "max is below min"});
  }
  SECTION("no factors key") {
    const std::string text = kHead + "design: {type: lhs, points: 4}\nreplicates: 2\n";
    require_rejected(text, {"exp.yaml:1:1: ", "factors", "missing"});
  }
  SECTION("an empty map of factors") {
    const std::string text = kHead + "design: {type: lhs, points: 4}\nfactors: {}\n";
    require_rejected(text, {where(text, "factors: {}", "{}"), "factors", "no factors"});
  }
  SECTION("a grid range without levels") {
    const std::string text =
        kHead + "design: grid\nfactors:\n  " + kRate + ": {min: 0.1, max: 0.2}\n";
    require_rejected(
        text, {where(text, "{min: 0.1, max: 0.2}", "{"), "factors." + kRate + ".levels", "levels"});
  }
  SECTION("levels with a Latin hypercube") {
    const std::string text = kHead + "design: {type: lhs, points: 4}\nfactors:\n  " + kRate +
                             ": {min: 0.1, max: 0.2, levels: 3}\n";
    require_rejected(text, {where(text, "levels: 3", "3"), "factors." + kRate + ".levels"});
  }
  SECTION("a Latin hypercube without points") {
    const std::string text =
        kHead + "design: lhs\nfactors:\n  " + kRate + ": {min: 0.1, max: 0.2}\n";
    require_rejected(text, {where(text, "design: lhs", "lhs"), "design", "points"});
  }
  SECTION("an unknown design, with a suggestion") {
    const std::string text = kHead + "design: grd\nfactors:\n  " + kRate + ": {values: [0.1]}\n";
    require_rejected(text, {where(text, "design: grd", "grd"), "design", "did you mean 'grid'"});
  }
  SECTION("a log scale over a range reaching zero") {
    const std::string text = kHead + "design: {type: lhs, points: 4}\nfactors:\n  " + kRate +
                             ": {min: 0, max: 0.2, scale: log}\n";
    require_rejected(text, {where(text, "min: 0,", "0"), "factors." + kRate + ".min", "log"});
  }
  SECTION("--replicates auto without a target") {
    const TempDir dir;
    dir.write("exp.yaml", small_experiment());
    const ProcessResult result =
        run_wfsim({"sweep", "exp.yaml", "-o", "out.h5", "--replicates", "auto"}, {dir.path()});
    INFO(result.describe());
    CHECK(result.exit_code == kExitBadInput);
    CHECK_THAT(result.err, Contains("--target-halfwidth"));
    CHECK(dir.entries() == std::set<std::string>{"exp.yaml"});
  }
}

TEST_CASE("sweep: an unknown metric is named at its line in the experiment file", "[sweep]") {
  // The metric's node is in the file, so its line and column apply too
  // (the message names the file, line, column and key path).
  const std::string text = kHead + "design: {type: lhs, points: 4}\nfactors:\n  " + kRate +
                           ": {min: 0.1, max: 0.2}\nmetrics: [burnout_mean, burnout_meen]\n";
  require_rejected(text, {where(text, "burnout_meen]", "burnout_meen"), "metrics.1",
                          "unknown metric 'burnout_meen'", "did you mean 'burnout_mean'"});
}

TEST_CASE("sweep: a factor the scenario rejects is named in the experiment file", "[sweep]") {
  // The user wrote the factor in the experiment, not a --set option: the
  // message must point there, at the factor's key, with the scenario's reason.
  SECTION("a key the scenario does not have") {
    const std::string text = kHead +
                             "design: {type: lhs, points: 4}\nfactors:\n"
                             "  parameters.leaving.annual_rte: {min: 0.1, max: 0.2}\n";
    require_rejected(text, {where(text, "parameters.leaving.annual_rte:", "parameters"),
                            "parameters.leaving.annual_rte", "did you mean 'annual_rate'"});
  }
  SECTION("a range the scenario does not allow") {
    const std::string text =
        kHead + "design: {type: lhs, points: 4}\nfactors:\n  " + kRate + ": {min: 0.1, max: 1.5}\n";
    require_rejected(text, {"exp.yaml:", kRate, "out of range"});
  }
}

TEST_CASE("sweep: a grid is the full factorial in order, the last factor fastest", "[sweep]") {
  // Factors in file order (deliberately not alphabetical): weeks to fill
  // {6, 12}, leaving rate 3 levels over [0.1, 0.2], referral multiplier 2
  // levels over [0.5, 2] on a log scale. Point i*6 + j*2 + k has levels (i, j, k).
  // Evenly spaced levels are min + (j / 2) (max - min): exact up to one
  // rounding, so 1e-15 relative.
  const TempDir dir;
  const std::string text = "scenario: " + kBaseline + R"(
design: grid
factors:
  parameters.recruitment.mean_weeks_to_fill: {values: [6, 12]}
  parameters.leaving.annual_rate: {min: 0.1, max: 0.2, levels: 3}
  parameters.demand.referral_multiplier: {min: 0.5, max: 2, levels: 2, scale: log}
replicates: 1
weeks: 2
metrics: [headcount]
)";
  dir.write("grid.yaml", text);
  // No -o and no output key: results/<experiment>.h5 under the current folder.
  sweep(dir, {"grid.yaml", "--threads", "2"}, kExitOk);
  REQUIRE(fs::exists(dir / "results" / "grid.h5"));
  const H5File file(dir / "results" / "grid.h5");
  CHECK(file.string_attribute("design") == "grid");
  REQUIRE(file.int_attribute("points") == 12);
  CHECK(file.shape("series/headcount") == std::vector<hsize_t>{12, 1, 3});
  const std::vector<double> fill = file.doubles("design/" + kFill);
  const std::vector<double> rate = file.doubles("design/" + kRate);
  const std::vector<double> referrals =
      file.doubles("design/parameters.demand.referral_multiplier");
  REQUIRE(fill.size() == 12);
  REQUIRE(rate.size() == 12);
  REQUIRE(referrals.size() == 12);
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 3; ++j) {
      for (int k = 0; k < 2; ++k) {
        const auto p = static_cast<std::size_t>(i * 6 + j * 2 + k);
        INFO("point " << p);
        CHECK(fill[p] == (i == 0 ? 6 : 12));
        CHECK(rate[p] == Approx(0.1 + 0.05 * j).epsilon(1e-15));
        CHECK(referrals[p] == Approx(k == 0 ? 0.5 : 2.0).epsilon(1e-15));
      }
    }
  }
  CHECK(file.doubles("design/done") == std::vector<double>(12, 1));
}

TEST_CASE("sweep: a Sobol design maps the first Sobol points onto the ranges", "[sweep]") {
  // The unscrambled Sobol sequence starts (0, 0), (0.5, 0.5), (0.75, 0.25),
  // (0.25, 0.75) (sim/designs.hpp; SciPy's qmc.Sobol(scramble=False)); each
  // coordinate u maps to min + u (max - min), exact in binary for these u.
  const TempDir dir;
  const std::string text = "scenario: " + kBaseline + R"(
design: {type: sobol, points: 4}
factors:
  parameters.leaving.annual_rate: {min: 0.1, max: 0.3}
  parameters.recruitment.mean_weeks_to_fill: {min: 4, max: 12}
replicates: 1
weeks: 1
metrics: [headcount]
)";
  dir.write("sobol.yaml", text);
  sweep(dir, {"sobol.yaml", "-o", "sobol.h5", "--threads", "2"}, kExitOk);
  const H5File file(dir / "sobol.h5");
  CHECK(file.string_attribute("design") == "sobol");
  const std::vector<double> rate = file.doubles("design/" + kRate);
  const std::vector<double> fill = file.doubles("design/" + kFill);
  const std::vector<std::pair<double, double>> unit{{0, 0}, {0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75}};
  REQUIRE(rate.size() == unit.size());
  REQUIRE(fill.size() == unit.size());
  for (std::size_t p = 0; p < unit.size(); ++p) {
    INFO("point " << p);
    CHECK(rate[p] == Approx(0.1 + unit[p].first * 0.2).epsilon(1e-15));
    CHECK(fill[p] == Approx(4 + unit[p].second * 8).epsilon(1e-15));
  }
}

TEST_CASE("sweep --uncertainty: replicate r of every point runs with parameter draw r",
          "[sweep][uncertainty]") {
  const TempDir dir;
  dir.write("exp.yaml", small_experiment());
  const std::string flexibility = "parameters.burnout.crossover";
  dir.write("p.yaml", "priors:\n  " + flexibility + ": {dist: uniform, min: 0.05, max: 0.15}\n");
  const ProcessResult result = sweep(
      dir, {"exp.yaml", "-o", "u.h5", "--uncertainty", "p.yaml", "--max-points", "3"}, kExitOk);
  const H5File file(dir / "u.h5");
  CHECK(file.string_attribute("uncertainty") == "p.yaml");
  const std::vector<double> draws = file.doubles("uncertainty/draws/" + flexibility);
  REQUIRE(draws.size() == 2);  // one per replicate, shared by every point
  const UncertaintySource source = load_uncertainty(dir / "p.yaml");
  const std::vector<double> rates = file.doubles("design/" + kRate);
  const std::vector<double> fills = file.doubles("design/" + kFill);
  constexpr std::size_t kPoint = 1, kColumns = 53;
  const std::vector<double> stored = file.doubles("series/burnout_mean");
  for (int r = 0; r < 2; ++r) {
    const double value = draw_parameters(source, 5, r)[0];
    CHECK(draws[static_cast<std::size_t>(r)] == value);
    // The point's scenario at that draw, replicate r: bit for bit.
    const Scenario scenario =
        load_scenario(kBaseline,
                      {fmt::format("{}={:.17g}", kRate, rates[kPoint]),
                       fmt::format("{}={:.0f}", kFill, fills[kPoint]), "replicates=2", "weeks=52",
                       "seed=5", fmt::format("{}={:.17g}", flexibility, value)},
                      model::schema());
    const SeriesTable series = test::run_scenario(scenario).series;
    for (std::size_t week = 0; week < kColumns; ++week) {
      INFO("replicate " << r << ", week " << week);
      CHECK(stored[(kPoint * 2 + static_cast<std::size_t>(r)) * kColumns + week] ==
            series.at(0, series.metric_index("burnout_mean"), r, static_cast<int>(week)));
    }
  }
  // Resuming with other uncertainty files, or none, is refused.
  const ProcessResult other = sweep(dir, {"exp.yaml", "-o", "u.h5", "--resume"}, kExitBadInput);
  CHECK_THAT(other.err, Contains("other --uncertainty files"));
  // A factor that is also drawn would be overridden by the draw: refused.
  dir.write("clash.yaml", "priors:\n  " + kRate + ": {dist: uniform, min: 0.1, max: 0.2}\n");
  const ProcessResult clash =
      sweep(dir, {"exp.yaml", "-o", "c.h5", "--uncertainty", "clash.yaml"}, kExitBadInput);
  CHECK_THAT(clash.err, Contains("this factor also has a prior in clash.yaml"));
  CHECK_FALSE(std::filesystem::exists(dir / "c.h5"));
  // A drawn value the scenario rejects is named at its prior, before any run.
  dir.write("range.yaml", "priors:\n  " + flexibility + ": {dist: uniform, min: -2, max: -1}\n");
  const ProcessResult range =
      sweep(dir, {"exp.yaml", "-o", "r.h5", "--uncertainty", "range.yaml"}, kExitBadInput);
  CHECK_THAT(range.err,
             Contains("range.yaml:2:3: priors." + flexibility + ": the scenario rejects -1.") &&
                 Contains("is out of range"));
  CHECK_FALSE(std::filesystem::exists(dir / "r.h5"));
}
