// `wfsim sweep EXPERIMENT.yaml`: a design of scenario variants x replicates,
// streamed point by point into one results file that survives interruption
// and continues with --resume.
#include <fmt/format.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <optional>

#include "analysis/experiment.hpp"
#include "analysis/statistics.hpp"
#include "analysis/sweep_h5.hpp"
#include "analysis/uncertainty.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/output_rules.hpp"
#include "cli/progress.hpp"
#include "cli/resource_limits.hpp"
#include "cli/run_setup.hpp"
#include "cli/whole_number.hpp"
#include "distributed/cluster.hpp"
#include "distributed/messages.hpp"
#include "models/model.hpp"
#include "record/ensemble.hpp"
#include "record/metrics.hpp"
#include "record/outcomes.hpp"

namespace wfsim::cli {

namespace {

struct SweepOptions {
  std::string experiment;
  std::string output;
  std::string csv_dir;
  bool resume = false;
  bool force = false;
  ResourceLimits limits;
  int threads = 0;
  int batch = 0;
  int max_points = 0;      // 0: all
  std::string replicates;  // a number, or "auto"
  std::string target_metric = "burnout_mean";
  double target_halfwidth = 0.0;
  int max_replicates = 1000;
  std::vector<std::string> uncertainty;  // priors files, or a calibration results file
};

int parse_replicate_count(const std::string& text) {
  std::size_t used = 0;
  int value = 0;
  try {
    value = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < 1 || value > 100000) {
    throw InputError({"--replicates " + text, 0, 0}, "",
                     "expected a number of replicates from 1 to 100000, or auto",
                     "e.g. --replicates 8, or --replicates auto --target-halfwidth 0.5");
  }
  return value;
}

std::filesystem::path output_path(const SweepOptions& options, const Experiment& experiment) {
  if (!options.output.empty()) return options.output;
  if (!experiment.output.empty()) return experiment.output;
  return std::filesystem::path("results") /
         (std::filesystem::path(options.experiment).stem().string() + ".h5");
}

// One design point's scenario: the experiment's fixed settings and factor
// values, then replicates, weeks and seed made common to every point.
// `parameters` (a draw of uncertain parameters) come last.
Scenario point_scenario(const Experiment& experiment, const std::vector<double>& values,
                        int replicates, const ScenarioSchema& schema,
                        const std::vector<std::string>& parameters = {}) {
  std::vector<std::string> overrides = point_overrides(experiment, values);
  if (replicates > 0) overrides.push_back(fmt::format("replicates={}", replicates));
  if (experiment.weeks) overrides.push_back(fmt::format("weeks={}", *experiment.weeks));
  if (experiment.seed) overrides.push_back(fmt::format("seed={}", *experiment.seed));
  overrides.insert(overrides.end(), parameters.begin(), parameters.end());
  return load_scenario(experiment.scenario, overrides, schema);
}

// Checks the factors reach valid scenarios before hours of running: the first
// point and the design's corners (every factor at its lowest, then highest
// value). A rejection is reported at the factor's (or `set:` entry's) place in
// the experiment file, not as the --set override it became.
void check_design(const Experiment& experiment, const std::vector<std::vector<double>>& values,
                  const ScenarioSchema& schema) {
  std::vector<double> low = values.front(), high = values.front();
  for (const std::vector<double>& point : values) {
    for (std::size_t f = 0; f < point.size(); ++f) {
      low[f] = std::min(low[f], point[f]);
      high[f] = std::max(high[f], point[f]);
    }
  }
  for (const std::vector<double>& point : {values.front(), low, high}) {
    try {
      point_scenario(experiment, point, 1, schema);
    } catch (const InputError& error) {
      if (error.where().line > 0) throw;  // in the scenario file itself
      const std::string& key = error.key_path();
      for (const Factor& factor : experiment.factors) {
        if (key == factor.path || key.rfind(factor.path + ".", 0) == 0 ||
            factor.path.rfind(key + ".", 0) == 0) {
          throw InputError(factor.where, "factors." + factor.path,
                           "the scenario rejects this factor's values: " + error.problem(),
                           error.hint());
        }
      }
      for (std::size_t i = 0; i < experiment.fixed.size(); ++i) {
        const std::string path = experiment.fixed[i].substr(0, experiment.fixed[i].find('='));
        if (key == path || key.rfind(path + ".", 0) == 0 || path.rfind(key + ".", 0) == 0) {
          throw InputError(experiment.fixed_where[i], "set." + path,
                           "the scenario rejects this setting: " + error.problem(), error.hint());
        }
      }
      throw;
    }
  }
}

// --replicates auto: a pilot at the design's centre adds replicates until the
// 95 % interval of the target outcome's mean is narrow enough; every point
// then runs that many (the results' [point, replicate, week] arrays need one
// count). The half-width shrinks as 1/sqrt(n), so each step aims 20 % past
// the estimate, which is itself noisy.
int replicates_needed(const Experiment& experiment, const std::vector<double>& centre,
                      const SweepOptions& options, const ScenarioSchema& schema,
                      const std::atomic<bool>& stop) {
  constexpr int kPilotStart = 10;
  const Scenario scenario = point_scenario(experiment, centre, kPilotStart, schema);
  const Model model(scenario);
  EnsembleOptions run;
  run.seed = scenario.seed;
  run.weeks = scenario.weeks;
  run.stop = &stop;
  SeriesTable series;
  int replicates = 0;
  int next = kPilotStart;
  while (!stop) {
    run.first_replicate = replicates;
    run.replicates = next - replicates;
    EnsembleResult more = run_ensemble(*model.simulation, run);
    if (replicates == 0) {
      series = std::move(more.series);
    } else {
      series.append_replicates(more.series);
    }
    replicates = next;
    const std::vector<Outcome> outcomes = annual_outcomes(series, 0, scenario.weeks);
    const auto target = std::find_if(outcomes.begin(), outcomes.end(), [&](const Outcome& o) {
      return o.name == options.target_metric;
    });
    if (target == outcomes.end()) {
      throw InputError({"--target-metric " + options.target_metric, 0, 0}, "",
                       "no outcome of that name",
                       "use an annual outcome, e.g. burnout_mean, turnover or vacancy_rate");
    }
    const Interval ci = mean_interval(target->per_replicate);
    const double halfwidth = (ci.high - ci.low) / 2;
    if (halfwidth <= options.target_halfwidth || replicates >= options.max_replicates) {
      fmt::print(stderr,
                 "replicates auto: {} replicates give {} = {:.4g} +/- {:.4g} at the "
                 "design's centre (target +/- {:.4g})\n",
                 replicates, options.target_metric, ci.mean, halfwidth, options.target_halfwidth);
      return replicates;
    }
    const double needed = replicates * std::pow(halfwidth / options.target_halfwidth, 2) * 1.2;
    next = std::min(options.max_replicates,
                    std::max(replicates + 2, static_cast<int>(std::ceil(needed))));
  }
  return replicates;
}

std::string join_factors(const std::vector<std::string>& factors) {
  std::string out;
  for (const std::string& factor : factors) out += (out.empty() ? "" : ", ") + factor;
  return out;
}

struct PointResult {
  std::vector<std::vector<double>> series;    // [metric][replicate * (weeks + 1) + week]
  std::vector<std::vector<double>> outcomes;  // [outcome][replicate]
  bool complete = false;
};

// The point's replicates: one model for them all, or with parameter
// uncertainty, replicate r alone on a model built with draw r (the same
// draw at every point, as the random numbers are the same).
EnsembleResult run_replicates(const Experiment& experiment, const std::vector<double>& values,
                              int replicates, const ScenarioSchema& schema,
                              const UncertaintySource* uncertainty, const std::atomic<bool>& stop,
                              std::atomic<std::int64_t>& weeks_done) {
  const Scenario scenario = point_scenario(experiment, values, replicates, schema);
  EnsembleOptions options;
  options.seed = scenario.seed;
  options.replicates = scenario.replicates;
  options.weeks = scenario.weeks;
  options.stop = &stop;
  options.weeks_done = &weeks_done;
  if (uncertainty == nullptr) return run_ensemble(*Model(scenario).simulation, options);
  EnsembleResult all;
  for (int r = 0; r < scenario.replicates; ++r) {
    const Model model(point_scenario(
        experiment, values, replicates, schema,
        parameter_overrides(*uncertainty, draw_parameters(*uncertainty, scenario.seed, r))));
    options.first_replicate = r;
    options.replicates = 1;
    EnsembleResult one = run_ensemble(*model.simulation, options);
    if (r == 0) {
      all = std::move(one);
    } else {
      all.series.append_replicates(one.series);
      all.weeks_completed.insert(all.weeks_completed.end(), one.weeks_completed.begin(),
                                 one.weeks_completed.end());
    }
  }
  return all;
}

PointResult run_point(const Experiment& experiment, const std::vector<double>& values,
                      int replicates, const ScenarioSchema& schema,
                      const UncertaintySource* uncertainty, const std::vector<std::string>& metrics,
                      const std::vector<std::string>& outcome_names, const std::atomic<bool>& stop,
                      std::atomic<std::int64_t>& weeks_done) {
  const EnsembleResult result =
      run_replicates(experiment, values, replicates, schema, uncertainty, stop, weeks_done);
  const int weeks = result.series.weeks();
  PointResult out;
  out.complete = std::all_of(result.weeks_completed.begin(), result.weeks_completed.end(),
                             [&](int done) { return done == weeks; });
  if (!out.complete) return out;
  const std::size_t count =
      static_cast<std::size_t>(result.series.replicates()) * (static_cast<std::size_t>(weeks) + 1);
  for (const std::string& metric : metrics) {
    const double* block = result.series.block(0, result.series.metric_index(metric));
    out.series.emplace_back(block, block + count);
  }
  const std::vector<Outcome> outcomes = annual_outcomes(result.series, 0, weeks);
  for (const std::string& name : outcome_names) {
    const auto it = std::find_if(outcomes.begin(), outcomes.end(),
                                 [&](const Outcome& o) { return o.name == name; });
    if (it == outcomes.end()) throw std::runtime_error("a design point lacks the outcome " + name);
    out.outcomes.push_back(it->per_replicate);
  }
  return out;
}

const std::vector<std::string>& sweep_csv_files() {
  static const std::vector<std::string> files{"design.csv", "series.csv"};
  return files;
}

// Tidy CSV: design.csv (one row per point) and series.csv (point, replicate,
// week, metric, value), read back from the file so resumed sweeps are whole.
void write_sweep_csv(const std::filesystem::path& dir, const SweepFile& file,
                     const SweepLayout& layout) {
  std::filesystem::create_directories(dir);
  std::ofstream design(dir / sweep_csv_files()[0]);
  design << "point";
  for (const std::string& factor : layout.factors) design << ',' << factor;
  design << ",seed\n";
  for (std::size_t p = 0; p < layout.values.size(); ++p) {
    design << p;
    for (double value : layout.values[p]) design << ',' << fmt::format("{:.17g}", value);
    design << ',' << layout.seeds[p] << '\n';
  }
  std::ofstream series(dir / sweep_csv_files()[1]);
  series << "point,replicate,week,metric,value\n";
  const auto columns = static_cast<std::size_t>(layout.weeks) + 1;
  for (std::size_t p = 0; p < layout.values.size(); ++p) {
    const std::vector<std::vector<double>> values = file.read_series(static_cast<int>(p));
    for (std::size_t m = 0; m < layout.metrics.size(); ++m) {
      for (int r = 0; r < layout.replicates; ++r) {
        for (std::size_t w = 0; w < columns; ++w) {
          const double v = values[m][static_cast<std::size_t>(r) * columns + w];
          series << p << ',' << r << ',' << w << ',' << layout.metrics[m] << ','
                 << (std::isfinite(v) ? fmt::format("{:.17g}", v) : std::string()) << '\n';
        }
      }
    }
  }
  if (!design || !series) throw std::runtime_error("cannot write CSV files in " + dir.string());
}

// The design points' work items: a PointBatch in; out, per point, a
// PointResult whose values are each metric's [replicates x (weeks + 1)]
// series, then each outcome's [replicates] values.
distributed::Packet run_points(const distributed::Packet& input, const Experiment& experiment,
                               const std::vector<std::vector<double>>& values,
                               const ScenarioSchema& schema, const UncertaintySource* uncertainty,
                               const std::vector<std::string>& metrics,
                               const std::vector<std::string>& outcomes,
                               const std::atomic<bool>& stop,
                               std::atomic<std::int64_t>& weeks_done) {
  const distributed::PointBatch batch = distributed::decode_point_batch(input);
  const auto replicates = static_cast<int>(batch.replicates);
  const std::size_t points = batch.points.size();
  // Points run concurrently: small scenarios leave cores idle inside one point.
  std::vector<PointResult> results(points);
  tbb::parallel_for(std::size_t{0}, points, [&](std::size_t i) {
    if (stop) return;  // unfinished: not written, run again on --resume
    const auto point = static_cast<std::size_t>(batch.points[i]);
    results[i] = run_point(experiment, values.at(point), replicates, schema, uncertainty, metrics,
                           outcomes, stop, weeks_done);
  });
  std::vector<distributed::PointResult> out(points);
  for (std::size_t i = 0; i < points; ++i) {
    out[i].complete = results[i].complete;
    if (!results[i].complete) continue;
    for (const auto* part : {&results[i].series, &results[i].outcomes}) {
      for (const std::vector<double>& v : *part)
        out[i].values.insert(out[i].values.end(), v.begin(), v.end());
    }
  }
  return distributed::encode(out);
}

// The annual outcomes every point records, named from a probe of the design.
std::vector<std::string> outcome_names(const World& world, int weeks) {
  const SeriesTable shape({""}, metric_names(world), 0, weeks);
  std::vector<std::string> names;
  for (const Outcome& outcome : annual_outcomes(shape, 0, weeks)) names.push_back(outcome.name);
  return names;
}

// The headline outcomes of the last year, mean over replicates, point by
// point: enough to see the shape; the file (and its report) has the rest.
void print_sweep_results(const SweepLayout& layout,
                         const std::vector<std::vector<double>>& outcomes) {
  struct Column {
    const char* outcome;
    const char* heading;
    bool percent;
  };
  const Column columns[] = {{"burnout_mean", "burnout", false},
                            {"turnover", "turnover", true},
                            {"vacancy_rate", "vacancies", true},
                            {"cost", "cost a year", false}};
  constexpr std::size_t kShown = 20;
  const auto points = layout.values.size();
  const auto replicates = static_cast<std::size_t>(layout.replicates);
  fmt::print("{:>5}", "point");
  for (const std::string& factor : layout.factors)
    fmt::print("  {:>12}", factor.substr(factor.rfind('.') + 1));
  std::vector<std::size_t> shown_columns;
  for (std::size_t c = 0; c < std::size(columns); ++c) {
    const auto found =
        std::find(layout.outcomes.begin(), layout.outcomes.end(), columns[c].outcome);
    if (found == layout.outcomes.end()) continue;
    shown_columns.push_back(c);
    fmt::print("  {:>13}", columns[c].heading);
  }
  fmt::print("    (year to week {}, mean of {} replicates)\n", layout.weeks, replicates);
  for (std::size_t p = 0; p < std::min(points, kShown); ++p) {
    fmt::print("{:>5}", p);
    for (double value : layout.values[p]) fmt::print("  {:>12.4g}", value);
    for (std::size_t c : shown_columns) {
      const auto o = static_cast<std::size_t>(
          std::find(layout.outcomes.begin(), layout.outcomes.end(), columns[c].outcome) -
          layout.outcomes.begin());
      double sum = 0.0;
      for (std::size_t r = 0; r < replicates; ++r) sum += outcomes[o][p * replicates + r];
      const double mean = sum / static_cast<double>(replicates);
      fmt::print("  {:>13}", columns[c].percent ? fmt::format("{:.2f} %", 100 * mean)
                             : std::string(columns[c].outcome) == "cost"
                                 ? fmt::format("{:.0f}", mean)
                                 : fmt::format("{:.4g}", mean));
    }
    fmt::print("\n");
  }
  if (points > kShown)
    fmt::print("({} more points: all are in the file, and in wfsim report's charts)\n",
               points - kShown);
}

int sweep(const SweepOptions& options) {
  distributed::Cluster& cluster = distributed::cluster();
  const Experiment experiment = load_experiment(options.experiment);
  const ScenarioSchema schema = model::schema();
  const std::vector<std::vector<double>> values = design_values(experiment);
  check_design(experiment, values, schema);
  const int threads = thread_count(options.threads);
  const tbb::global_control parallelism = limit_threads(threads);
  const std::atomic<bool>& interrupted = install_interrupt_handlers();
  if (!options.uncertainty.empty() && options.replicates == "auto") {
    throw InputError({"--replicates auto", 0, 0}, "", "not available with --uncertainty",
                     "give a number of replicates, e.g. --replicates 100: each replicate is a "
                     "parameter draw");
  }
  // Every rank reads the uncertainty files: each point draws from them.
  const std::optional<UncertaintySource> uncertainty =
      options.uncertainty.empty()
          ? std::nullopt
          : std::optional(load_uncertainty(std::vector<std::filesystem::path>(
                options.uncertainty.begin(), options.uncertainty.end())));
  const UncertaintySource* source = uncertainty ? &*uncertainty : nullptr;

  std::atomic<std::int64_t> weeks_done{0};
  if (!cluster.root()) {
    // A worker needs only what names a point's series: the metrics, and the
    // outcomes (which depend on the weeks, not on the replicates).
    const Model probe(point_scenario(experiment, values.front(), 1, schema));
    const std::vector<std::string> outcomes = outcome_names(probe.world(), probe.scenario.weeks);
    return cluster.serve([&](const distributed::Packet& item) {
      return run_points(item, experiment, values, schema, source, experiment.metrics, outcomes,
                        interrupted, weeks_done);
    });
  }

  int replicates = experiment.replicates.value_or(0);
  if (options.replicates == "auto") {
    if (options.target_halfwidth <= 0) {
      throw InputError({"--replicates auto", 0, 0}, "", "no target interval half-width given",
                       "add --target-halfwidth, e.g. --target-halfwidth 0.5 for burnout_mean");
    }
    std::vector<double> centre(experiment.factors.size());
    for (std::size_t f = 0; f < centre.size(); ++f) {
      double sum = 0;
      for (const std::vector<double>& point : values) sum += point[f];
      centre[f] = sum / static_cast<double>(values.size());
      if (experiment.factors[f].integer) centre[f] = std::round(centre[f]);
    }
    replicates = replicates_needed(experiment, centre, options, schema, interrupted);
    if (interrupted) return kExitInterrupted;
  } else if (!options.replicates.empty()) {
    replicates = parse_replicate_count(options.replicates);
  }
  const Scenario first = point_scenario(experiment, values.front(), replicates, schema);
  const Model probe(first);

  SweepLayout layout;
  layout.experiment_text = experiment.text;
  layout.scenario_yaml = to_yaml(first, schema);
  layout.name = first.name;
  layout.threads = threads;
  layout.design = design_kind_names()[static_cast<std::size_t>(experiment.design)];
  for (const Factor& factor : experiment.factors) layout.factors.push_back(factor.path);
  layout.values = values;
  layout.seeds.assign(values.size(), first.seed);  // common random numbers across points
  layout.replicates = first.replicates;
  layout.weeks = first.weeks;
  layout.metrics = experiment.metrics;
  if (source != nullptr) {
    // A factor or a `set:` key that is also drawn would be overridden by the draw.
    for (const UncertainParameter& parameter : source->parameters) {
      for (const Factor& factor : experiment.factors) {
        if (factor.path == parameter.path)
          throw InputError(factor.where, "factors." + factor.path,
                           "this factor also has a prior in " + parameter.where.file,
                           "sweep it or draw it, not both: drop it from one of the files");
      }
      for (std::size_t i = 0; i < experiment.fixed.size(); ++i) {
        if (experiment.fixed[i].rfind(parameter.path + "=", 0) == 0)
          throw InputError(experiment.fixed_where[i], "set." + parameter.path,
                           "this setting also has a prior in " + parameter.where.file,
                           "set it or draw it, not both: drop it from one of the files");
      }
    }
    layout.uncertainty = source->file;
    layout.uncertainty_text = source->text;
    for (const UncertainParameter& parameter : source->parameters)
      layout.uncertain_parameters.push_back(parameter.path);
    // Every draw must make a valid scenario: check them all before any run.
    // A rejected value is reported at its prior in the priors file.
    for (int r = 0; r < layout.replicates; ++r) {
      layout.draws.push_back(draw_parameters(*source, first.seed, r));
      try {
        point_scenario(experiment, values.front(), 1, schema,
                       parameter_overrides(*source, layout.draws.back()));
      } catch (const InputError& error) {
        throw in_study_file(error, uncertainty_keys(*source));
      }
    }
  }
  const std::vector<std::string> available = metric_names(probe.world());
  for (std::size_t i = 0; i < layout.metrics.size(); ++i) {
    if (std::find(available.begin(), available.end(), layout.metrics[i]) == available.end()) {
      const std::string suggestion = did_you_mean(layout.metrics[i], available);
      const InputLocation where = i < experiment.metrics_where.size()
                                      ? experiment.metrics_where[i]
                                      : InputLocation{experiment.source, 0, 0};
      throw InputError(where, fmt::format("metrics.{}", i),
                       "unknown metric '" + layout.metrics[i] + "'",
                       suggestion.empty() ? "see docs/results.md for the metrics"
                                          : "did you mean '" + suggestion + "'?");
    }
  }
  layout.outcomes = outcome_names(probe.world(), first.weeks);

  const std::filesystem::path output = output_path(options, experiment);
  const OutputRules rules{{options.experiment}, options.force || options.resume};
  check_output(output, "-o", rules);
  if (!options.csv_dir.empty())
    check_output_dir(options.csv_dir, sweep_csv_files(), "--csv",
                     {{options.experiment}, options.force});
  if (!options.resume) {
    // The file is laid out whole at once: every point's series, filled as they run.
    const double points = static_cast<double>(layout.values.size());
    const double each = layout.replicates;  // replicates per point
    ResourceNeed need = model_need(probe.scenario);
    need.add_disk(
        8 * points * each * (layout.weeks + 1) * static_cast<double>(layout.metrics.size()),
        fmt::format("of series ({:.0f} points x {:.0f} replicates x {} weeks x {} "
                    "metrics)",
                    points, each, layout.weeks + 1, layout.metrics.size()));
    need.add_disk(8 * points * each * static_cast<double>(layout.outcomes.size()), "of outcomes");
    check_resources(need, options.limits, output);
  }
  SweepFile file = options.resume ? SweepFile::resume(output, layout)
                                  : SweepFile::create(output, layout, provenance());
  std::vector<std::uint8_t> done = file.done();
  std::vector<int> pending_points;
  for (std::size_t p = 0; p < done.size(); ++p) {
    if (!done[p]) pending_points.push_back(static_cast<int>(p));
  }
  if (options.resume) {
    fmt::print(stderr, "resuming: {} of {} points done, {} to run\n",
               done.size() - pending_points.size(), done.size(), pending_points.size());
  }
  const bool limited = options.max_points > 0 &&
                       pending_points.size() > static_cast<std::size_t>(options.max_points);
  if (limited) pending_points.resize(static_cast<std::size_t>(options.max_points));

  // Points go to the ranks a batch at a time; each batch's points run
  // concurrently in its rank. Batches are written in point order as they
  // arrive, so a checkpoint never waits for the whole design, and memory
  // holds a few batches. One rank runs batches of --points-at-once (default
  // twice its threads); more ranks, smaller batches for balance.
  int batch = options.batch > 0 ? options.batch : 2 * threads;
  if (cluster.size() > 1 && options.batch == 0) {
    const auto balanced = static_cast<int>(
        (static_cast<std::int64_t>(pending_points.size()) + 4 * cluster.size() - 1) /
        (4 * cluster.size()));
    batch = std::max(1, std::min(batch, balanced));
  }
  std::vector<distributed::PointBatch> batches;
  std::vector<distributed::Packet> items;
  for (std::size_t begin = 0; begin < pending_points.size();
       begin += static_cast<std::size_t>(batch)) {
    distributed::PointBatch item{replicates, {}};
    const std::size_t end =
        std::min(pending_points.size(), begin + static_cast<std::size_t>(batch));
    for (std::size_t i = begin; i < end; ++i) item.points.push_back(pending_points[i]);
    items.push_back(distributed::encode(item));
    batches.push_back(std::move(item));
  }
  const std::size_t series_values =
      static_cast<std::size_t>(layout.replicates) * (static_cast<std::size_t>(layout.weeks) + 1);
  {
    const ProgressBar progress(
        weeks_done,
        static_cast<std::int64_t>(pending_points.size()) * layout.replicates * layout.weeks,
        "weeks");
    const std::size_t point_values =
        layout.metrics.size() * series_values +
        layout.outcomes.size() * static_cast<std::size_t>(layout.replicates);
    const auto write = [&](std::size_t index, distributed::Packet&& packet) {
      const std::vector<std::int64_t>& points = batches[index].points;
      const std::vector<distributed::PointResult> results =
          distributed::decode_point_results(packet, points.size(), point_values);
      for (std::size_t i = 0; i < points.size(); ++i) {
        if (cluster.size() > 1)
          weeks_done.fetch_add(std::int64_t{layout.replicates} * layout.weeks);
        if (!results[i].complete) continue;
        std::size_t at = 0;
        const auto take = [&](std::size_t count) {
          std::vector<double> v(
              results[i].values.begin() + static_cast<std::ptrdiff_t>(at),
              results[i].values.begin() + static_cast<std::ptrdiff_t>(at + count));
          at += count;
          return v;
        };
        std::vector<std::vector<double>> series, outcomes;
        for (std::size_t m = 0; m < layout.metrics.size(); ++m)
          series.push_back(take(series_values));
        for (std::size_t o = 0; o < layout.outcomes.size(); ++o)
          outcomes.push_back(take(static_cast<std::size_t>(layout.replicates)));
        file.write_point(static_cast<int>(points[i]), series, outcomes);
        done[static_cast<std::size_t>(points[i])] = 1;
      }
    };
    // With more ranks, progress counts each batch as it arrives (above).
    std::atomic<std::int64_t> local_weeks{0};
    std::atomic<std::int64_t>& counted = cluster.size() > 1 ? local_weeks : weeks_done;
    const auto task = [&](const distributed::Packet& item) {
      return run_points(item, experiment, values, schema, source, layout.metrics, layout.outcomes,
                        interrupted, counted);
    };
    cluster.map(items, task, write);
  }
  const bool complete = std::all_of(done.begin(), done.end(), [](std::uint8_t d) { return d; });
  if (!options.csv_dir.empty()) write_sweep_csv(options.csv_dir, file, layout);
  const std::vector<std::vector<double>> outcomes =
      complete ? file.read_outcomes() : std::vector<std::vector<double>>{};
  file.close(complete);
  if (!complete && !interrupted) {
    fmt::print(stderr,
               "stopped after --max-points {}: {} of {} points are in {} (marked incomplete); "
               "continue with\n  wfsim sweep {} --resume{}\n",
               options.max_points, std::count(done.begin(), done.end(), 1), done.size(),
               output.string(), options.experiment,
               options.output.empty() ? "" : " -o " + options.output);
    return kExitOk;
  }
  if (!complete) {
    fmt::print(stderr,
               "interrupted: {} of {} points are in {} (marked incomplete); continue with\n"
               "  wfsim sweep {} --resume{}\n",
               std::count(done.begin(), done.end(), 1), done.size(), output.string(),
               options.experiment, options.output.empty() ? "" : " -o " + options.output);
    return kExitInterrupted;
  }
  fmt::print("{} design ({}), {} points x {} replicates x {} weeks\n", layout.design,
             join_factors(layout.factors), done.size(), layout.replicates, layout.weeks);
  if (!layout.uncertainty.empty()) {
    fmt::print(
        "parameter uncertainty: replicate r of every point draws the same values of {} "
        "parameters from {}\n",
        layout.uncertain_parameters.size(), layout.uncertainty);
  }
  fmt::print("\n");
  print_sweep_results(layout, outcomes);
  fmt::print("\nresults: {}\n", output.string());
  return kExitOk;
}

}  // namespace

void add_sweep_command(CLI::App& app, std::function<int()>& action) {
  auto options = std::make_shared<SweepOptions>();
  CLI::App* command = app.add_subcommand(
      "sweep", "Run a design (grid, Latin hypercube or Sobol) of scenario variants x replicates");
  command->add_option("experiment", options->experiment, "Experiment file (YAML)")->required();
  command->add_option("-o,--output", options->output,
                      "Results file (HDF5); default: the experiment's output, else "
                      "results/<experiment>.h5");
  add_force_option(command, options->force);
  add_resource_options(command, options->limits);
  command->add_flag("--resume", options->resume,
                    "Continue an interrupted sweep in its results file, skipping finished points");
  command->add_option("--csv", options->csv_dir,
                      "Also write design.csv and series.csv (tidy) into this directory");
  command->add_option("--threads", options->threads, "Worker threads (default: all cores)")
      ->check(whole_number(1, 1024));
  command
      ->add_option("--points-at-once", options->batch,
                   "Design points run concurrently (default: twice the threads)")
      ->check(whole_number(1, 100000));
  command
      ->add_option("--max-points", options->max_points,
                   "Run at most this many unfinished points, then stop with a resumable "
                   "file (e.g. to fit a job's time limit)")
      ->check(whole_number(1, 10000000));
  command->add_option("--replicates", options->replicates,
                      "Replicates per point (overrides the experiment), or 'auto' to choose them "
                      "on a pilot at the design's centre");
  command
      ->add_option("--target-metric", options->target_metric,
                   "With --replicates auto: the annual outcome whose interval to narrow")
      ->capture_default_str();
  command
      ->add_option("--target-halfwidth", options->target_halfwidth,
                   "With --replicates auto: the 95% half-width of its mean to reach")
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--max-replicates", options->max_replicates,
                   "With --replicates auto: replicates to stop at")
      ->check(whole_number(2, 100000))
      ->capture_default_str();
  command->add_option("--uncertainty", options->uncertainty,
                      "Parameter uncertainty: a priors file (YAML; repeat for more) or a "
                      "calibration results file (.h5); replicate r of every point runs with "
                      "draw r");
  command->callback([&action, options] { action = [options] { return sweep(*options); }; });
}

}  // namespace wfsim::cli
