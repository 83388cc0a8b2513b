// Sensitivity analysis: the estimators (sim/sensitivity.hpp) on functions
// whose indices are known analytically, the designs' properties, and
// `wfsim sensitivity EXPERIMENT.yaml` through the real binary: the results
// file's layout and the rejection of bad experiment files.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <numbers>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/designs.hpp"
#include "analysis/sensitivity.hpp"
#include "models/model.hpp"
#include "record/ensemble.hpp"
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

constexpr double kPi = std::numbers::pi;
constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
constexpr int kExitInterrupted = 130;

// Ishigami & Homma (1990): f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on
// [-pi, pi]^3, with a = 7, b = 0.1 as in Saltelli et al. (2008).
constexpr double kA = 7.0;
constexpr double kB = 0.1;

double ishigami(const std::vector<double>& unit) {
  const double x1 = -kPi + 2 * kPi * unit[0];
  const double x2 = -kPi + 2 * kPi * unit[1];
  const double x3 = -kPi + 2 * kPi * unit[2];
  return std::sin(x1) + kA * std::sin(x2) * std::sin(x2) + kB * std::pow(x3, 4) * std::sin(x1);
}

std::vector<double> evaluate(const std::vector<std::vector<double>>& points,
                             double (*model)(const std::vector<double>&)) {
  std::vector<double> outputs;
  for (const std::vector<double>& point : points) outputs.push_back(model(point));
  return outputs;
}

// The analytic partial variances (Sobol & Levitan 1999): V1 from x1 alone,
// V2 from x2, none from x3 alone, and V13 from the x1-x3 interaction.
struct IshigamiTruth {
  double first[3];
  double total[3];
};

IshigamiTruth ishigami_truth() {
  const double pi4 = std::pow(kPi, 4), pi8 = std::pow(kPi, 8);
  const double v1 = 0.5 * std::pow(1 + kB * pi4 / 5, 2);
  const double v2 = kA * kA / 8;
  const double v13 = 8 * kB * kB * pi8 / 225;
  const double v = v1 + v2 + v13;
  return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

// The bootstrap standard error, read back from a 95 % percentile interval.
double standard_error(double low, double high) {
  return (high - low) / (2 * 1.959964);
}

}  // namespace

TEST_CASE("sensitivity: the analytic Ishigami indices are the published ones", "[sensitivity]") {
  const IshigamiTruth truth = ishigami_truth();
  CHECK(truth.first[0] == Approx(0.3139).margin(5e-5));
  CHECK(truth.first[1] == Approx(0.4424).margin(5e-5));
  CHECK(truth.total[0] == Approx(0.5576).margin(5e-5));
  CHECK(truth.total[1] == Approx(0.4424).margin(5e-5));
  CHECK(truth.total[2] == Approx(0.2437).margin(5e-5));
}

TEST_CASE("sensitivity: Sobol indices of the Ishigami function match the analytic values",
          "[sensitivity]") {
  // N = 2^13 samples, 40,960 evaluations. Measured with this design, the
  // largest error of the six estimates is 0.012 at N = 2^10, 0.016 at 2^11
  // and 0.002 at 2^12 and 2^13. The bootstrap standard errors (0.005-0.015
  // here) treat the quasi-random samples as random ones and so overstate the
  // error; 4 of them is a safe bound that still catches a wrong estimator.
  constexpr int kSamples = 1 << 13;
  const auto outputs = evaluate(saltelli_design(kSamples, 3), ishigami);
  const std::vector<SobolIndex> indices = sobol_indices(outputs, kSamples, 3, 1000, 7);
  const IshigamiTruth truth = ishigami_truth();
  REQUIRE(indices.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    const SobolIndex& index = indices[i];
    CAPTURE(i, index.first, truth.first[i], index.total, truth.total[i]);
    const double first_se = standard_error(index.first_low, index.first_high);
    const double total_se = standard_error(index.total_low, index.total_high);
    CAPTURE(first_se, total_se);
    CHECK(first_se < 0.02);
    CHECK(total_se < 0.02);
    CHECK(std::abs(index.first - truth.first[i]) < 4 * first_se);
    CHECK(std::abs(index.total - truth.total[i]) < 4 * total_se);
    CHECK(index.first_low <= truth.first[i]);
    CHECK(truth.first[i] <= index.first_high);
    CHECK(index.total_low <= truth.total[i]);
    CHECK(truth.total[i] <= index.total_high);
  }
  // x3 acts only through its interaction with x1: no first-order share, a
  // clear total one.
  CHECK(indices[2].total > 0.2);
}

