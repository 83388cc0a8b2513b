// Parameter uncertainty in comparisons (`compare --uncertainty FILE`,
// analysis/uncertainty.hpp): draws keyed by pair and parameter, posteriors
// drawn by weight, pair r run as replicate r of each arm at draw r; the
// what-flips screen; refused option mixes; and a comparison rebuilt bit for
// bit from its results file alone.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/calibration_h5.hpp"
#include "analysis/comparison.hpp"
#include "analysis/uncertainty.hpp"
#include "models/model.hpp"
#include "record/ensemble.hpp"
#include "tests/cli_harness.hpp"
#include "tests/h5_harness.hpp"
#include "tests/model_harness.hpp"

using namespace wfsim;
using Catch::Matchers::Contains;
using test::ProcessResult;
using test::run_wfsim;
using test::TempDir;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
const std::string kBaseline = WFSIM_SOURCE_DIR "/scenarios/baseline.yaml";
const std::string kAgileFlexitime = WFSIM_SOURCE_DIR "/scenarios/council_agile_flexitime.yaml";
const std::string kFlexibility = "parameters.resources.flexibility_bonus";

std::string priors(const std::vector<std::string>& entries) {
  std::string text = "priors:\n";
  for (const std::string& entry : entries) text += "  " + entry + "\n";
  return text;
}

}  // namespace

TEST_CASE("uncertainty: draws are keyed by pair and by parameter path", "[uncertainty]") {
  const TempDir dir;
  const UncertaintySource two = load_uncertainty(dir.write(
      "two.yaml", priors({kFlexibility + ": {dist: uniform, min: 0, max: 0.4}",
                          "parameters.burnout.crossover: {dist: normal, mean: 0.1, sd: 0.01}"})));
  const UncertaintySource three = load_uncertainty(dir.write(
      "three.yaml",
      priors({"parameters.burnout.buffering: {dist: uniform, min: 0.25, max: 0.75, source: x}",
              kFlexibility + ": {dist: uniform, min: 0, max: 0.4}",
              "parameters.burnout.crossover: {dist: normal, mean: 0.1, sd: 0.01}"})));
  REQUIRE(two.kind == "priors");
  REQUIRE(three.parameters.size() == 3);
  double sum = 0.0;
  constexpr int kPairs = 2000;
  for (int pair = 0; pair < kPairs; ++pair) {
    const std::vector<double> a = draw_parameters(two, 7, pair);
    const std::vector<double> b = draw_parameters(three, 7, pair);
    // Adding a parameter leaves the others' draws as they were.
    REQUIRE(a[0] == b[1]);
    REQUIRE(a[1] == b[2]);
    REQUIRE(a == draw_parameters(two, 7, pair));  // reproducible
    sum += a[0];
  }
  // Uniform(0, 0.4): mean 0.2, sd 0.4 / sqrt(12) = 0.1155; the mean of 2000
  // draws has SE 0.1155 / sqrt(2000) = 0.00258; 4 SE = 0.0103.
  CHECK(sum / kPairs == Approx(0.2).margin(0.0103));
  CHECK(draw_parameters(two, 8, 0) != draw_parameters(two, 7, 0));
  CHECK(parameter_overrides(two, {0.25, 0.1})[0] == kFlexibility + "=0.25");
}

TEST_CASE("uncertainty: a calibration posterior is drawn particle by weight", "[uncertainty]") {
  const TempDir dir;
  CalibrationRecord record;
  record.calibration_text = "x";
  record.scenario_yaml = "name: x\n";
  record.parameters = {kFlexibility, "parameters.burnout.crossover"};
  record.prior_descriptions = {"uniform(0, 0.4)", "uniform(0, 0.2)"};
  Generation generation;
  generation.theta = {{0.1, 0.01}, {0.2, 0.02}, {0.3, 0.03}};
  generation.weight = {0.25, 0.0, 0.75};
  generation.distance = {1, 1, 1};
  generation.tolerance = 2;
  record.generations = {generation};
  record.seconds = {1};
  record.particles = 3;
  const auto path = dir / "posterior.h5";
  write_calibration_h5(path, record, {});
  const UncertaintySource source = load_uncertainty(path);
  REQUIRE(source.kind == "posterior");
  REQUIRE(source.parameters.size() == 2);
  CHECK(source.parameters[0].path == kFlexibility);
  constexpr int kPairs = 4000;
  int third = 0;
  for (int pair = 0; pair < kPairs; ++pair) {
    const std::vector<double> draw = draw_parameters(source, 3, pair);
    REQUIRE(draw != generation.theta[1]);  // weight 0: never drawn
    REQUIRE((draw == generation.theta[0] || draw == generation.theta[2]));
    third += draw == generation.theta[2];
  }
  // Binomial share 0.75 over 4000 draws: SE sqrt(0.75 x 0.25 / 4000) =
  // 0.00685; 4 SE = 0.0274.
  CHECK(third / static_cast<double>(kPairs) == Approx(0.75).margin(0.0274));
  // Not a calibration file, or a priors file with a mistake: located errors.
  CHECK_THROWS_WITH(load_uncertainty(dir.write("x.txt", "")), Contains("not a priors file"));
  CHECK_THROWS_WITH(load_uncertainty(dir.write(
                        "bad.yaml", priors({kFlexibility + ": {dist: uniform, min: 1, max: 0}"}))),
                    Contains("max must exceed min"));
}

