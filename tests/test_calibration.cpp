// Calibration: the priors, the ABC-SMC sampler on a problem with a known
// posterior, and parameter recovery through `wfsim calibrate` on the model.
#include <fmt/format.h>
#include <hdf5.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <numeric>

#include "analysis/abc.hpp"
#include "analysis/priors.hpp"
#include "record/ensemble.hpp"
#include "tests/cli_harness.hpp"
#include "tests/h5_harness.hpp"
#include "tests/model_harness.hpp"

using namespace wfsim;
using wfsim::test::ChildProcess;
using wfsim::test::ProcessResult;
using wfsim::test::TempDir;

namespace {

// Toy model: n = 25 observations y ~ N(theta, 1) summarised by their mean,
// observed at 1.0. A simulated mean is theta + N(0, 0.2^2); the distance is
// |mean - 1| / 0.2. With a flat prior the exact posterior is N(1, 0.2^2).
constexpr double kObserved = 1.0;
constexpr double kSigma = 0.2;

std::vector<double> toy_distances(const std::vector<Proposal>& proposals) {
  std::vector<double> d;
  for (const Proposal& p : proposals) {
    RandomStream noise({p.simulation_seed, 0, 0, 0, Purpose{"toy"}});
    d.push_back(std::abs(p.theta[0] + kSigma * noise.normal() - kObserved) / kSigma);
  }
  return d;
}

std::vector<Generation> run_toy(int batch) {
  AbcSettings settings;
  settings.particles = 400;
  settings.max_generations = 7;
  settings.seed = 99;
  settings.batch = batch;
  const AbcSmc abc({Prior{PriorKind::uniform, 0, 0, -5.0, 5.0}}, settings);
  std::vector<Generation> generations{abc.first(toy_distances)};
  while (!abc.finished(generations.back()))
    generations.push_back(abc.next(generations.back(), toy_distances));
  return generations;
}

}  // namespace

TEST_CASE("priors: densities are normalised and samples have the stated moments", "[calibration]") {
  const std::vector<Prior> priors{{PriorKind::uniform, 0, 0, 2.0, 5.0},
                                  {PriorKind::normal, 3.0, 0.5, 0, 0},
                                  {PriorKind::lognormal, 0.2, 0.4, 0, 0},
                                  {PriorKind::beta, 2.0, 5.0, 10.0, 20.0},
                                  {PriorKind::beta, 0.5, 0.5, 0.0, 1.0}};
  for (const Prior& prior : priors) {
    INFO(prior_kind_names()[static_cast<std::size_t>(prior.kind)] << "(" << prior.first << ", "
                                                                  << prior.second << ")");
    // Midpoint rule over mean +/- 12 sd (clipped to the support): the
    // integral is 1 to within the rule's error, below 1e-3 for these smooth
    // densities on 200,000 cells (beta(0.5, 0.5)'s integrable end
    // singularities cost it most, ~1e-3; hence the bound).
    const double low = std::max(prior.mean() - 12 * prior.sd(),
                                prior.kind == PriorKind::normal ? -1e300 : prior.min);
    const double high = prior.kind == PriorKind::uniform || prior.kind == PriorKind::beta
                            ? prior.max
                            : prior.mean() + 12 * prior.sd();
    const int cells = 200000;
    double integral = 0.0;
    for (int i = 0; i < cells; ++i)
      integral += prior.density(low + (i + 0.5) * (high - low) / cells) * (high - low) / cells;
    CHECK(integral == Approx(1.0).margin(3e-3));

    // Sample mean within 4 standard errors (sd / sqrt(n)) of the mean.
    const int n = 20000;
    double sum = 0.0;
    for (int i = 0; i < n; ++i) {
      RandomStream stream({7, 0, 0, static_cast<std::uint32_t>(i), Purpose{"prior test"}});
      sum += prior.sample(stream);
    }
    CHECK(std::abs(sum / n - prior.mean()) < 4 * prior.sd() / std::sqrt(n));
  }
}