TEST_CASE("sensitivity: Sobol intervals are reproducible and depend on the seed", "[sensitivity]") {
  constexpr int kSamples = 256;
  const auto outputs = evaluate(saltelli_design(kSamples, 3), ishigami);
  const std::vector<SobolIndex> a = sobol_indices(outputs, kSamples, 3, 200, 11);
  const std::vector<SobolIndex> b = sobol_indices(outputs, kSamples, 3, 200, 11);
  const std::vector<SobolIndex> c = sobol_indices(outputs, kSamples, 3, 200, 12);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(a[i].first_low == b[i].first_low);
    CHECK(a[i].total_high == b[i].total_high);
    CHECK(a[i].first == c[i].first);  // the point estimate does not resample
    CHECK(a[i].first_low != c[i].first_low);
  }
}

TEST_CASE("sensitivity: Sobol indices leave out samples with non-finite outputs", "[sensitivity]") {
  constexpr int kSamples = 64;
  const auto design = saltelli_design(kSamples, 2);
  // An additive function: S1 = ST = the share of each term's variance, 1/5 and 4/5.
  std::vector<double> outputs;
  for (const auto& x : design) outputs.push_back(x[0] + 2 * x[1]);
  const std::vector<SobolIndex> clean = sobol_indices(outputs, kSamples, 2, 100, 1);
  CHECK(clean[0].first == Approx(0.2).margin(0.03));
  CHECK(clean[1].total == Approx(0.8).margin(0.03));
  // Spoiling sample 5 in one block drops that sample from every block.
  std::vector<double> spoiled = outputs;
  spoiled[3 * kSamples + 5] = std::nan("");
  const std::vector<SobolIndex> dropped = sobol_indices(spoiled, kSamples, 2, 100, 1);
  CHECK(std::isfinite(dropped[0].first));
  CHECK(dropped[0].first != clean[0].first);
  // A constant output has no variance to share out.
  const std::vector<SobolIndex> flat =
      sobol_indices(std::vector<double>(outputs.size(), 3.0), kSamples, 2, 100, 1);
  CHECK(std::isnan(flat[0].first));
  CHECK(std::isnan(flat[1].total_high));
  CHECK_THROWS_AS(sobol_indices(outputs, kSamples + 1, 2, 100, 1), std::invalid_argument);
  CHECK_THROWS_AS(sobol_indices(outputs, kSamples, 2, 0, 1), std::invalid_argument);
}

TEST_CASE("sensitivity: Saltelli matrices A_B^(i) are A with column i from B", "[sensitivity]") {
  constexpr int kSamples = 32;
  constexpr int kFactors = 4;
  const auto rows = saltelli_design(kSamples, kFactors);
  const auto sobol = sobol_points(kSamples, 2 * kFactors, kSamples);
  REQUIRE(rows.size() == static_cast<std::size_t>(kSamples * (kFactors + 2)));
  for (std::size_t j = 0; j < kSamples; ++j) {
    const std::vector<double>& a = rows[j];
    const std::vector<double>& b = rows[kSamples + j];
    REQUIRE(a.size() == static_cast<std::size_t>(kFactors));
    for (std::size_t c = 0; c < kFactors; ++c) {
      CHECK(a[c] == sobol[j][c]);
      CHECK(b[c] == sobol[j][kFactors + c]);
    }
    for (std::size_t i = 0; i < kFactors; ++i) {
      const std::vector<double>& ab = rows[(2 + i) * kSamples + j];
      for (std::size_t c = 0; c < kFactors; ++c) CHECK(ab[c] == (c == i ? b[c] : a[c]));
    }
  }
  CHECK_THROWS_AS(saltelli_design(0, 2), std::invalid_argument);
  CHECK_THROWS_AS(saltelli_design(8, kSobolMaxDimensions / 2 + 1), std::invalid_argument);
}

