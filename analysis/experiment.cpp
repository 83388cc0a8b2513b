#include "analysis/experiment.hpp"

#include <fmt/format.h>

#include <cmath>

#include "analysis/designs.hpp"
#include "analysis/study_file.hpp"
#include "io/scenario_io.hpp"
#include "io/yaml_reader.hpp"

namespace wfsim {

namespace {

constexpr int kMaxPoints = 10'000'000;

const std::vector<std::string> kMetricsByDefault{
    "burnout_mean", "burnout_high_share", "leavers", "vacancies", "agency_share", "absence_rate"};

Factor read_factor(const YamlReader& r, const YAML::Node& node, const std::string& path,
                   const std::string& key, DesignKind design) {
  Factor factor;
  factor.path = key;
  r.expect_map(node, path);
  r.check_keys(node, path, {"values", "min", "max", "levels", "scale", "integer"});
  if (const YAML::Node scale = node["scale"])
    factor.log_scale = r.choice_index(scale, path + ".scale", {"linear", "log"}) == 1;
  if (const YAML::Node integer = node["integer"])
    factor.integer = r.boolean(integer, path + ".integer");
  const double huge = std::numeric_limits<double>::max();
  if (const YAML::Node values = node["values"]) {
    if (design != DesignKind::grid) {
      r.fail(values, path + ".values", "a list of values needs the grid design",
             "give a range instead: {min: ..., max: ...}");
    }
    if (node["min"] || node["max"] || node["levels"]) {
      r.fail(node, path, "give either values or min/max/levels, not both");
    }
    r.expect_list(values, path + ".values");
    if (values.size() == 0) r.fail(values, path + ".values", "the list of values is empty");
    for (std::size_t i = 0; i < values.size(); ++i) {
      factor.values.push_back(r.real(values[i], fmt::format("{}.values.{}", path, i), -huge, huge));
    }
    return factor;
  }
  r.require(node, path, "min", "give a range {min: ..., max: ...} or a list {values: [...]}");
  r.require(node, path, "max", "give a range {min: ..., max: ...} or a list {values: [...]}");
  factor.min = r.real(node["min"], path + ".min", -huge, huge);
  factor.max = r.real(node["max"], path + ".max", -huge, huge);
  if (factor.max < factor.min) r.fail(node["max"], path + ".max", "max is below min");
  if (factor.log_scale && factor.min <= 0)
    r.fail(node["min"], path + ".min", "a log scale needs a positive range");
  if (design == DesignKind::grid) {
    r.require(node, path, "levels", "the grid design needs the number of levels of a range");
    const auto levels = static_cast<int>(r.integer(node["levels"], path + ".levels", 1, 100000));
    for (int level = 0; level < levels; ++level) {
      const double u = levels == 1 ? 0.5 : static_cast<double>(level) / (levels - 1);
      factor.values.push_back(factor.log_scale ? factor.min * std::pow(factor.max / factor.min, u)
                                               : factor.min + u * (factor.max - factor.min));
    }
  } else if (node["levels"]) {
    r.fail(node["levels"], path + ".levels", "levels belong to the grid design",
           "lhs and sobol designs sample the range: set design.points instead");
  }
  return factor;
}

void read_design(const YamlReader& r, const YAML::Node& node, Experiment& experiment) {
  if (node.IsScalar()) {
    experiment.design = r.choice<DesignKind>(node, "design", design_kind_names());
  } else {
    r.expect_map(node, "design");
    r.check_keys(node, "design", {"type", "points", "seed"});
    r.require(node, "design", "type", "one of: grid, lhs, sobol");
    experiment.design = r.choice<DesignKind>(node["type"], "design.type", design_kind_names());
    if (const YAML::Node points = node["points"]) {
      if (experiment.design == DesignKind::grid) {
        r.fail(points, "design.points", "a grid's points follow from its levels",
               "remove design.points, or choose design type lhs or sobol");
      }
      experiment.points = static_cast<int>(r.integer(points, "design.points", 1, kMaxPoints));
    }
    if (const YAML::Node seed = node["seed"]) {
      experiment.design_seed = static_cast<std::uint64_t>(
          r.integer(seed, "design.seed", 0, std::numeric_limits<std::int64_t>::max()));
    }
  }
  if (experiment.design != DesignKind::grid && experiment.points == 0) {
    r.fail(node, "design", "lhs and sobol designs need a number of points",
           "e.g. design: {type: sobol, points: 64}");
  }
}

std::string format_value(double value, bool integer) {
  return integer ? fmt::format("{:.0f}", value) : fmt::format("{:.17g}", value);
}

}  // namespace

const std::vector<std::string>& design_kind_names() {
  static const std::vector<std::string> names{"grid", "lhs", "sobol"};
  return names;
}

Experiment load_experiment(const std::filesystem::path& file) {
  Experiment experiment;
  StudyFile study = open_study_file(
      file, "an experiment file",
      {"scenario", "design", "factors", "set", "replicates", "weeks", "seed", "metrics", "output"});
  experiment.source = study.source;
  experiment.text = std::move(study.text);
  experiment.scenario = study.scenario;
  const YAML::Node& root = study.root;
  const YamlReader& r = study.reader;
  r.require(root, "", "design", "e.g. design: grid, or design: {type: sobol, points: 64}");
  r.require(root, "", "factors",
            "e.g. factors: {parameters.leaving.annual_rate: {min: 0.08, max: 0.2}}");
  read_design(r, root["design"], experiment);

  const YAML::Node factors = root["factors"];
  r.expect_map(factors, "factors");
  if (factors.size() == 0) r.fail(factors, "factors", "no factors given");
  for (const auto& entry : factors) {
    const std::string key = r.text(entry.first, "factors");
    check_key_path(key, r.locate(entry.first, "factors." + key), "factors." + key);
    experiment.factors.push_back(
        read_factor(r, entry.second, "factors." + key, key, experiment.design));
    experiment.factors.back().where = r.locate(entry.first, "factors." + key);
  }
  if (experiment.design == DesignKind::sobol &&
      static_cast<int>(experiment.factors.size()) > kSobolMaxDimensions) {
    r.fail(factors, "factors",
           fmt::format("a Sobol design takes at most {} factors", kSobolMaxDimensions));
  }
  if (experiment.design == DesignKind::grid) {
    double points = 1;
    for (const Factor& factor : experiment.factors) points *= factor.values.size();
    if (points > kMaxPoints) {
      r.fail(factors, "factors", fmt::format("the grid has {:.0f} points", points),
             fmt::format("at most {}; use an lhs or sobol design", kMaxPoints));
    }
    experiment.points = static_cast<int>(points);
  }

  if (const YAML::Node fixed = root["set"]) {
    r.expect_map(fixed, "set");
    for (const auto& entry : fixed) {
      const std::string key = r.text(entry.first, "set");
      check_key_path(key, r.locate(entry.first, "set." + key), "set." + key);
      experiment.fixed.push_back(key + "=" + r.scalar(entry.second, "set." + key));
      experiment.fixed_where.push_back(r.locate(entry.second, "set." + key));
    }
  }
  if (const YAML::Node replicates = root["replicates"])
    experiment.replicates = static_cast<int>(r.integer(replicates, "replicates", 1, 100000));
  if (const YAML::Node weeks = root["weeks"])
    experiment.weeks = static_cast<int>(r.integer(weeks, "weeks", 1, 5200));
  if (const YAML::Node seed = root["seed"]) {
    experiment.seed = static_cast<std::uint64_t>(
        r.integer(seed, "seed", 0, std::numeric_limits<std::int64_t>::max()));
  }
  experiment.metrics = kMetricsByDefault;
  if (const YAML::Node metrics = root["metrics"]) {
    r.expect_list(metrics, "metrics");
    if (metrics.size() == 0) r.fail(metrics, "metrics", "the list of metrics is empty");
    experiment.metrics.clear();
    for (std::size_t i = 0; i < metrics.size(); ++i) {
      const std::string path = fmt::format("metrics.{}", i);
      experiment.metrics.push_back(r.text(metrics[i], path));
      experiment.metrics_where.push_back(r.locate(metrics[i], path));
    }
  }
  if (const YAML::Node output = root["output"]) experiment.output = r.text(output, "output");
  return experiment;
}

std::vector<std::vector<double>> design_values(const Experiment& experiment) {
  const std::size_t d = experiment.factors.size();
  std::vector<std::vector<double>> values;
  if (experiment.design == DesignKind::grid) {
    std::vector<int> levels;
    for (const Factor& factor : experiment.factors)
      levels.push_back(static_cast<int>(factor.values.size()));
    for (const std::vector<int>& point : full_grid(levels)) {
      std::vector<double> row(d);
      for (std::size_t j = 0; j < d; ++j)
        row[j] = experiment.factors[j].values[static_cast<std::size_t>(point[j])];
      values.push_back(std::move(row));
    }
    return values;
  }
  const std::vector<std::vector<double>> unit =
      experiment.design == DesignKind::sobol
          ? sobol_points(experiment.points, static_cast<int>(d))
          : latin_hypercube(experiment.points, static_cast<int>(d), experiment.design_seed);
  for (const std::vector<double>& point : unit) {
    std::vector<double> row(d);
    for (std::size_t j = 0; j < d; ++j) {
      const Factor& f = experiment.factors[j];
      double value = f.log_scale ? f.min * std::pow(f.max / f.min, point[j])
                                 : f.min + point[j] * (f.max - f.min);
      if (f.integer) value = std::round(value);
      row[j] = value;
    }
    values.push_back(std::move(row));
  }
  return values;
}

std::vector<std::string> point_overrides(const Experiment& experiment,
                                         const std::vector<double>& values) {
  std::vector<std::string> overrides = experiment.fixed;
  for (std::size_t j = 0; j < experiment.factors.size(); ++j) {
    overrides.push_back(experiment.factors[j].path + "=" +
                        format_value(values[j], experiment.factors[j].integer));
  }
  return overrides;
}

}  // namespace wfsim