TEST_CASE("ABC-SMC recovers a known posterior", "[calibration]") {
  const std::vector<Generation> generations = run_toy(64);
  const Generation& last = generations.back();
  REQUIRE(last.theta.size() == 400);
  for (std::size_t g = 1; g < generations.size(); ++g)
    CHECK(generations[g].tolerance < generations[g - 1].tolerance);  // tolerances shrink

  // The ABC posterior with tolerance h (in units of sigma) is the exact one
  // convolved with a uniform on [-h sigma, h sigma]: sd = sigma sqrt(1 + h^2 / 3).
  const auto [mean, sd] = AbcSmc::weighted_moments(last, 0);
  const double expected_sd = kSigma * std::sqrt(1 + last.tolerance * last.tolerance / 3);
  INFO("posterior mean " << mean << ", sd " << sd << " (expected " << expected_sd << "), tolerance "
                         << last.tolerance << ", ESS " << last.effective_sample_size);
  // Monte Carlo error of a weighted mean: sd / sqrt(ESS); allow 4 of them.
  CHECK(std::abs(mean - kObserved) < 4 * expected_sd / std::sqrt(last.effective_sample_size));
  // ... and of an sd: about sd / sqrt(2 ESS); allow 4 of them.
  CHECK(std::abs(sd - expected_sd) < 4 * expected_sd / std::sqrt(2 * last.effective_sample_size));
  CHECK(last.effective_sample_size > 100);
}

TEST_CASE("ABC-SMC depends only on its seed, not on the batch size", "[calibration]") {
  const std::vector<Generation> a = run_toy(64);
  const std::vector<Generation> b = run_toy(7);
  REQUIRE(a.size() == b.size());
  for (std::size_t g = 0; g < a.size(); ++g) {
    CHECK(a[g].theta == b[g].theta);
    CHECK(a[g].weight == b[g].weight);
    CHECK(a[g].tolerance == b[g].tolerance);
  }
}

namespace {

// A small council (72 posts) so that thousands of simulations stay quick.
constexpr const char* kRecoveryScenario = R"(name: recovery
seed: 5
weeks: 78
replicates: 1
organisations:
  - id: la_small
    sector: local_authority
    teams:
      - {id: assessment, function: assessment, size: 12}
      - {id: cp_1, function: child_protection, size: 12}
      - {id: cp_2, function: child_protection, size: 12}
      - {id: care_1, function: children_in_care, size: 12}
      - {id: care_2, function: children_in_care, size: 12}
      - {id: support, function: family_support, size: 12}
)";

struct TrueParameter {
  const char* path;
  double value;
  double prior_min;
  double prior_max;
};

constexpr TrueParameter kTruth[] = {
    {"parameters.leaving.annual_rate", 0.18, 0.05, 0.40},
    {"parameters.recruitment.mean_weeks_to_fill", 30.0, 5.0, 100.0},
    {"parameters.burnout.set_point_mean", 48.0, 30.0, 70.0},
};

constexpr const char* kTargetMetrics[] = {"leavers", "vacancies", "burnout_mean"};
constexpr int kFrom = 27, kTo = 78;

std::vector<double> read_column(hid_t file, const std::string& name) {
  const hid_t dataset = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  REQUIRE(dataset >= 0);
  const hid_t space = H5Dget_space(dataset);
  std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  H5Sclose(space);
  H5Dclose(dataset);
  return values;
}

double weighted_quantile(const std::vector<double>& x, const std::vector<double>& w, double p) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  double cumulative = 0.0;
  for (std::size_t i : order) {
    cumulative += w[i];
    if (cumulative >= p) return x[i];
  }
  return x[order.back()];
}