TEST_CASE("sensitivity: Morris trajectories move one factor at a time by delta on the grid",
          "[sensitivity]") {
  for (const int levels : {2, 4, 6, 10}) {
    constexpr int kFactors = 5, kTrajectories = 40;
    const MorrisDesign design = morris_design(kFactors, kTrajectories, levels, 3);
    CAPTURE(levels);
    const double delta = levels / (2.0 * (levels - 1));
    CHECK(design.delta == delta);
    REQUIRE(design.points.size() == static_cast<std::size_t>(kTrajectories * (kFactors + 1)));
    std::set<int> directions;
    for (int t = 0; t < kTrajectories; ++t) {
      std::vector<int> moves(kFactors, 0);
      for (int k = 0; k <= kFactors; ++k) {
        const std::vector<double>& point =
            design.points[static_cast<std::size_t>(t * (kFactors + 1) + k)];
        for (const double x : point) {
          const double level = x * (levels - 1);
          CHECK(x >= 0.0);
          CHECK(x <= 1.0);
          CHECK(level == Approx(std::round(level)).margin(1e-12));
        }
        if (k == 0) continue;
        const std::vector<double>& previous =
            design.points[static_cast<std::size_t>(t * (kFactors + 1) + k - 1)];
        int changed = 0;
        for (std::size_t j = 0; j < kFactors; ++j) {
          if (point[j] == previous[j]) continue;
          ++changed;
          ++moves[j];
          CHECK(std::abs(point[j] - previous[j]) == Approx(delta).epsilon(1e-12));
          directions.insert(point[j] > previous[j] ? 1 : -1);
        }
        CHECK(changed == 1);
      }
      CHECK(std::all_of(moves.begin(), moves.end(), [](int m) { return m == 1; }));
    }
    CHECK(directions == std::set<int>{-1, 1});
  }
  // Reproducible from the seed, and a different seed gives another design.
  CHECK(morris_design(3, 4, 4, 9).points == morris_design(3, 4, 4, 9).points);
  CHECK(morris_design(3, 4, 4, 9).points != morris_design(3, 4, 4, 10).points);
  CHECK_THROWS_AS(morris_design(3, 4, 5, 1), std::invalid_argument);
  CHECK_THROWS_AS(morris_design(0, 4, 4, 1), std::invalid_argument);
  CHECK_THROWS_AS(morris_design(3, 0, 4, 1), std::invalid_argument);
}

TEST_CASE("sensitivity: Morris effects of a linear function are its coefficients x range",
          "[sensitivity]") {
  // f = sum c_i x_i with x_i = low_i + u_i (high_i - low_i): every effect of
  // factor i is exactly c_i (high_i - low_i), so sigma is 0.
  const std::vector<double> c{2.0, -3.0, 0.5, 0.0};
  const std::vector<double> low{0.0, 10.0, -1.0, 5.0}, high{1.0, 12.0, 3.0, 6.0};
  const MorrisDesign design = morris_design(4, 12, 4, 21);
  std::vector<double> outputs;
  for (const std::vector<double>& u : design.points) {
    double y = 0.0;
    for (std::size_t i = 0; i < c.size(); ++i) y += c[i] * (low[i] + u[i] * (high[i] - low[i]));
    outputs.push_back(y);
  }
  const std::vector<MorrisIndex> indices = morris_indices(design, outputs);
  REQUIRE(indices.size() == c.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    CAPTURE(i);
    const double effect = c[i] * (high[i] - low[i]);
    CHECK(indices[i].mu == Approx(effect).margin(1e-9));
    CHECK(indices[i].mu_star == Approx(std::abs(effect)).margin(1e-9));
    CHECK(indices[i].sigma == Approx(0.0).margin(1e-9));
    CHECK(indices[i].effects == 12);
  }
}

