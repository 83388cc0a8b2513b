#include "analysis/sensitivity_experiment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <limits>

#include "analysis/designs.hpp"
#include "analysis/study_file.hpp"
#include "io/scenario_io.hpp"
#include "io/yaml_reader.hpp"
#include "record/outcomes.hpp"

namespace wfsim {

namespace {

constexpr long long kMaxEvaluations = 10'000'000;
constexpr std::int64_t kMaxSeed = std::numeric_limits<std::int64_t>::max();
constexpr char kUptake[] = "uptake/";

SensitivityFactor read_factor(const YamlReader& r, const YAML::Node& name, const YAML::Node& node,
                              const std::string& key) {
  const std::string path = "factors." + key;
  // Every evaluation needs the same replicates and weeks (the outputs are
  // [evaluation, replicate] over the same year) and the same seed (common
  // random numbers).
  if (key == "replicates" || key == "weeks" || key == "seed") {
    r.fail(name, path, "'" + key + "' cannot be a factor: every evaluation shares it",
           "set it with the experiment's own '" + key + ":' key");
  }
  r.expect_map(node, path);
  r.check_keys(node, path, {"min", "max"});
  r.require(node, path, "min", "give the range: {min: ..., max: ...}");
  r.require(node, path, "max", "give the range: {min: ..., max: ...}");
  const double huge = std::numeric_limits<double>::max();
  SensitivityFactor factor{key, r.real(node["min"], path + ".min", -huge, huge),
                           r.real(node["max"], path + ".max", -huge, huge), r.locate(name, path)};
  if (!(factor.max > factor.min)) {
    r.fail(node["max"], path + ".max", "max must be above min",
           "a factor needs a range to vary over; fix a value with set: instead");
  }
  return factor;
}

// Known outcome names; uptake/<id> is checked against the scenario's
// evidence items once the scenario is built.
std::string read_output(const YamlReader& r, const YAML::Node& node, const std::string& path) {
  const std::string name = r.text(node, path);
  std::vector<std::string> known = annual_outcome_names();
  known.emplace_back("cost");
  if (std::find(known.begin(), known.end(), name) != known.end()) return name;
  if (name.rfind(kUptake, 0) == 0 && valid_id(name.substr(std::size(kUptake) - 1))) return name;
  const std::string suggestion = did_you_mean(name, known);
  r.fail(node, path, "unknown outcome '" + name + "'",
         suggestion.empty() ? "one of: " + join(known) + ", uptake/<evidence id>"
                            : "did you mean '" + suggestion + "'?");
}

void read_morris(const YamlReader& r, const YAML::Node& node, MorrisSettings& morris) {
  r.expect_map(node, "morris");
  r.check_keys(node, "morris", {"trajectories", "levels", "seed"});
  if (const YAML::Node trajectories = node["trajectories"]) {
    // Two at least: sigma is a standard deviation over trajectories.
    morris.trajectories =
        static_cast<int>(r.integer(trajectories, "morris.trajectories", 2, 1'000'000));
  }
  if (const YAML::Node levels = node["levels"]) {
    morris.levels = static_cast<int>(r.integer(levels, "morris.levels", 2, 1000));
    if (morris.levels % 2 != 0) {
      r.fail(levels, "morris.levels", "the number of levels must be even",
             "with p even the step p / (2 (p - 1)) lands on the grid; 4 is usual");
    }
  }
  if (const YAML::Node seed = node["seed"])
    morris.seed = static_cast<std::uint64_t>(r.integer(seed, "morris.seed", 0, kMaxSeed));
}

void read_sobol(const YamlReader& r, const YAML::Node& node, SobolSettings& sobol) {
  r.expect_map(node, "sobol");
  r.check_keys(node, "sobol", {"samples", "bootstrap", "seed"});
  if (const YAML::Node samples = node["samples"]) {
    sobol.samples = static_cast<int>(r.integer(samples, "sobol.samples", 2, 1 << 24));
    if (!std::has_single_bit(static_cast<unsigned>(sobol.samples))) {
      r.fail(samples, "sobol.samples", "the number of samples must be a power of two",
             fmt::format("the Sobol sequence is balanced in blocks of 2^m points: try {} or {}",
                         std::bit_floor(static_cast<unsigned>(sobol.samples)),
                         std::bit_ceil(static_cast<unsigned>(sobol.samples))));
    }
  }
  if (const YAML::Node bootstrap = node["bootstrap"])
    sobol.bootstrap = static_cast<int>(r.integer(bootstrap, "sobol.bootstrap", 100, 1'000'000));
  if (const YAML::Node seed = node["seed"])
    sobol.seed = static_cast<std::uint64_t>(r.integer(seed, "sobol.seed", 0, kMaxSeed));
}

std::vector<std::string> read_outputs(const YamlReader& r, const YAML::Node& node) {
  r.expect_list(node, "outputs");
  if (node.size() == 0) r.fail(node, "outputs", "the list of outputs is empty");
  std::vector<std::string> outputs;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string path = fmt::format("outputs.{}", i);
    const std::string name = read_output(r, node[i], path);
    if (std::find(outputs.begin(), outputs.end(), name) != outputs.end())
      r.fail(node[i], path, "'" + name + "' is listed twice");
    outputs.push_back(name);
  }
  return outputs;
}

// Morris: trajectories x (factors + 1); Sobol: samples x (factors + 2).
long long evaluation_count(const SensitivityExperiment& experiment) {
  const auto factors = static_cast<long long>(experiment.factors.size());
  return experiment.method == SensitivityMethod::morris
             ? static_cast<long long>(experiment.morris.trajectories) * (factors + 1)
             : static_cast<long long>(experiment.sobol.samples) * (factors + 2);
}

}  // namespace