// The targets: each metric's window mean at the true parameters, with the sd
// of that statistic between single simulations as its uncertainty (so the
// targets are as noisy as one simulation, the ABC's own unit).
std::string calibration_yaml(const std::string& scenario_path) {
  std::vector<std::string> overrides;
  for (const TrueParameter& p : kTruth) overrides.push_back(fmt::format("{}={}", p.path, p.value));
  overrides.push_back("replicates=40");
  const Scenario truth = test::scenario_from_yaml(kRecoveryScenario, overrides);
  const EnsembleResult run = test::run_scenario(truth);
  std::string yaml = "scenario: " + scenario_path + "\npriors:\n";
  for (const TrueParameter& p : kTruth)
    yaml += fmt::format("  {}: {{dist: uniform, min: {}, max: {}}}\n", p.path, p.prior_min,
                        p.prior_max);
  yaml += "targets:\n";
  for (const char* metric : kTargetMetrics) {
    std::vector<double> per_replicate;
    for (int r = 0; r < run.series.replicates(); ++r) {
      double sum = 0.0;
      for (int w = kFrom; w <= kTo; ++w)
        sum += run.series.at(0, run.series.metric_index(metric), r, w);
      per_replicate.push_back(sum / (kTo - kFrom + 1));
    }
    const double mean =
        std::accumulate(per_replicate.begin(), per_replicate.end(), 0.0) / per_replicate.size();
    double squares = 0.0;
    for (double v : per_replicate) squares += (v - mean) * (v - mean);
    const double sd = std::sqrt(squares / (per_replicate.size() - 1));
    yaml +=
        fmt::format("  - {{metric: {}, from_week: {}, to_week: {}, value: {:.17g}, sd: {:.17g}}}\n",
                    metric, kFrom, kTo, mean, sd);
  }
  yaml += "abc: {particles: 150, max_generations: 5, seed: 17}\npredictive_draws: 30\n";
  return yaml;
}

}  // namespace

TEST_CASE("wfsim calibrate recovers three parameters from simulated targets",
          "[calibration][cli]") {
  const TempDir dir;
  const auto scenario = dir.write("scenario.yaml", kRecoveryScenario);
  const auto calibration = dir.write("calibration.yaml", calibration_yaml(scenario.string()));
  const ProcessResult result =
      test::run_wfsim({"calibrate", calibration.string(), "-o", (dir / "posterior.h5").string()},
                      {dir.path(), true}, std::chrono::minutes(10));
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);

  const hid_t file = H5Fopen((dir / "posterior.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  const std::vector<double> weight = read_column(file, "/posterior/weight");
  CHECK(std::accumulate(weight.begin(), weight.end(), 0.0) == Approx(1.0));
  for (const TrueParameter& p : kTruth) {
    const std::vector<double> x = read_column(file, std::string("/posterior/") + p.path);
    REQUIRE(x.size() == weight.size());
    const double low = weighted_quantile(x, weight, 0.05);
    const double high = weighted_quantile(x, weight, 0.95);
    double mean = 0.0, squares = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) mean += weight[i] * x[i];
    for (std::size_t i = 0; i < x.size(); ++i) squares += weight[i] * (x[i] - mean) * (x[i] - mean);
    const double prior_sd = (p.prior_max - p.prior_min) / std::sqrt(12.0);
    INFO(p.path << ": truth " << p.value << ", 90% credible [" << low << ", " << high
                << "], posterior sd " << std::sqrt(squares) << " vs prior sd " << prior_sd);
    CHECK(low <= p.value);
    CHECK(p.value <= high);
    // The data were informative: the posterior is narrower than the prior
    // (the issue's criterion). How much narrower depends on how strongly the
    // targets identify each parameter: burnout's set point and the leaving
    // rate much more than the time to fill, which acts through vacancies
    // only, with a 72-post council's noise.
    CHECK(std::sqrt(squares) < prior_sd);
  }
  H5Fclose(file);
}