TEST_CASE("sensitivity: Morris on the Ishigami function gives the expected effects",
          "[sensitivity]") {
  // On the 4-level grid {-pi, -pi/3, pi/3, pi} with steps of 2/3 of the
  // range, the absolute effects take known values (docs/sensitivity.md):
  //   x2: always 7 x 3/4 / (2/3) = 7.875 (sin^2 goes between 0 and 3/4);
  //   x1: (sqrt(3)/2) / (2/3) x (1 + 0.1 x3^4): 13.95 or 1.455, as |x3| is
  //       pi or pi/3 (each half the time), so E mu* = 7.704;
  //   x3: 0.1 x (pi^4 - (pi/3)^4) x |sin x1| / (2/3): 12.50 or 0, as |sin x1|
  //       is sqrt(3)/2 or 0, so E mu* = 6.249.
  // So x2 >~ x1 > x3, with x1 and x2 within 2 %; the two-valued effects of x1
  // and x3 have a standard deviation of 6.249, so with r trajectories their
  // mu* lies within 4 x 6.249 / sqrt(r) of the expectation.
  constexpr int kTrajectories = 2000;
  const MorrisDesign design = morris_design(3, kTrajectories, 4, 5);
  const std::vector<MorrisIndex> indices =
      morris_indices(design, evaluate(design.points, ishigami));
  const double tolerance = 4 * 6.249 / std::sqrt(kTrajectories);
  CHECK(indices[1].mu_star == Approx(7.875).margin(1e-9));
  CHECK(indices[0].mu_star == Approx(7.704).margin(tolerance));
  CHECK(indices[2].mu_star == Approx(6.249).margin(tolerance));
  CHECK(indices[2].mu_star < indices[0].mu_star);
  CHECK(indices[2].mu_star < indices[1].mu_star);
  // x3's effects change sign with sin x1 (its interaction with x1): mean near
  // zero, large spread.
  CHECK(std::abs(indices[2].mu) < tolerance);
  CHECK(indices[2].sigma > 5.0);
}

TEST_CASE("sensitivity: morris_indices checks its inputs", "[sensitivity]") {
  MorrisDesign design = morris_design(2, 3, 4, 1);
  const std::vector<double> outputs(design.points.size(), 1.0);
  CHECK_THROWS_AS(morris_indices(design, std::vector<double>(outputs.size() - 1)),
                  std::invalid_argument);
  design.points[1] = design.points[0];  // a step that moves nothing
  CHECK_THROWS_AS(morris_indices(design, outputs), std::invalid_argument);
  // A non-finite output drops the (up to two) effects it enters.
  const MorrisDesign clean = morris_design(2, 3, 4, 1);
  std::vector<double> spoiled(clean.points.size(), 1.0);
  spoiled[1] = std::nan("");
  int effects = 0;
  for (const MorrisIndex& index : morris_indices(clean, spoiled)) effects += index.effects;
  CHECK(effects == 3 * 2 - 2);
}

namespace {

const std::string kBaseline = WFSIM_SOURCE_DIR "/scenarios/baseline.yaml";
const std::string kRate = "parameters.leaving.annual_rate";
const std::string kDemand = "parameters.burnout.demand_effect";

// A tiny experiment on the baseline: two factors, 2 replicates x 20 weeks.
std::string tiny_experiment(const std::string& method) {
  return fmt::format(R"(scenario: {}
method: {}
factors:
  {}: {{min: 0.08, max: 0.16}}
  {}: {{min: 10, max: 20}}
outputs: [turnover, burnout_mean]
morris: {{trajectories: 3, levels: 4, seed: 2}}
sobol: {{samples: 4, bootstrap: 100, seed: 3}}
replicates: 2
weeks: 20
seed: 17
)",
                     kBaseline, method, kRate, kDemand);
}