TEST_CASE("compare --uncertainty: pair r is replicate r of each arm at draw r", "[uncertainty]") {
  const TempDir dir;
  const auto priors_file =
      dir.write("p.yaml", priors({kFlexibility + ": {dist: uniform, min: 0, max: 0.4}"}));
  const std::string out = (dir / "u.h5").string();
  const ProcessResult result =
      run_wfsim({"compare", kBaseline, kAgileFlexitime, "--replicates", "3", "--weeks", "8",
                 "--seed", "5", "--uncertainty", priors_file.string(), "--willingness-to-pay",
                 "leavers_avoided=20000", "-o", out},
                {}, std::chrono::seconds(300));
  INFO(result.describe());
  REQUIRE(result.exit_code == kExitOk);
  CHECK_THAT(result.out, Contains("parameter uncertainty: a draw per pair of 1 parameters from"));
  CHECK_THAT(result.out, Contains("the central 95% of the pairs' own b - a"));
  CHECK_THAT(result.out, Contains("net monetary benefit"));
  const test::H5File file(out);
  CHECK(file.attribute_text("interval") == "pairs");
  CHECK(file.attribute_text("uncertainty") == priors_file.string());
  const std::vector<double> draws = file.doubles("uncertainty/draws/" + kFlexibility);
  REQUIRE(draws.size() == 3);
  const UncertaintySource source = load_uncertainty(priors_file);
  for (int pair = 0; pair < 3; ++pair) {
    const double value = draw_parameters(source, 5, pair)[0];
    CHECK(draws[static_cast<std::size_t>(pair)] == value);
    // Both arms of the pair: the scenario at that value, replicate `pair`.
    for (const auto& [arm, scenario] :
         {std::pair{"a", kBaseline}, std::pair{"b", kAgileFlexitime}}) {
      const EnsembleResult alone = test::run_scenario(load_scenario(
          scenario,
          {"weeks=8", "seed=5", "replicates=3", fmt::format("{}={:.17g}", kFlexibility, value)},
          model::schema()));
      const std::vector<double> in_file = file.doubles(std::string(arm) + "/series/burnout_mean");
      for (int week = 0; week <= 8; ++week) {
        INFO("arm " << arm << ", pair " << pair << ", week " << week);
        CHECK(in_file[static_cast<std::size_t>(pair * 9 + week)] ==
              alone.series.at(0, alone.series.metric_index("burnout_mean"), pair, week));
      }
    }
  }
  CHECK(file.is_dataset("cost_effectiveness/net_benefit"));
  CHECK(file.shape("cost_effectiveness/acceptability")[1] == acceptability_grid().size());
}