namespace {

std::string small_calibration(const std::string& scenario_path) {
  return "scenario: " + scenario_path +
         "\npriors:\n  parameters.leaving.annual_rate: {dist: uniform, min: 0.05, max: 0.4}\n"
         "  parameters.burnout.set_point_mean: {dist: normal, mean: 50, sd: 8}\n"
         "targets:\n  - {metric: burnout_mean, from_week: 27, to_week: 52, value: 47, sd: 1.5}\n"
         "  - {metric: leavers, from_week: 1, to_week: 52, value: 0.25, sd: 0.08}\n"
         "abc: {particles: 60, max_generations: 4, seed: 4}\npredictive_draws: 10\n";
}

std::vector<std::string> posterior_datasets() {
  return {"/posterior/parameters.leaving.annual_rate",
          "/posterior/parameters.burnout.set_point_mean",
          "/posterior/weight",
          "/posterior/distance",
          "/diagnostics/tolerance",
          "/diagnostics/simulations",
          "/predictive/simulated_mean"};
}

}  // namespace

TEST_CASE("an interrupted calibration resumes to the uninterrupted result", "[calibration][cli]") {
  const TempDir dir;
  const auto scenario = dir.write("scenario.yaml", kRecoveryScenario);
  const auto calibration = dir.write("calibration.yaml", small_calibration(scenario.string()));
  const ProcessResult whole = test::run_wfsim(
      {"calibrate", calibration.string(), "-o", "whole.h5", "--threads", "2"}, {dir.path(), true});
  INFO(whole.describe());
  REQUIRE(whole.exit_code == 0);

  // Interrupt once the first generation's checkpoint exists, then resume.
  ChildProcess child(WFSIM_EXE,
                     {"calibrate", calibration.string(), "-o", "part.h5", "--threads", "1"},
                     {dir.path(), true});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!std::filesystem::exists(dir / "part.h5") &&
         !child.wait_for(std::chrono::milliseconds(5))) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
  }
  if (child.running()) child.send(SIGINT);
  const ProcessResult stopped = child.wait(std::chrono::seconds(60));
  INFO(stopped.describe());
  // Either the signal arrived mid-run (130) or the run had just finished (0).
  REQUIRE((stopped.exit_code == 130 || stopped.exit_code == 0));
  if (stopped.exit_code == 130) {
    const ProcessResult resumed = test::run_wfsim(
        {"calibrate", calibration.string(), "-o", "part.h5", "--resume"}, {dir.path(), true});
    INFO(resumed.describe());
    REQUIRE(resumed.exit_code == 0);
    CHECK_THAT(resumed.err, Catch::Contains("resuming after generation"));
  }
  {
    // What every file kind carries: the scenario's name, the threads and the command.
    const test::H5File written(dir / "whole.h5");
    CHECK_FALSE(written.string_attribute("name").empty());
    CHECK(written.int_attribute("threads") == 2);
    CHECK_THAT(written.string_attribute("command_line"),
               Catch::Contains("-o whole.h5 --threads 2"));
  }
  const hid_t a = H5Fopen((dir / "whole.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t b = H5Fopen((dir / "part.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(a >= 0);
  REQUIRE(b >= 0);
  for (const std::string& name : posterior_datasets()) {
    INFO(name);
    CHECK(read_column(a, name) == read_column(b, name));
  }
  H5Fclose(a);
  H5Fclose(b);

  // A changed calibration file is refused on --resume.
  dir.write("calibration.yaml", small_calibration(scenario.string()) + "replicates: 2\n");
  const ProcessResult refused = test::run_wfsim(
      {"calibrate", calibration.string(), "-o", "part.h5", "--resume"}, {dir.path(), true});
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("has changed"));
}