// `text` with its first `from` replaced by `to`.
std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

ProcessResult sensitivity(const TempDir& dir, const std::vector<std::string>& args, int expected) {
  std::vector<std::string> all{"sensitivity"};
  all.insert(all.end(), args.begin(), args.end());
  const ProcessResult result = run_wfsim(all, {dir.path()}, std::chrono::seconds(300));
  INFO(result.describe());
  REQUIRE(result.exit_code == expected);
  return result;
}

// The annual outcome `name` of each replicate of one evaluation, run in
// process with the same overrides.
std::vector<double> direct_outcome(const std::vector<std::string>& overrides,
                                   const std::string& name) {
  const Scenario scenario = load_scenario(kBaseline, overrides, model::schema());
  const EnsembleResult result = test::run_scenario(scenario);
  for (const Outcome& outcome : annual_outcomes(result.series, 0, scenario.weeks)) {
    if (outcome.name == name) return outcome.per_replicate;
  }
  FAIL("no outcome " << name);
  return {};
}

}  // namespace

TEST_CASE("sensitivity: a Morris run writes the documented layout", "[sensitivity]") {
  const TempDir dir;
  dir.write("exp.yaml", tiny_experiment("morris"));
  const ProcessResult result =
      sensitivity(dir, {"exp.yaml", "-o", "m.h5", "--threads", "2"}, kExitOk);
  CHECK_THAT(result.out, Contains("Morris screening: 2 factors x 3 trajectories"));
  CHECK_THAT(result.out,
             Contains("turnover (leavers / FTE, annual), changes in percentage points"));
  CHECK(dir.entries() == std::set<std::string>{"exp.yaml", "m.h5"});  // no temporary left

  const H5File file(dir / "m.h5");
  CHECK(file.string_attribute("kind") == "sensitivity");
  CHECK(file.string_attribute("method") == "morris");
  CHECK(file.string_attribute("experiment") == tiny_experiment("morris"));
  CHECK_FALSE(file.string_attribute("name").empty());
  CHECK(file.int_attribute("threads") == 2);
  CHECK_THAT(file.string_attribute("command_line"), Contains("sensitivity exp.yaml -o m.h5"));
  CHECK(file.int_attribute("complete") == 1);
  CHECK(file.int_attribute("seed") == 17);
  CHECK(file.int_attribute("replicates") == 2);
  CHECK(file.int_attribute("weeks") == 20);
  CHECK(file.int_attribute("evaluations") == 9);
  CHECK(file.int_attribute("trajectories") == 3);
  CHECK(file.int_attribute("levels") == 4);
  CHECK(file.int_attribute("design_seed") == 2);
  CHECK(file.has_attribute("wfsim_version"));
  CHECK_THAT(file.string_attribute("scenario"), Contains("weeks: 20"));

  CHECK(file.strings("factors/name") == std::vector<std::string>{kRate, kDemand});
  CHECK(file.doubles("factors/min") == std::vector<double>{0.08, 10});
  CHECK(file.doubles("factors/max") == std::vector<double>{0.16, 20});
  CHECK(file.shape("design/unit") == std::vector<hsize_t>{9, 2});
  CHECK(file.shape("design/values") == std::vector<hsize_t>{9, 2});
  const std::vector<double> unit = file.doubles("design/unit");
  const std::vector<double> values = file.doubles("design/values");
  const MorrisDesign design = morris_design(2, 3, 4, 2);
  for (std::size_t k = 0; k < 9; ++k) {
    CHECK(unit[2 * k] == design.points[k][0]);
    CHECK(values[2 * k] == Approx(0.08 + unit[2 * k] * 0.08));
    CHECK(values[2 * k + 1] == Approx(10 + unit[2 * k + 1] * 10));
  }
  for (const std::string output : {"turnover", "burnout_mean"}) {
    INFO(output);
    CHECK(file.shape("outputs/" + output) == std::vector<hsize_t>{9});
    CHECK(file.shape("outputs_by_replicate/" + output) == std::vector<hsize_t>{9, 2});
    const std::vector<double> means = file.doubles("outputs/" + output);
    const std::vector<double> each = file.doubles("outputs_by_replicate/" + output);
    for (std::size_t k = 0; k < 9; ++k)
      CHECK(means[k] == Approx((each[2 * k] + each[2 * k + 1]) / 2));
    // The indices are those of the estimator on the stored outputs.
    const std::vector<MorrisIndex> expected = morris_indices(design, means);
    const std::vector<double> mu_star = file.doubles("indices/" + output + "/mu_star");
    const std::vector<double> mu = file.doubles("indices/" + output + "/mu");
    const std::vector<double> sigma = file.doubles("indices/" + output + "/sigma");
    const std::vector<double> effects = file.doubles("indices/" + output + "/effects");
    for (std::size_t f = 0; f < 2; ++f) {
      CHECK(mu_star[f] == expected[f].mu_star);
      CHECK(mu[f] == expected[f].mu);
      CHECK(sigma[f] == expected[f].sigma);
      CHECK(effects[f] == 3);
    }
  }
  // The leaving rate drives turnover far more than the burnout demand effect.
  const std::vector<double> turnover_mu_star = file.doubles("indices/turnover/mu_star");
  CHECK(turnover_mu_star[0] > turnover_mu_star[1]);

  // Each evaluation is the ensemble of the scenario with the factors set,
  // the experiment's seed, replicates and weeks: common random numbers.
  const std::vector<std::string> overrides{fmt::format("{}={:.17g}", kRate, values[8]),
                                           fmt::format("{}={:.17g}", kDemand, values[9]),
                                           "replicates=2", "weeks=20", "seed=17"};
  const std::vector<double> direct = direct_outcome(overrides, "turnover");
  const std::vector<double> stored = file.doubles("outputs_by_replicate/turnover");
  CHECK(direct == std::vector<double>{stored[8], stored[9]});

  // The thread count changes nothing.
  sensitivity(dir, {"exp.yaml", "-o", "one.h5", "--threads", "1"}, kExitOk);
  const H5File one(dir / "one.h5");
  for (const std::string name : {"outputs_by_replicate/turnover", "indices/burnout_mean/sigma"})
    CHECK(test::same_values(one.doubles(name), file.doubles(name)));
}