TEST_CASE("compare --what-flips: each end of a range is a comparison at that value",
          "[uncertainty]") {
  const TempDir dir;
  const auto priors_file = dir.write(
      "p.yaml", priors({kFlexibility + ": {dist: uniform, min: 0, max: 0.4}",
                        "parameters.burnout.crossover: {dist: uniform, min: 0.05, max: 0.15}"}));
  const std::vector<std::string> common{"compare", kBaseline, kAgileFlexitime, "--replicates", "2",
                                        "--weeks", "8",       "--format",      "json"};
  std::vector<std::string> screen_args = common;
  screen_args.insert(screen_args.end(), {"--uncertainty", priors_file.string(), "--what-flips"});
  const ProcessResult screen = run_wfsim(screen_args, {}, std::chrono::seconds(300));
  INFO(screen.describe());
  REQUIRE(screen.exit_code == kExitOk);
  const nlohmann::json document = nlohmann::json::parse(screen.out);
  REQUIRE(!document["what_flips"].empty());
  const nlohmann::json* burnout = nullptr;
  for (const nlohmann::json& s : document["what_flips"])
    if (s["metric"] == "burnout_mean") burnout = &s;
  REQUIRE(burnout != nullptr);
  REQUIRE((*burnout)["parameters"].size() == 2);
  for (const nlohmann::json& row : (*burnout)["parameters"]) {
    if (row["parameter"] != kFlexibility) continue;
    CHECK(row["low_value"] == 0.0);
    CHECK(row["high_value"] == 0.4);
    std::vector<std::string> at_low = common;
    at_low.insert(at_low.end(), {"--set", kFlexibility + "=0"});
    const ProcessResult plain = run_wfsim(at_low, {}, std::chrono::seconds(300));
    REQUIRE(plain.exit_code == kExitOk);
    // Parsed into a variable: a range-for over a temporary's member would
    // read the temporary after it is destroyed.
    const nlohmann::json rows = nlohmann::json::parse(plain.out)["rows"];
    for (const nlohmann::json& r : rows)
      if (r["metric"] == "burnout_mean" && r["week"] == 8)
        CHECK(r["difference"].get<double>() == row["difference_at_low"].get<double>());
  }
}

TEST_CASE("compare --uncertainty: option mixes without a meaning are refused", "[uncertainty]") {
  const TempDir dir;
  const std::string good =
      dir.write("p.yaml", priors({kFlexibility + ": {dist: uniform, min: 0, max: 0.4}"})).string();
  const std::string bad = dir.write("bad.yaml", "priors:\n  x: {dist: uniform, min: 0}\n").string();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--what-flips"}, "--what-flips: needs --uncertainty FILE"},
      {{"--uncertainty", good, "--replicates=auto", "--target-halfwidth", "0.1"},
       "not available with --uncertainty"},
      {{"--uncertainty", good, "--interval", "bootstrap"}, "the central 95% of the pairs"},
      {{"--uncertainty", bad}, "bad.yaml:2"},
      {{"--uncertainty", good, "--willingness-to-pay", "leavers=5"},
       "did you mean 'leavers_avoided'"},
      {{"--willingness-to-pay", "leavers_avoided=-5"}, "at least 0"},
      {{"--uncertainty", (dir / "missing.h5").string()}, "no such file"},
      {{"--uncertainty", good, "--uncertainty", good}, "already has a prior in"},
  };
  for (const auto& [extra, message] : cases) {
    std::vector<std::string> args{"compare", kBaseline, kAgileFlexitime, "--weeks", "4"};
    args.insert(args.end(), extra.begin(), extra.end());
    if (std::find(args.begin(), args.end(), "--replicates=auto") == args.end())
      args.insert(args.end(), {"--replicates", "2"});
    const ProcessResult result = run_wfsim(args);
    INFO(result.describe());
    CHECK(result.exit_code == kExitBadInput);
    CHECK_THAT(result.err, Contains(message));
    CHECK(result.out.empty());
  }
}

TEST_CASE("compare --uncertainty: a value the scenario rejects is named at its prior",
          "[uncertainty]") {
  const TempDir dir;
  // Line 3 of each file: the second prior.
  dir.write("key.yaml", priors({kFlexibility + ": {dist: uniform, min: 0, max: 0.4}",
                                "parameters.no_such_thing: {dist: uniform, min: 0, max: 1}"}));
  dir.write("range.yaml",
            priors({kFlexibility + ": {dist: uniform, min: 0, max: 0.4}",
                    "parameters.burnout.crossover: {dist: uniform, min: -2, max: -1}"}));
  // The two draws stay within 0 to 1 (P(above 1) = 3 % each), but the
  // screen's high end, the 97.5th percentile exp(-3 + 1.96 * 1.6) = 1.15,
  // does not.
  dir.write("end.yaml", priors({kFlexibility + ": {dist: uniform, min: 0, max: 0.4}",
                                "parameters.burnout.crossover: {dist: lognormal, meanlog: -3, "
                                "sdlog: 1.6}"}));
  const std::vector<std::tuple<std::vector<std::string>, std::string, std::string>> cases{
      {{"--uncertainty", "key.yaml"},
       "key.yaml:3:3: priors.parameters.no_such_thing:",
       "unknown key 'no_such_thing'"},
      {{"--uncertainty", "range.yaml"},
       "range.yaml:3:3: priors.parameters.burnout.crossover:",
       "is out of range"},
      {{"--uncertainty", "end.yaml", "--what-flips"},
       "end.yaml:3:3: priors.parameters.burnout.crossover: at the high end of its screening "
       "range (--what-flips), the scenario rejects",
       "is out of range"},
  };
  for (const auto& [extra, place, problem] : cases) {
    std::vector<std::string> args{
        "compare", kBaseline, kAgileFlexitime, "--weeks", "4", "--replicates", "2", "-o", "out.h5"};
    args.insert(args.end(), extra.begin(), extra.end());
    const ProcessResult result = run_wfsim(args, {dir.path()});
    INFO(result.describe());
    CHECK(result.exit_code == kExitBadInput);
    CHECK_THAT(result.err, Contains(place) && Contains(problem));
    CHECK_FALSE(std::filesystem::exists(dir / "out.h5"));
  }
}