TEST_CASE("bad calibration files are refused with their location", "[calibration][cli]") {
  const TempDir dir;
  const auto scenario = dir.write("scenario.yaml", kRecoveryScenario);
  const std::string good = small_calibration(scenario.string());
  struct Case {
    std::string yaml;
    std::string expected;
  };
  const std::vector<Case> cases{
      {good + "partciles: 3\n", "unknown key 'partciles'"},
      {"scenario: " + scenario.string() +
           "\npriors:\n  parameters.leaving.annual_rate: {dist: uniform, min: 0.4, max: 0.1}\n"
           "targets: [{metric: leavers, from_week: 1, to_week: 2, value: 1, sd: 1}]\n",
       "priors.parameters.leaving.annual_rate.max"},
      {"scenario: " + scenario.string() +
           "\npriors:\n  parameters.leaving.anual_rate: {dist: uniform, min: 0.1, max: 0.2}\n"
           "targets: [{metric: leavers, from_week: 1, to_week: 2, value: 1, sd: 1}]\n",
       "priors.parameters.leaving.anual_rate"},
      {"scenario: " + scenario.string() +
           "\npriors:\n  parameters.leaving.annual_rate: {dist: gamma, min: 0.1, max: 0.2}\n"
           "targets: [{metric: leavers, from_week: 1, to_week: 2, value: 1, sd: 1}]\n",
       "unknown value 'gamma'"},
      {"scenario: " + scenario.string() +
           "\npriors:\n  parameters.leaving.annual_rate: {dist: uniform, min: 0.1, max: 0.2}\n"
           "targets: [{metric: leaverz, from_week: 1, to_week: 2, value: 1, sd: 1}]\n",
       "did you mean 'leavers'"},
      {"scenario: " + scenario.string() +
           "\npriors:\n  parameters.leaving.annual_rate: {dist: uniform, min: 0.1, max: 0.2}\n"
           "targets: [{metric: leavers, from_week: 5, to_week: 2, value: 1, sd: 1}]\n",
       "targets.0.to_week"},
      {"scenario: " + scenario.string() +
           "\npriors:\n  parameters.leaving.annual_rate: {dist: uniform, min: 0.1, max: 0.2}\n"
           "targets: [{metric: leavers, from_week: 1, to_week: 2, value: 1, sd: 0}]\n",
       "targets.0.sd"},
      {"scenario: nowhere.yaml\npriors: {parameters.leaving.annual_rate: {dist: uniform, min: 0.1, "
       "max: 0.2}}\ntargets: [{metric: leavers, from_week: 1, to_week: 2, value: 1, sd: 1}]\n",
       "nowhere.yaml"},
  };
  for (const Case& c : cases) {
    const auto file = dir.write("bad.yaml", c.yaml);
    const ProcessResult result = test::run_wfsim({"calibrate", file.string()}, {dir.path(), true});
    INFO(c.yaml << "\n" << result.describe());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Catch::Contains(c.expected));
    CHECK(dir.entries().count("results") == 0);  // nothing written
  }
}

TEST_CASE("setting a parameter on a resolved scenario equals --set", "[calibration]") {
  const ScenarioSchema schema = model::schema();
  for (const char* name : {"baseline.yaml", "england.yaml"}) {
    const std::string file = std::string(WFSIM_SOURCE_DIR) + "/scenarios/" + name;
    for (const auto& [path, value] :
         {std::pair<std::string, double>{"parameters.leaving.annual_rate", 0.2},
          {"parameters.recruitment.fill_time_multiplier", 1.7}}) {
      INFO(name << " " << path);
      Scenario fast = load_scenario(file, {}, schema);
      REQUIRE(set_scenario_parameter(fast, path, value, schema));
      const Scenario slow = load_scenario(file, {fmt::format("{}={}", path, value)}, schema);
      CHECK(to_yaml(fast, schema) == to_yaml(slow, schema));
      for (std::size_t o = 0; o < fast.organisations.size(); ++o)
        CHECK(fast.organisations[o].parameters.all() == slow.organisations[o].parameters.all());
    }
  }
  Scenario scenario =
      load_scenario(std::string(WFSIM_SOURCE_DIR) + "/scenarios/baseline.yaml", {}, schema);
  CHECK_FALSE(set_scenario_parameter(scenario, "weeks", 10, schema));
  CHECK_THROWS_AS(set_scenario_parameter(scenario, "parameters.leaving.annual_rate", 1.5, schema),
                  InputError);
}