TEST_CASE("sensitivity: a Sobol run writes indices with intervals, CSV and JSON agree",
          "[sensitivity]") {
  const TempDir dir;
  dir.write("exp.yaml", tiny_experiment("sobol"));
  const ProcessResult table = sensitivity(dir, {"exp.yaml", "-o", "s.h5"}, kExitOk);
  CHECK_THAT(table.out, Contains("Sobol indices: 2 factors, 4 samples (16 evaluations)"));
  const H5File file(dir / "s.h5");
  CHECK(file.string_attribute("method") == "sobol");
  CHECK(file.int_attribute("evaluations") == 16);
  CHECK(file.int_attribute("samples") == 4);
  CHECK(file.int_attribute("bootstrap") == 100);
  CHECK(file.int_attribute("bootstrap_seed") == 3);
  const auto rows = saltelli_design(4, 2);
  const std::vector<double> unit = file.doubles("design/unit");
  for (std::size_t k = 0; k < rows.size(); ++k) CHECK(unit[2 * k + 1] == rows[k][1]);
  const std::vector<double> means = file.doubles("outputs/turnover");
  const std::vector<SobolIndex> expected = sobol_indices(means, 4, 2, 100, 3);
  for (const std::string field : {"S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"})
    CHECK(file.shape("indices/turnover/" + field) == std::vector<hsize_t>{2});
  CHECK(file.doubles("indices/turnover/ST")[0] == expected[0].total);
  CHECK(file.doubles("indices/turnover/S1_low")[1] == expected[1].first_low);

  const ProcessResult csv =
      sensitivity(dir, {"exp.yaml", "-o", "s.h5", "--format", "csv", "--force"}, kExitOk);
  CHECK(csv.out.rfind("output,rank,factor,ST,ST_low,ST_high,S1,S1_low,S1_high\n", 0) == 0);
  CHECK_THAT(csv.out, Contains(fmt::format("turnover,1,{},{:.17g},", kRate, expected[0].total)));
  const ProcessResult json =
      sensitivity(dir, {"exp.yaml", "-o", "s.h5", "--format", "json", "--force"}, kExitOk);
  CHECK_THAT(json.out, Contains("\"method\": \"sobol\""));
  CHECK_THAT(json.out, Contains("\"factor\": \"" + kRate + "\""));
}

