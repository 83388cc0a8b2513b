#include "cli/sensitivity_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>

namespace wfsim::cli {

namespace {

bool is_morris(const SensitivityExperiment& experiment) {
  return experiment.method == SensitivityMethod::morris;
}

// The ranking statistic: mu* for Morris, the total index for Sobol.
double importance(const SensitivityExperiment& experiment, const SensitivityRecord& record,
                  std::size_t output, std::size_t factor) {
  return is_morris(experiment) ? record.morris[output][factor].mu_star
                               : record.sobol[output][factor].total;
}

// Factors from most to least important; NaN last, ties in experiment order.
std::vector<std::size_t> ranking(const SensitivityExperiment& experiment,
                                 const SensitivityRecord& record, std::size_t output) {
  std::vector<std::size_t> order(experiment.factors.size());
  std::iota(order.begin(), order.end(), 0);
  const auto key = [&](std::size_t factor) {
    const double value = importance(experiment, record, output, factor);
    return std::isnan(value) ? -std::numeric_limits<double>::infinity() : value;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
  return order;
}

std::string show(double value, const char* format) {
  return std::isfinite(value) ? fmt::format(fmt::runtime(format), value) : std::string("-");
}

std::string csv_number(double value) {
  return std::isfinite(value) ? fmt::format("{:.17g}", value) : std::string();
}

nlohmann::json json_number(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

std::size_t factor_width(const SensitivityExperiment& experiment) {
  std::size_t width = 6;
  for (const SensitivityFactor& factor : experiment.factors)
    width = std::max(width, factor.path.size());
  return width;
}

void print_morris_header(std::FILE* out, const SensitivityExperiment& experiment,
                         const SensitivityRecord& record) {
  const MorrisSettings& morris = experiment.morris;
  fmt::print(out,
             "Morris screening: {} factors x {} trajectories on a {}-level grid (steps of {}/{} "
             "of each range)\n",
             experiment.factors.size(), morris.trajectories, morris.levels, morris.levels / 2,
             morris.levels - 1);
  fmt::print(out, "{} evaluations x {} replicates x {} weeks, seed {}, common random numbers\n",
             record.unit.size(), record.replicates, record.weeks, record.seed);
  fmt::print(out,
             "mu*: mean absolute change in the outcome per whole range of the factor (ranks "
             "importance);\nmu: the same with signs; sigma: spread of the changes (interaction "
             "or non-linearity)\n");
}

void print_morris_output(std::FILE* out, const SensitivityExperiment& experiment,
                         const SensitivityRecord& record, const Outcome& outcome,
                         std::size_t output) {
  // Shares' changes in percentage points, as `wfsim compare` shows differences.
  const double scale = outcome.percent ? 100.0 : 1.0;
  const std::size_t width = factor_width(experiment);
  fmt::print(out, "\n{}{}\n", outcome.label,
             outcome.percent ? ", changes in percentage points" : "");
  fmt::print(out, "{:>4}  {:<{}}  {:>10}  {:>10}  {:>10}\n", "rank", "factor", width, "mu*", "mu",
             "sigma");
  int rank = 0;
  for (const std::size_t f : ranking(experiment, record, output)) {
    const MorrisIndex& index = record.morris[output][f];
    fmt::print(out, "{:>4}  {:<{}}  {:>10}  {:>10}  {:>10}\n", ++rank, experiment.factors[f].path,
               width, show(index.mu_star * scale, "{:.4g}"), show(index.mu * scale, "{:.4g}"),
               show(index.sigma * scale, "{:.4g}"));
  }
}

void print_sobol_header(std::FILE* out, const SensitivityExperiment& experiment,
                        const SensitivityRecord& record) {
  fmt::print(out,
             "Sobol indices: {} factors, {} samples ({} evaluations) x {} replicates x {} weeks, "
             "seed {}\n",
             experiment.factors.size(), experiment.sobol.samples, record.unit.size(),
             record.replicates, record.weeks, record.seed);
  fmt::print(out,
             "ST: share of the outcome's variance due to the factor with all its interactions "
             "(ranks importance);\nS1: due to the factor alone; 95% percentile-bootstrap "
             "intervals ({} resamples)\n",
             experiment.sobol.bootstrap);
}

std::string interval(double low, double high) {
  return std::isfinite(low) ? fmt::format("[{:.3f}, {:.3f}]", low, high) : std::string("-");
}

void print_sobol_output(std::FILE* out, const SensitivityExperiment& experiment,
                        const SensitivityRecord& record, const Outcome& outcome,
                        std::size_t output) {
  const std::size_t width = factor_width(experiment);
  fmt::print(out, "\n{}\n", outcome.label);
  fmt::print(out, "{:>4}  {:<{}}  {:>7}  {:<18}  {:>7}  {}\n", "rank", "factor", width, "ST",
             "95% interval", "S1", "95% interval");
  int rank = 0;
  double first_sum = 0.0;
  for (const std::size_t f : ranking(experiment, record, output)) {
    const SobolIndex& index = record.sobol[output][f];
    first_sum += index.first;
    fmt::print(out, "{:>4}  {:<{}}  {:>7}  {:<18}  {:>7}  {}\n", ++rank, experiment.factors[f].path,
               width, show(index.total, "{:.3f}"), interval(index.total_low, index.total_high),
               show(index.first, "{:.3f}"), interval(index.first_low, index.first_high));
  }
  if (std::isfinite(first_sum)) {
    fmt::print(out, "sum of S1 {:.3f} (1 - sum estimates the share due to interactions)\n",
               first_sum);
  } else {
    fmt::print(out, "the outcome does not vary over the design: no indices\n");
  }
}

}  // namespace

void print_sensitivity_table(std::FILE* out, const SensitivityExperiment& experiment,
                             const SensitivityRecord& record,
                             const std::vector<Outcome>& outcomes) {
  if (is_morris(experiment)) {
    print_morris_header(out, experiment, record);
  } else {
    print_sobol_header(out, experiment, record);
  }
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    if (is_morris(experiment)) {
      print_morris_output(out, experiment, record, outcomes[o], o);
    } else {
      print_sobol_output(out, experiment, record, outcomes[o], o);
    }
  }
}

void print_sensitivity_csv(std::FILE* out, const SensitivityExperiment& experiment,
                           const SensitivityRecord& record) {
  fmt::print(out, "{}\n",
             is_morris(experiment) ? "output,rank,factor,mu_star,mu,sigma,effects"
                                   : "output,rank,factor,ST,ST_low,ST_high,S1,S1_low,S1_high");
  for (std::size_t o = 0; o < experiment.outputs.size(); ++o) {
    int rank = 0;
    for (const std::size_t f : ranking(experiment, record, o)) {
      fmt::print(out, "{},{},{}", experiment.outputs[o], ++rank, experiment.factors[f].path);
      if (is_morris(experiment)) {
        const MorrisIndex& index = record.morris[o][f];
        fmt::print(out, ",{},{},{},{}\n", csv_number(index.mu_star), csv_number(index.mu),
                   csv_number(index.sigma), index.effects);
      } else {
        const SobolIndex& index = record.sobol[o][f];
        fmt::print(out, ",{},{},{},{},{},{}\n", csv_number(index.total),
                   csv_number(index.total_low), csv_number(index.total_high),
                   csv_number(index.first), csv_number(index.first_low),
                   csv_number(index.first_high));
      }
    }
  }
}

void print_sensitivity_json(std::FILE* out, const SensitivityExperiment& experiment,
                            const SensitivityRecord& record) {
  nlohmann::json json;
  json["method"] = sensitivity_method_names()[static_cast<std::size_t>(experiment.method)];
  json["evaluations"] = record.unit.size();
  json["replicates"] = record.replicates;
  json["weeks"] = record.weeks;
  json["seed"] = record.seed;
  if (is_morris(experiment)) {
    json["trajectories"] = experiment.morris.trajectories;
    json["levels"] = experiment.morris.levels;
  } else {
    json["samples"] = experiment.sobol.samples;
    json["bootstrap"] = experiment.sobol.bootstrap;
  }
  nlohmann::json outputs = nlohmann::json::array();
  for (std::size_t o = 0; o < experiment.outputs.size(); ++o) {
    nlohmann::json factors = nlohmann::json::array();
    for (const std::size_t f : ranking(experiment, record, o)) {
      nlohmann::json row{{"factor", experiment.factors[f].path}};
      if (is_morris(experiment)) {
        const MorrisIndex& index = record.morris[o][f];
        row["mu_star"] = json_number(index.mu_star);
        row["mu"] = json_number(index.mu);
        row["sigma"] = json_number(index.sigma);
        row["effects"] = index.effects;
      } else {
        const SobolIndex& index = record.sobol[o][f];
        row["ST"] = json_number(index.total);
        row["ST_low"] = json_number(index.total_low);
        row["ST_high"] = json_number(index.total_high);
        row["S1"] = json_number(index.first);
        row["S1_low"] = json_number(index.first_low);
        row["S1_high"] = json_number(index.first_high);
      }
      factors.push_back(std::move(row));
    }
    outputs.push_back({{"output", experiment.outputs[o]}, {"factors", std::move(factors)}});
  }
  json["outputs"] = std::move(outputs);
  fmt::print(out, "{}\n", json.dump(2));
}

}  // namespace wfsim::cli
