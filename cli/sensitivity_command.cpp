// `wfsim sensitivity EXPERIMENT.yaml`: how much each chosen parameter moves
// the annual outcomes, by Morris screening or Sobol indices. Every evaluation
// is an ensemble with the same seed (common random numbers), so differences
// between evaluations are the factors' doing, not noise.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

#include "analysis/study_file.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/output_rules.hpp"
#include "cli/progress.hpp"
#include "cli/run_setup.hpp"
#include "cli/sensitivity_output.hpp"
#include "cli/whole_number.hpp"
#include "models/model.hpp"
#include "record/ensemble.hpp"
#include "record/metrics.hpp"

namespace wfsim::cli {

namespace {

struct SensitivityOptions {
  std::string experiment;
  std::string output;
  std::string format = "table";
  int threads = 0;
  bool force = false;
};

std::filesystem::path output_path(const SensitivityOptions& options,
                                  const SensitivityExperiment& experiment) {
  if (!options.output.empty()) return options.output;
  if (!experiment.output.empty()) return experiment.output;
  return std::filesystem::path("results") /
         (std::filesystem::path(options.experiment).stem().string() + ".h5");
}

// The outcomes the experiment asks for, named and labelled as the scenario's
// runs will compute them; uptake/<id> must name one of its evidence items.
std::vector<Outcome> requested_outcomes(const SensitivityExperiment& experiment,
                                        const Model& probe) {
  const SeriesTable shape({""}, metric_names(probe.world()), 0, probe.scenario.weeks);
  const std::vector<Outcome> available = annual_outcomes(shape, 0, probe.scenario.weeks);
  std::vector<std::string> names;
  for (const Outcome& outcome : available) names.push_back(outcome.name);
  std::vector<Outcome> requested;
  for (std::size_t i = 0; i < experiment.outputs.size(); ++i) {
    const auto it = std::find(names.begin(), names.end(), experiment.outputs[i]);
    if (it == names.end()) {
      const std::string suggestion = did_you_mean(experiment.outputs[i], names);
      throw InputError({experiment.source, 0, 0}, fmt::format("outputs.{}", i),
                       "the scenario has no outcome '" + experiment.outputs[i] + "'",
                       suggestion.empty() ? fmt::format("its outcomes: {}", fmt::join(names, ", "))
                                          : "did you mean '" + suggestion + "'?");
    }
    requested.push_back(available[static_cast<std::size_t>(it - names.begin())]);
  }
  return requested;
}

// Every factor at its minimum, then at its maximum: key paths and ranges
// are checked before hours of running, not at the first bad evaluation. A
// problem with a factor's key is reported where the experiment names it.
void check_ranges(const SensitivityExperiment& experiment, const ScenarioSchema& schema) {
  std::vector<double> low, high;
  for (const SensitivityFactor& factor : experiment.factors) {
    low.push_back(factor.min);
    high.push_back(factor.max);
  }
  for (const std::vector<double>& values : {low, high}) {
    try {
      load_scenario(experiment.scenario, evaluation_overrides(experiment, values), schema);
    } catch (const InputError& error) {
      // A rejected factor or `set:` key is reported where the file writes it.
      std::vector<StudyKey> keys;
      for (const SensitivityFactor& factor : experiment.factors)
        keys.push_back({factor.path, "factors." + factor.path, factor.where});
      for (StudyKey& key : set_keys(experiment.fixed, experiment.fixed_where))
        keys.push_back(std::move(key));
      throw in_study_file(error, keys);
    }
  }
}

double finite_mean(const double* values, int count) {
  double sum = 0.0;
  int used = 0;
  for (int i = 0; i < count; ++i) {
    if (!std::isfinite(values[i])) continue;
    sum += values[i];
    ++used;
  }
  return used > 0 ? sum / used : std::numeric_limits<double>::quiet_NaN();
}

// Runs evaluation k's ensemble and stores its outcomes; an evaluation cut
// short by an interrupt keeps its NaNs.
void evaluate(const SensitivityExperiment& experiment, const ScenarioSchema& schema, std::size_t k,
              SensitivityRecord& record, const std::atomic<bool>& stop,
              std::atomic<std::int64_t>& weeks_done) {
  if (stop) return;  // after an interrupt, not even the set-up of the rest
  const Model model(load_scenario(experiment.scenario,
                                  evaluation_overrides(experiment, record.values[k]), schema));
  EnsembleOptions options;
  options.seed = model.scenario.seed;
  options.replicates = model.scenario.replicates;
  options.weeks = model.scenario.weeks;
  options.stop = &stop;
  options.weeks_done = &weeks_done;
  const EnsembleResult result = run_ensemble(*model.simulation, options);
  for (const int weeks : result.weeks_completed) {
    if (weeks != model.scenario.weeks) return;
  }
  const std::vector<Outcome> outcomes = annual_outcomes(result.series, 0, model.scenario.weeks);
  const auto replicates = static_cast<std::size_t>(record.replicates);
  for (std::size_t o = 0; o < experiment.outputs.size(); ++o) {
    const auto it = std::find_if(outcomes.begin(), outcomes.end(), [&](const Outcome& outcome) {
      return outcome.name == experiment.outputs[o];
    });
    double* slot = record.per_replicate[o].data() + k * replicates;
    std::copy(it->per_replicate.begin(), it->per_replicate.end(), slot);
    record.means[o][k] = finite_mean(slot, record.replicates);
  }
}

void compute_indices(const SensitivityExperiment& experiment, const MorrisDesign& morris,
                     SensitivityRecord& record) {
  const auto factors = static_cast<int>(experiment.factors.size());
  for (const std::vector<double>& means : record.means) {
    if (experiment.method == SensitivityMethod::morris) {
      record.morris.push_back(morris_indices(morris, means));
    } else {
      const SobolSettings& sobol = experiment.sobol;
      record.sobol.push_back(
          sobol_indices(means, sobol.samples, factors, sobol.bootstrap, sobol.seed));
    }
  }
}

// Outcomes undefined in some evaluations (e.g. caseload with no case holder
// present) drop out of the estimators: say so rather than hide it.
void warn_missing(const SensitivityExperiment& experiment, const SensitivityRecord& record) {
  for (std::size_t o = 0; o < record.means.size(); ++o) {
    const auto missing = std::count_if(record.means[o].begin(), record.means[o].end(),
                                       [](double value) { return !std::isfinite(value); });
    if (missing > 0) {
      fmt::print(stderr,
                 "warning: {} of {} evaluations have no value of {}; the estimates leave "
                 "them out\n",
                 missing, record.means[o].size(), experiment.outputs[o]);
    }
  }
}

int sensitivity(const SensitivityOptions& options) {
  const SensitivityExperiment experiment = load_sensitivity_experiment(options.experiment);
  const ScenarioSchema schema = model::schema();
  const Model probe(load_scenario(experiment.scenario, common_overrides(experiment), schema));
  const std::vector<Outcome> outcomes = requested_outcomes(experiment, probe);
  check_ranges(experiment, schema);
  const std::filesystem::path output = output_path(options, experiment);
  check_output(output, "-o", {{options.experiment}, options.force});

  const auto factors = static_cast<int>(experiment.factors.size());
  MorrisDesign morris;
  SensitivityRecord record;
  if (experiment.method == SensitivityMethod::morris) {
    morris = morris_design(factors, experiment.morris.trajectories, experiment.morris.levels,
                           experiment.morris.seed);
    record.unit = morris.points;
  } else {
    record.unit = saltelli_design(experiment.sobol.samples, factors);
  }
  for (const std::vector<double>& unit : record.unit)
    record.values.push_back(factor_values(experiment, unit));
  record.scenario_yaml = to_yaml(probe.scenario, schema);
  record.name = probe.scenario.name;
  record.seed = probe.scenario.seed;
  record.replicates = probe.scenario.replicates;
  record.weeks = probe.scenario.weeks;
  const std::size_t evaluations = record.unit.size();
  const double missing = std::numeric_limits<double>::quiet_NaN();
  record.means.assign(outcomes.size(), std::vector<double>(evaluations, missing));
  record.per_replicate.assign(
      outcomes.size(),
      std::vector<double>(evaluations * static_cast<std::size_t>(record.replicates), missing));

  const int threads = thread_count(options.threads);
  const tbb::global_control parallelism = limit_threads(threads);
  record.threads = threads;
  const std::atomic<bool>& interrupted = install_interrupt_handlers();
  const auto started = std::chrono::steady_clock::now();
  {
    std::atomic<std::int64_t> weeks_done{0};
    const ProgressBar progress(
        weeks_done, static_cast<std::int64_t>(evaluations) * record.replicates * record.weeks,
        "weeks");
    // Evaluations write disjoint slots of the record, so they run in any
    // order and the results do not depend on it.
    tbb::parallel_for(std::size_t{0}, evaluations, [&](std::size_t k) {
      evaluate(experiment, schema, k, record, interrupted, weeks_done);
    });
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  record.complete = !interrupted.load();
  if (record.complete) compute_indices(experiment, morris, record);
  write_sensitivity_h5(output, experiment, record, provenance());
  if (!record.complete) {
    fmt::print(stderr,
               "interrupted: wrote the evaluations finished so far to {} (marked incomplete, "
               "no indices)\n",
               output.string());
    return kExitInterrupted;
  }
  warn_missing(experiment, record);
  if (options.format == "csv") {
    print_sensitivity_csv(stdout, experiment, record);
  } else if (options.format == "json") {
    print_sensitivity_json(stdout, experiment, record);
  } else {
    print_sensitivity_table(stdout, experiment, record, outcomes);
    fmt::print("\nresults: {}\n", output.string());
  }
  // On stderr, so that CSV and JSON on stdout stay machine-readable.
  std::fflush(stdout);
  fmt::print(stderr, "{} evaluations x {} replicates x {} weeks in {:.1f} s ({} threads)\n",
             evaluations, record.replicates, record.weeks, seconds, threads);
  return kExitOk;
}

}  // namespace

void add_sensitivity_command(CLI::App& app, std::function<int()>& action) {
  auto options = std::make_shared<SensitivityOptions>();
  CLI::App* command = app.add_subcommand(
      "sensitivity", "Morris elementary effects or Sobol indices of scenario parameters");
  command->add_option("experiment", options->experiment, "Experiment file (YAML)")->required();
  add_force_option(command, options->force);
  command->add_option("-o,--output", options->output,
                      "Results file (HDF5); default: the experiment's output, else "
                      "results/<experiment>.h5");
  command->add_option("--format", options->format, "Output: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  command->add_option("--threads", options->threads, "Worker threads (default: all cores)")
      ->check(whole_number(1, 1024));
  command->callback([&action, options] { action = [options] { return sensitivity(*options); }; });
}

}  // namespace wfsim::cli