TEST_CASE("sensitivity: SIGINT mid-run writes a valid file marked incomplete, without indices",
          "[sensitivity]") {
  // 300 evaluations x 2 replicates x 52 weeks on one thread: several seconds
  // in Release, so a signal 0.3 s after the handler is installed arrives
  // mid-run. Should the run nevertheless finish first, the file must be complete.
  const TempDir dir;
  dir.write("long.yaml",
            replace(replace(tiny_experiment("morris"), "trajectories: 3", "trajectories: 100"),
                    "weeks: 20", "weeks: 52"));
  ChildProcess child(WFSIM_EXE, {"sensitivity", "long.yaml", "-o", "cut.h5", "--threads", "1"},
                     {dir.path(), true});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!child.catches_signal(SIGINT)) {
    if (child.wait_for(std::chrono::milliseconds(5))) break;  // finished (or failed) already
    if (std::chrono::steady_clock::now() > deadline) {
      const ProcessResult stuck = child.wait(std::chrono::milliseconds(0));
      FAIL("wfsim sensitivity never installed a SIGINT handler\n" << stuck.describe());
    }
  }
  if (!child.wait_for(std::chrono::milliseconds(300))) child.send(SIGINT);
  const ProcessResult result = child.wait(std::chrono::seconds(300));
  INFO(result.describe());
  REQUIRE_FALSE(result.timed_out);
  REQUIRE((result.exit_code == kExitInterrupted || result.exit_code == kExitOk));
  CHECK(dir.entries() == std::set<std::string>{"long.yaml", "cut.h5"});  // no temporary left
  const H5File file(dir / "cut.h5");
  if (result.exit_code == kExitOk) {
    WARN("the run finished before SIGINT arrived: only the complete file is checked");
    CHECK(file.int_attribute("complete") == 1);
    return;
  }
  CHECK_THAT(result.err, Contains("interrupted"));
  CHECK(file.int_attribute("complete") == 0);
  CHECK(file.shape("design/unit") == std::vector<hsize_t>{300, 2});
  CHECK_FALSE(file.exists("indices"));
  // Finished evaluations have their outputs, the others NaN.
  const std::vector<double> means = file.doubles("outputs/turnover");
  const auto finished =
      std::count_if(means.begin(), means.end(), [](double v) { return std::isfinite(v); });
  WARN("SIGINT left " << finished << " of 300 evaluations finished");
  CHECK(finished < 300);
}