const std::vector<std::string>& sensitivity_method_names() {
  static const std::vector<std::string> names{"morris", "sobol"};
  return names;
}

SensitivityExperiment load_sensitivity_experiment(const std::filesystem::path& file) {
  SensitivityExperiment experiment;
  StudyFile study = open_study_file(file, "an experiment file",
                                    {"scenario", "method", "factors", "outputs", "morris", "sobol",
                                     "set", "replicates", "weeks", "seed", "output"});
  experiment.source = study.source;
  experiment.text = std::move(study.text);
  experiment.scenario = study.scenario;
  const YAML::Node& root = study.root;
  const YamlReader& r = study.reader;
  r.require(root, "", "method", "method: morris (screening) or method: sobol (variance shares)");
  r.require(root, "", "factors",
            "e.g. factors: {parameters.leaving.annual_rate: {min: 0.08, max: 0.16}}");
  r.require(root, "", "outputs", "e.g. outputs: [turnover, burnout_mean, vacancy_rate]");
  experiment.method =
      r.choice<SensitivityMethod>(root["method"], "method", sensitivity_method_names());

  const YAML::Node factors = root["factors"];
  r.expect_map(factors, "factors");
  if (factors.size() == 0) r.fail(factors, "factors", "no factors given");
  for (const auto& entry : factors) {
    const std::string key = r.text(entry.first, "factors");
    check_key_path(key, r.locate(entry.first, "factors." + key), "factors." + key);
    const auto same = [&](const SensitivityFactor& f) { return f.path == key; };
    if (std::any_of(experiment.factors.begin(), experiment.factors.end(), same))
      r.fail(entry.first, "factors." + key, "this factor is listed twice");
    experiment.factors.push_back(read_factor(r, entry.first, entry.second, key));
  }
  experiment.outputs = read_outputs(r, root["outputs"]);
  if (const YAML::Node morris = root["morris"]) read_morris(r, morris, experiment.morris);
  if (const YAML::Node sobol = root["sobol"]) read_sobol(r, sobol, experiment.sobol);
  const int sobol_factors = kSobolMaxDimensions / 2;  // A and B take d dimensions each
  if (experiment.method == SensitivityMethod::sobol &&
      static_cast<int>(experiment.factors.size()) > sobol_factors) {
    r.fail(factors, "factors", fmt::format("Sobol indices take at most {} factors", sobol_factors),
           "screen them with method: morris first, then keep the influential ones");
  }
  if (evaluation_count(experiment) > kMaxEvaluations) {
    r.fail(root["method"], "method",
           fmt::format("the design needs {} evaluations", evaluation_count(experiment)),
           fmt::format("at most {}: use fewer trajectories, samples or factors", kMaxEvaluations));
  }

  if (const YAML::Node fixed = root["set"]) {
    r.expect_map(fixed, "set");
    for (const auto& entry : fixed) {
      const std::string key = r.text(entry.first, "set");
      check_key_path(key, r.locate(entry.first, "set." + key), "set." + key);
      experiment.fixed.push_back(key + "=" + r.scalar(entry.second, "set." + key));
      experiment.fixed_where.push_back(r.locate(entry.first, "set." + key));
    }
  }
  if (const YAML::Node replicates = root["replicates"])
    experiment.replicates = static_cast<int>(r.integer(replicates, "replicates", 1, 100000));
  if (const YAML::Node weeks = root["weeks"])
    experiment.weeks = static_cast<int>(r.integer(weeks, "weeks", 1, 5200));
  if (const YAML::Node seed = root["seed"])
    experiment.seed = static_cast<std::uint64_t>(r.integer(seed, "seed", 0, kMaxSeed));
  if (const YAML::Node output = root["output"]) experiment.output = r.text(output, "output");
  return experiment;
}

std::vector<double> factor_values(const SensitivityExperiment& experiment,
                                  const std::vector<double>& unit) {
  std::vector<double> values(experiment.factors.size());
  for (std::size_t j = 0; j < values.size(); ++j) {
    const SensitivityFactor& f = experiment.factors[j];
    values[j] = f.min + unit[j] * (f.max - f.min);
  }
  return values;
}

std::vector<std::string> common_overrides(const SensitivityExperiment& experiment) {
  std::vector<std::string> overrides = experiment.fixed;
  if (experiment.replicates)
    overrides.push_back(fmt::format("replicates={}", *experiment.replicates));
  if (experiment.weeks) overrides.push_back(fmt::format("weeks={}", *experiment.weeks));
  if (experiment.seed) overrides.push_back(fmt::format("seed={}", *experiment.seed));
  return overrides;
}

std::vector<std::string> evaluation_overrides(const SensitivityExperiment& experiment,
                                              const std::vector<double>& values) {
  std::vector<std::string> overrides = common_overrides(experiment);
  for (std::size_t j = 0; j < experiment.factors.size(); ++j)
    // fmt's shortest form reads back as the same double, and stays readable in messages.
    overrides.push_back(fmt::format("{}={}", experiment.factors[j].path, values[j]));
  return overrides;
}

}  // namespace wfsim
