#include "analysis/calibration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/study_file.hpp"
#include "io/scenario_io.hpp"
#include "io/yaml_reader.hpp"

namespace wfsim {

namespace {

constexpr double kHuge = std::numeric_limits<double>::max();

// One prior, `{dist: uniform, min: 0.05, max: 0.3}` and the like, at key path
// `path` (for messages); `also_allowed` names further keys the caller may
// find there.
Prior read_prior(const YamlReader& r, const YAML::Node& node, const std::string& path,
                 const std::vector<std::string>& also_allowed) {
  const auto keys = [&also_allowed](std::vector<std::string> own) {
    own.insert(own.end(), also_allowed.begin(), also_allowed.end());
    return own;
  };
  r.expect_map(node, path);
  r.require(node, path, "dist", "one of: " + join(prior_kind_names()));
  Prior prior;
  prior.kind = r.choice<PriorKind>(node["dist"], path + ".dist", prior_kind_names());
  const auto need = [&](const char* key) {
    r.require(node, path, key);
    return r.real(node[key], path + "." + key, -kHuge, kHuge);
  };
  switch (prior.kind) {
    case PriorKind::uniform:
      r.check_keys(node, path, keys({"dist", "min", "max"}));
      prior.min = need("min");
      prior.max = need("max");
      if (prior.max <= prior.min) r.fail(node["max"], path + ".max", "max must exceed min");
      break;
    case PriorKind::normal:
    case PriorKind::lognormal: {
      const bool log = prior.kind == PriorKind::lognormal;
      r.check_keys(node, path, keys({"dist", log ? "meanlog" : "mean", log ? "sdlog" : "sd"}));
      prior.first = need(log ? "meanlog" : "mean");
      prior.second = need(log ? "sdlog" : "sd");
      if (prior.second <= 0)
        r.fail(node[log ? "sdlog" : "sd"], path + (log ? ".sdlog" : ".sd"), "must be positive");
      break;
    }
    case PriorKind::beta:
      r.check_keys(node, path, keys({"dist", "alpha", "beta", "min", "max"}));
      prior.first = need("alpha");
      prior.second = need("beta");
      if (prior.first <= 0 || prior.second <= 0)
        r.fail(node, path, "alpha and beta must be positive");
      prior.min = node["min"] ? need("min") : 0.0;
      prior.max = node["max"] ? need("max") : 1.0;
      if (prior.max <= prior.min) r.fail(node, path, "max must exceed min");
      break;
  }
  return prior;
}

}  // namespace

std::vector<CalibrationPrior> read_priors(const YamlReader& r, const YAML::Node& priors,
                                          const std::vector<std::string>& also_allowed) {
  r.expect_map(priors, "priors");
  if (priors.size() == 0) r.fail(priors, "priors", "no priors given");
  std::vector<CalibrationPrior> out;
  for (const auto& entry : priors) {
    const std::string key = r.text(entry.first, "priors");
    const std::string path = "priors." + key;
    check_key_path(key, r.locate(entry.first, path), path);
    out.push_back(
        {key, read_prior(r, entry.second, path, also_allowed), r.locate(entry.first, path)});
  }
  return out;
}

namespace {

CalibrationTarget read_target(const YamlReader& r, const YAML::Node& node,
                              const std::string& path) {
  r.expect_map(node, path);
  r.check_keys(node, path, {"metric", "org", "from_week", "to_week", "value", "sd", "source"});
  for (const char* key : {"metric", "from_week", "to_week", "value", "sd"})
    r.require(node, path, key, "a target is {metric, from_week, to_week, value, sd}");
  CalibrationTarget target;
  target.where = r.locate(node, path);
  target.metric = r.text(node["metric"], path + ".metric");
  if (node["org"]) target.org = r.id(node["org"], path + ".org");
  target.from_week = static_cast<int>(r.integer(node["from_week"], path + ".from_week", 0, 5200));
  target.to_week = static_cast<int>(r.integer(node["to_week"], path + ".to_week", 0, 5200));
  if (target.to_week < target.from_week)
    r.fail(node["to_week"], path + ".to_week", "to_week is before from_week");
  target.value = r.real(node["value"], path + ".value", -kHuge, kHuge);
  target.sd = r.real(node["sd"], path + ".sd", 0.0, kHuge);
  if (target.sd <= 0)
    r.fail(node["sd"], path + ".sd", "sd must be positive", "it scales the distance");
  if (node["source"]) target.source = r.text(node["source"], path + ".source");
  return target;
}

void read_abc(const YamlReader& r, const YAML::Node& node, AbcSettings& abc) {
  r.expect_map(node, "abc");
  r.check_keys(node, "abc",
               {"particles", "max_generations", "quantile", "min_acceptance", "tolerance", "seed"});
  if (node["particles"])
    abc.particles = static_cast<int>(r.integer(node["particles"], "abc.particles", 2, 1000000));
  if (node["max_generations"]) {
    abc.max_generations =
        static_cast<int>(r.integer(node["max_generations"], "abc.max_generations", 1, 1000));
  }
  if (node["quantile"]) abc.quantile = r.real(node["quantile"], "abc.quantile", 0.05, 0.95);
  if (node["min_acceptance"]) {
    abc.min_acceptance = r.real(node["min_acceptance"], "abc.min_acceptance", 1e-6, 1.0);
  }
  if (node["tolerance"])
    abc.target_tolerance = r.real(node["tolerance"], "abc.tolerance", 0, kHuge);
  if (node["seed"]) {
    abc.seed = static_cast<std::uint64_t>(
        r.integer(node["seed"], "abc.seed", 0, std::numeric_limits<std::int64_t>::max()));
  }
}

}  // namespace

int Calibration::weeks() const {
  int last = 1;
  for (const CalibrationTarget& target : targets) last = std::max(last, target.to_week);
  return last;
}

Calibration load_calibration(const std::filesystem::path& file) {
  Calibration c;
  StudyFile study = open_study_file(
      file, "a calibration file",
      {"scenario", "priors", "targets", "abc", "set", "replicates", "predictive_draws", "output"});
  c.source = study.source;
  c.text = std::move(study.text);
  c.scenario = study.scenario;
  const YAML::Node& root = study.root;
  const YamlReader& r = study.reader;
  r.require(root, "", "priors",
            "e.g. priors: {parameters.leaving.annual_rate: {dist: uniform, min: 0.05, max: 0.3}}");
  r.require(
      root, "", "targets",
      "e.g. targets: [{metric: burnout_mean, from_week: 52, to_week: 104, value: 45, sd: 2}]");

  c.priors = read_priors(r, root["priors"]);
  const YAML::Node targets = root["targets"];
  r.expect_list(targets, "targets");
  if (targets.size() == 0) r.fail(targets, "targets", "no targets given");
  for (std::size_t i = 0; i < targets.size(); ++i)
    c.targets.push_back(read_target(r, targets[i], fmt::format("targets.{}", i)));

  if (const YAML::Node abc = root["abc"]) read_abc(r, abc, c.abc);
  if (const YAML::Node fixed = root["set"]) {
    r.expect_map(fixed, "set");
    for (const auto& entry : fixed) {
      const std::string key = r.text(entry.first, "set");
      check_key_path(key, r.locate(entry.first, "set." + key), "set." + key);
      c.fixed.push_back(key + "=" + r.scalar(entry.second, "set." + key));
      c.fixed_where.push_back(r.locate(entry.first, "set." + key));
    }
  }
  if (root["replicates"])
    c.replicates = static_cast<int>(r.integer(root["replicates"], "replicates", 1, 10000));
  if (root["predictive_draws"]) {
    c.predictive_draws =
        static_cast<int>(r.integer(root["predictive_draws"], "predictive_draws", 1, 100000));
  }
  if (root["output"]) c.output = r.text(root["output"], "output");
  return c;
}

double target_statistic(const CalibrationTarget& target, const double* series, int replicates,
                        int weeks) {
  const std::size_t columns = static_cast<std::size_t>(weeks) + 1;
  double sum = 0.0;
  int count = 0;
  for (int r = 0; r < replicates; ++r) {
    for (int week = target.from_week; week <= target.to_week; ++week) {
      const double v =
          series[static_cast<std::size_t>(r) * columns + static_cast<std::size_t>(week)];
      if (std::isfinite(v)) {
        sum += v;
        ++count;
      }
    }
  }
  return count > 0 ? sum / count : std::numeric_limits<double>::quiet_NaN();
}

double target_distance(const std::vector<CalibrationTarget>& targets,
                       const std::vector<double>& simulated) {
  double sum = 0.0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (!std::isfinite(simulated[i])) return std::numeric_limits<double>::infinity();
    const double z = (simulated[i] - targets[i].value) / targets[i].sd;
    sum += z * z;
  }
  return std::sqrt(sum);
}

}  // namespace wfsim