namespace {

// "exp.yaml:LINE:COL: " of `value`, found inside the unique `context` of `text`.
std::string where(const std::string& text, const std::string& context, const std::string& value) {
  const auto start = text.find(context);
  INFO("context '" << context << "'");
  REQUIRE(start != std::string::npos);
  REQUIRE(text.find(context, start + 1) == std::string::npos);
  const auto at = start + context.find(value);
  const auto line =
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  const auto line_start = text.rfind('\n', at);
  const auto column = line_start == std::string::npos ? at + 1 : at - line_start;
  return fmt::format("exp.yaml:{}:{}: ", line, column);
}

// The experiment must be rejected (exit 2) before anything is written.
void require_rejected(const std::string& text, const std::vector<std::string>& fragments) {
  const TempDir dir;
  dir.write("exp.yaml", text);
  const ProcessResult result = run_wfsim({"sensitivity", "exp.yaml", "-o", "out.h5"}, {dir.path()},
                                         std::chrono::seconds(120));
  INFO("experiment:\n" << text << "\n" << result.describe());
  CHECK(result.exit_code == kExitBadInput);
  for (const std::string& fragment : fragments) CHECK_THAT(result.err, Contains(fragment));
  CHECK(dir.entries() == std::set<std::string>{"exp.yaml"});
}

}  // namespace

TEST_CASE("sensitivity: bad experiment files are rejected with file, line, column and key path",
          "[sensitivity]") {
  const std::string good = tiny_experiment("morris");
  SECTION("an unknown key, with a suggestion") {
    const std::string text = replace(good, "replicates: 2", "replicate: 2");
    require_rejected(text, {where(text, "replicate: 2", "replicate"), "unknown key 'replicate'",
                            "did you mean 'replicates'"});
  }
  SECTION("an unknown method") {
    const std::string text = replace(good, "method: morris", "method: moris");
    require_rejected(text, {where(text, "method: moris", "moris"), "method: unknown value 'moris'",
                            "did you mean 'morris'"});
  }
  SECTION("an odd number of Morris levels") {
    const std::string text = replace(good, "levels: 4", "levels: 5");
    require_rejected(text, {where(text, "levels: 5", "5"), "morris.levels", "even"});
  }
  SECTION("Sobol samples that are not a power of two") {
    const std::string text = replace(good, "samples: 4", "samples: 6");
    require_rejected(text, {where(text, "samples: 6", "6"), "sobol.samples", "try 4 or 8"});
  }
  SECTION("a range with max below min") {
    const std::string text = replace(good, "{min: 10, max: 20}", "{min: 10, max: 5}");
    require_rejected(text,
                     {where(text, "max: 5", "5"), "factors." + kDemand + ".max", "above min"});
  }
  SECTION("an unknown outcome, with a suggestion") {
    const std::string text = replace(good, "[turnover, burnout_mean]", "[turnover, burnout_maen]");
    require_rejected(text, {where(text, "burnout_maen", "burnout_maen"), "outputs.1",
                            "did you mean 'burnout_mean'"});
  }
  SECTION("an uptake outcome of an evidence item the scenario lacks") {
    const std::string text = replace(good, "[turnover, burnout_mean]", "[uptake/nothing]");
    require_rejected(text, {"exp.yaml: outputs.0: the scenario has no outcome 'uptake/nothing'"});
  }
  SECTION("a factor that is not a scenario key") {
    const std::string text = replace(good, kRate, "parameters.leaving.anual_rate");
    require_rejected(text, {where(text, "parameters.leaving.anual_rate", "parameters"),
                            "factors.parameters.leaving.anual_rate", "did you mean 'annual_rate'"});
  }
  SECTION("a range beyond what the scenario allows") {
    const std::string text = replace(good, "{min: 0.08, max: 0.16}", "{min: 0.08, max: 1.6}");
    require_rejected(text, {where(text, kRate, "parameters"), "factors." + kRate, "out of range"});
  }
  SECTION("a factor every evaluation must share") {
    const std::string text =
        replace(good, kDemand + ": {min: 10, max: 20}", "weeks: {min: 10, max: 20}");
    require_rejected(text,
                     {where(text, "weeks: {min", "weeks"), "factors.weeks", "cannot be a factor"});
  }
  SECTION("no outputs") {
    const std::string text = replace(good, "outputs: [turnover, burnout_mean]\n", "");
    require_rejected(text, {"exp.yaml:1:1: ", "outputs", "missing"});
  }
}