TEST_CASE("compare: a bootstrap comparison is rebuilt bit for bit from its file alone",
          "[uncertainty]") {
  // Everything that changes the table is stored: the arms' series, the
  // interval method, resamples, horizons and seed.
  const TempDir dir;
  const std::string out = (dir / "c.h5").string();
  const ProcessResult result =
      run_wfsim({"compare", kBaseline, kAgileFlexitime, "--replicates", "5", "--weeks", "30",
                 "--horizons", "20,30", "--interval", "bootstrap", "--resamples", "500", "-o", out},
                {}, std::chrono::seconds(300));
  INFO(result.describe());
  REQUIRE(result.exit_code == kExitOk);
  const test::H5File file(out);
  CHECK_THAT(file.string_attribute("command_line"), Contains("--resamples 500"));
  const auto read_arm = [&](const std::string& arm) {
    std::vector<std::string> metrics;
    for (const std::string& path : file.datasets())
      if (path.rfind(arm + "/series/", 0) == 0) metrics.push_back(path.substr(arm.size() + 8));
    const int replicates = static_cast<int>(file.int_attribute("replicates"));
    const int weeks = static_cast<int>(file.int_attribute("weeks"));
    SeriesTable table({""}, metrics, replicates, weeks);
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      const std::vector<double> values = file.doubles(arm + "/series/" + metrics[m]);
      for (int r = 0; r < replicates; ++r)
        for (int w = 0; w <= weeks; ++w)
          table.at(0, m, r, w) = values[static_cast<std::size_t>(r * (weeks + 1) + w)];
    }
    return table;
  };
  ComparisonSettings settings;
  std::stringstream horizons(file.string_attribute("horizons"));
  for (std::string week; std::getline(horizons, week, ',');)
    settings.horizons.push_back(std::stoi(week));
  REQUIRE(file.string_attribute("interval") == "bootstrap");
  settings.interval.method = IntervalMethod::bootstrap;
  settings.interval.resamples = static_cast<int>(file.int_attribute("resamples"));
  settings.interval.seed = static_cast<std::uint64_t>(file.int_attribute("seed"));
  const Comparison rebuilt = compare_arms(read_arm("a"), read_arm("b"), {}, settings);
  // Rows matched by outcome and week (the file lists series alphabetically).
  const std::vector<std::string> metric = file.strings("comparison/metric");
  const std::vector<double> week = file.doubles("comparison/week");
  REQUIRE(metric.size() == rebuilt.rows.size());
  for (const char* column : {"difference", "ci_low", "ci_high", "probability_better"}) {
    const std::vector<double> stored = file.doubles(std::string("comparison/") + column);
    for (const ComparisonRow& row : rebuilt.rows) {
      const double value = std::string(column) == "difference" ? row.difference
                           : std::string(column) == "ci_low"   ? row.low
                           : std::string(column) == "ci_high"  ? row.high
                                                               : row.probability_better;
      for (std::size_t i = 0; i < metric.size(); ++i) {
        if (metric[i] != row.metric || week[i] != row.week) continue;
        INFO(column << " of " << row.metric << " at week " << row.week);
        CHECK(test::same_values({stored[i]}, {value}));
      }
    }
  }
  std::vector<double> cost_low;
  for (const CostEffectiveness& ce : rebuilt.cost_effectiveness) cost_low.push_back(ce.cost.low);
  CHECK(test::same_values(file.doubles("cost_effectiveness/extra_cost_low"), cost_low));
}
