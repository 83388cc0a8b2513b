// `wfsim calibrate CALIBRATION.yaml`: ABC-SMC of scenario parameters against
// targets, checkpointed after every generation, ending with the posterior,
// its diagnostics and a posterior predictive check.
#include <fmt/format.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "analysis/calibration.hpp"
#include "analysis/calibration_h5.hpp"
#include "analysis/study_file.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/output_rules.hpp"
#include "cli/resource_limits.hpp"
#include "cli/run_setup.hpp"
#include "cli/whole_number.hpp"
#include "distributed/cluster.hpp"
#include "distributed/messages.hpp"
#include "models/model.hpp"
#include "record/ensemble.hpp"
#include "record/metrics.hpp"

namespace wfsim::cli {

namespace {

struct CalibrateOptions {
  std::string file;
  std::string output;
  bool resume = false;
  bool force = false;
  int threads = 0;
  ResourceLimits limits;
};

constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// The calibration's `set:` entries and its weeks, as overrides of its scenario.
std::vector<std::string> fixed_overrides(const Calibration& calibration) {
  std::vector<std::string> overrides = calibration.fixed;
  overrides.push_back(fmt::format("weeks={}", calibration.weeks()));
  return overrides;
}

// Turns proposals into simulated target statistics, in parallel.
class Simulator {
 public:
  Simulator(const Calibration& calibration, const ScenarioSchema& schema,
            const std::atomic<bool>& stop)
      : calibration_(calibration),
        schema_(schema),
        stop_(stop),
        base_(load_scenario(calibration.scenario, base_overrides(calibration), schema)) {}

  /// The fixed settings, and weeks and replicates as every simulation runs them.
  static std::vector<std::string> base_overrides(const Calibration& calibration) {
    std::vector<std::string> overrides = fixed_overrides(calibration);
    overrides.push_back(fmt::format("replicates={}", calibration.replicates));
    return overrides;
  }

  /// The scenario at parameter values `theta`. Model parameters are set on
  /// the scenario read once (a large scenario takes longer to read than to
  /// simulate); other keys go through the loader as --set overrides.
  Scenario scenario_with(const std::vector<double>& theta) const {
    Scenario scenario = base_;
    std::vector<std::string> overrides;
    for (std::size_t j = 0; j < theta.size(); ++j) {
      const std::string& path = calibration_.priors[j].path;
      if (!set_scenario_parameter(scenario, path, theta[j], schema_))
        overrides.push_back(fmt::format("{}={:.17g}", path, theta[j]));
    }
    if (overrides.empty()) return scenario;
    std::vector<std::string> all = base_overrides(calibration_);
    for (std::size_t j = 0; j < theta.size(); ++j)
      all.push_back(fmt::format("{}={:.17g}", calibration_.priors[j].path, theta[j]));
    return load_scenario(calibration_.scenario, all, schema_);
  }

  /// The targets' statistics for parameter values `theta`; empty when the
  /// scenario rejects the values (outside a parameter's range).
  std::vector<double> statistics(const std::vector<double>& theta, std::uint64_t seed) const {
    Scenario scenario;
    try {
      scenario = scenario_with(theta);
    } catch (const InputError&) {
      return {};
    }
    scenario.seed = seed >> 1;  // scenario seeds are below 2^63
    const Model model(std::move(scenario));
    EnsembleOptions options;
    options.seed = model.scenario.seed;
    options.replicates = calibration_.replicates;
    options.weeks = calibration_.weeks();
    options.stop = &stop_;
    const EnsembleResult result = run_ensemble(*model.simulation, options);
    std::vector<double> out;
    for (const CalibrationTarget& target : calibration_.targets) {
      const auto scopes = result.series.scopes();
      const std::size_t scope = static_cast<std::size_t>(
          std::find(scopes.begin(), scopes.end(), target.org) - scopes.begin());
      const double* block = result.series.block(scope, result.series.metric_index(target.metric));
      out.push_back(target_statistic(target, block, calibration_.replicates, calibration_.weeks()));
    }
    return out;
  }

  /// What a batch of simulations computes: each one's distance to the
  /// targets (ABC), or its target statistics (the predictive check).
  enum class Kind : std::int64_t { distances = 0, statistics = 1 };

  /// One work item: a SimulationBatch in (its kind a Kind), SimulationResults
  /// out: per simulation, kind distances, one distance (+inf when the
  /// scenario rejects the values); kind statistics, the statistics (none when
  /// rejected).
  distributed::Packet evaluate(const distributed::Packet& input) const {
    const distributed::SimulationBatch batch =
        distributed::decode_simulation_batch(input, calibration_.priors.size());
    const auto kind = static_cast<Kind>(batch.kind);
    const std::size_t n = batch.seeds.size();
    std::vector<std::vector<double>> statistics_of(n);
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
      if (stop_) return;
      statistics_of[i] = statistics(batch.parameters[i], batch.seeds[i]);
    });
    distributed::SimulationResults out;
    for (const std::vector<double>& s : statistics_of) {
      if (s.empty()) {
        out.rejected += stop_ ? 0 : 1;
      } else {
        ++out.simulations;
      }
      if (kind == Kind::distances) {
        out.values.push_back({s.empty() ? kInfinity : target_distance(calibration_.targets, s)});
      } else {
        out.values.push_back(s);
      }
    }
    out.interrupted = stop_;
    return distributed::encode(out);
  }

  struct Interrupted {};

 private:
  const Calibration& calibration_;
  const ScenarioSchema& schema_;
  const std::atomic<bool>& stop_;
  const Scenario base_;
};

// Rank 0's side of the simulations: batches split into work items for the
// cluster's ranks, results gathered in order, simulations counted.
class Batches {
 public:
  Batches(const Simulator& simulator, distributed::Cluster& cluster, int threads)
      : simulator_(simulator), cluster_(cluster), threads_(threads) {}

  /// Per simulation: its distance (one value) or its statistics. Throws
  /// Simulator::Interrupted if any rank was interrupted.
  std::vector<std::vector<double>> run(Simulator::Kind kind,
                                       const std::vector<std::vector<double>>& thetas,
                                       const std::vector<std::uint64_t>& seeds) {
    const auto n = static_cast<std::int64_t>(thetas.size());
    const int chunk = distributed::chunk_size(n, cluster_.size(), threads_);
    std::vector<std::size_t> counts;
    std::vector<distributed::Packet> items;
    for (std::int64_t begin = 0; begin < n; begin += chunk) {
      distributed::SimulationBatch item{static_cast<std::int64_t>(kind), {}, {}};
      for (std::int64_t i = begin; i < std::min(n, begin + chunk); ++i) {
        item.seeds.push_back(seeds[static_cast<std::size_t>(i)]);
        item.parameters.push_back(thetas[static_cast<std::size_t>(i)]);
      }
      counts.push_back(item.seeds.size());
      items.push_back(distributed::encode(item));
    }
    std::vector<std::vector<double>> out;
    bool interrupted = false;
    const auto gather = [&](std::size_t index, distributed::Packet&& packet) {
      distributed::SimulationResults result =
          distributed::decode_simulation_results(packet, counts[index]);
      simulations_ += result.simulations;
      rejected_ += result.rejected;
      interrupted = interrupted || result.interrupted;
      for (std::vector<double>& values : result.values) out.push_back(std::move(values));
    };
    cluster_.map(
        items, [&](const distributed::Packet& item) { return simulator_.evaluate(item); }, gather);
    if (interrupted) throw Simulator::Interrupted{};
    return out;
  }

  std::vector<double> distances(const std::vector<Proposal>& proposals) {
    std::vector<std::vector<double>> thetas;
    std::vector<std::uint64_t> seeds;
    for (const Proposal& proposal : proposals) {
      thetas.push_back(proposal.theta);
      seeds.push_back(proposal.simulation_seed);
    }
    std::vector<double> d;
    for (const std::vector<double>& one : run(Simulator::Kind::distances, thetas, seeds))
      d.push_back(one.at(0));
    return d;
  }

  std::int64_t simulations() const { return simulations_; }
  std::int64_t rejected() const { return rejected_; }

 private:
  const Simulator& simulator_;
  distributed::Cluster& cluster_;
  int threads_;
  std::int64_t simulations_ = 0;
  std::int64_t rejected_ = 0;
};

// The scenario every simulation starts from: the file with the calibration's
// `set:` entries and weeks; a `set:` key the scenario rejects is reported
// where the calibration file writes it.
Scenario calibration_scenario(const Calibration& calibration, const ScenarioSchema& schema) {
  try {
    return load_scenario(calibration.scenario, fixed_overrides(calibration), schema);
  } catch (const InputError& error) {
    throw in_study_file(error, set_keys(calibration.fixed, calibration.fixed_where));
  }
}

// Checks, before any simulation, that every prior names a key the scenario
// accepts and every target a metric and organisation the run (`model`, of
// calibration_scenario) records.
void check_against_scenario(const Calibration& calibration, const Model& model,
                            const ScenarioSchema& schema) {
  for (const CalibrationPrior& prior : calibration.priors) {
    std::vector<std::string> overrides = fixed_overrides(calibration);
    overrides.push_back(fmt::format("{}={:.17g}", prior.path, prior.prior.mean()));
    try {
      load_scenario(calibration.scenario, overrides, schema);
    } catch (const InputError& error) {
      throw InputError(
          prior.where, "priors." + prior.path,
          "the scenario does not accept this key at the prior's mean: " + error.problem(),
          error.hint());
    }
  }
  const std::vector<std::string> metrics = metric_names(model.world());
  for (std::size_t i = 0; i < calibration.targets.size(); ++i) {
    const CalibrationTarget& target = calibration.targets[i];
    const std::string path = fmt::format("targets.{}", i);
    if (std::find(metrics.begin(), metrics.end(), target.metric) == metrics.end()) {
      const std::string suggestion = did_you_mean(target.metric, metrics);
      throw InputError(target.where, path + ".metric", "unknown metric '" + target.metric + "'",
                       suggestion.empty() ? "see docs/results.md for the metrics"
                                          : "did you mean '" + suggestion + "'?");
    }
    const auto& orgs = model.world().orgs.id;
    if (!target.org.empty() && std::find(orgs.begin(), orgs.end(), target.org) == orgs.end()) {
      throw InputError(target.where, path + ".org",
                       "the scenario has no organisation '" + target.org + "'",
                       "one of: " + fmt::format("{}", fmt::join(orgs, ", ")));
    }
  }
}

// Fresh simulations at posterior draws (resampled by weight): does the
// calibrated model reproduce each target, and with what spread?
std::vector<PredictiveRow> predictive_check(const Calibration& calibration,
                                            const Generation& posterior, Batches& batches) {
  const int draws = calibration.predictive_draws;
  std::vector<double> cumulative(posterior.weight.size());
  std::partial_sum(posterior.weight.begin(), posterior.weight.end(), cumulative.begin());
  std::vector<std::vector<double>> thetas(static_cast<std::size_t>(draws));
  std::vector<std::uint64_t> seeds(static_cast<std::size_t>(draws));
  for (int k = 0; k < draws; ++k) {
    RandomStream stream({calibration.abc.seed, 0, 0, static_cast<std::uint32_t>(k),
                         Purpose{"abc predictive draw"}});
    const double u = stream.uniform() * cumulative.back();
    const auto parent = std::min<std::size_t>(
        static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                 cumulative.begin()),
        cumulative.size() - 1);
    seeds[static_cast<std::size_t>(k)] =
        (std::uint64_t{stream.next_u32()} << 32) | stream.next_u32();
    thetas[static_cast<std::size_t>(k)] = posterior.theta[parent];
  }
  const std::vector<std::vector<double>> statistics =
      batches.run(Simulator::Kind::statistics, thetas, seeds);
  std::vector<PredictiveRow> rows;
  for (std::size_t t = 0; t < calibration.targets.size(); ++t) {
    const CalibrationTarget& target = calibration.targets[t];
    std::vector<double> values;
    for (const std::vector<double>& s : statistics) {
      if (!s.empty() && std::isfinite(s[t])) values.push_back(s[t]);
    }
    std::sort(values.begin(), values.end());
    PredictiveRow row{
        target.metric, target.org, target.from_week, target.to_week, target.value, target.sd, 0.0,
        0.0,           0.0};
    if (!values.empty()) {
      double sum = 0;
      for (double v : values) sum += v;
      row.mean = sum / static_cast<double>(values.size());
      const auto at = [&](double p) {
        return values[static_cast<std::size_t>(
            std::round(p * static_cast<double>(values.size() - 1)))];
      };
      row.low = at(0.025);
      row.high = at(0.975);
    }
    rows.push_back(row);
  }
  return rows;
}

void print_generation(const Generation& g, double seconds, std::int64_t simulations_total) {
  fmt::print(stderr,
             "generation {}: tolerance {:.4g}, accepted {} of {} ({:.1f} %), ESS {:.0f}, "
             "{:.1f} s ({:.0f} simulations/s)\n",
             g.index, g.tolerance, g.theta.size(), g.simulations, 100 * g.acceptance_rate,
             g.effective_sample_size, seconds,
             seconds > 0 ? static_cast<double>(simulations_total) / seconds : 0.0);
}

void print_results(const Calibration& calibration, const Generation& posterior,
                   const std::vector<PredictiveRow>& predictive) {
  fmt::print("posterior (generation {}, {} particles, ESS {:.0f})\n\n", posterior.index,
             posterior.theta.size(), posterior.effective_sample_size);
  fmt::print("{:<44} {:>10} {:>10} {:>23}   {}\n", "parameter", "mean", "sd", "90% credible",
             "prior (mean, sd)");
  for (std::size_t j = 0; j < calibration.priors.size(); ++j) {
    const auto [mean, sd] = AbcSmc::weighted_moments(posterior, j);
    const Prior& prior = calibration.priors[j].prior;
    fmt::print("{:<44} {:>10.4g} {:>10.4g} {:>23}   {} ({:.4g}, {:.4g})\n",
               calibration.priors[j].path, mean, sd,
               fmt::format("[{:.4g}, {:.4g}]", AbcSmc::weighted_quantile(posterior, j, 0.05),
                           AbcSmc::weighted_quantile(posterior, j, 0.95)),
               describe(prior), prior.mean(), prior.sd());
  }
  fmt::print("\nposterior predictive check ({} draws)\n\n", calibration.predictive_draws);
  fmt::print("{:<28} {:>11} {:>10} {:>10} {:>10}   {:<23} {}\n", "target", "weeks", "value", "sd",
             "simulated", "95% of draws", "within");
  for (const PredictiveRow& row : predictive) {
    const bool within = row.target >= row.low && row.target <= row.high;
    fmt::print("{:<28} {:>11} {:>10.4g} {:>10.4g} {:>10.4g}   {:<23} {}\n",
               row.org.empty() ? row.metric : row.org + "/" + row.metric,
               fmt::format("{}-{}", row.from_week, row.to_week), row.target, row.target_sd,
               row.mean, fmt::format("[{:.4g}, {:.4g}]", row.low, row.high), within ? "yes" : "NO");
  }
}

// `threads` simulations run at once, each building its own model (`each`,
// model_need of the scenario) and running its replicates on `world`; the
// file holds every generation's particles (values, weight, distance) and
// their statistics.
ResourceNeed calibration_need(const Calibration& calibration, ResourceNeed each, const World& world,
                              int threads) {
  // Its replicates share the threads with the other simulations: one at a time each.
  // (at_once counts memory only: the series are not written.)
  each.add(ensemble_need(world, calibration.replicates, calibration.weeks(), 1));
  ResourceNeed need = at_once(each, threads, "simulation");
  const double values_per_particle =
      static_cast<double>(calibration.priors.size() + calibration.targets.size() + 2);
  need.add_disk(
      8 * values_per_particle * calibration.abc.particles * calibration.abc.max_generations,
      fmt::format("for up to {} generations of {} particles", calibration.abc.max_generations,
                  calibration.abc.particles));
  return need;
}

int calibrate(const CalibrateOptions& options) {
  distributed::Cluster& cluster = distributed::cluster();
  const Calibration calibration = load_calibration(options.file);
  const ScenarioSchema schema = model::schema();
  const Scenario resolved = calibration_scenario(calibration, schema);
  const std::filesystem::path output =
      !options.output.empty() ? std::filesystem::path(options.output)
      : !calibration.output.empty()
          ? std::filesystem::path(calibration.output)
          : std::filesystem::path("results") /
                (std::filesystem::path(options.file).stem().string() + ".h5");
  const int threads = thread_count(options.threads);
  // The models' memory first, before one is built: a model may be what does
  // not fit. Then the priors and targets against a model, before the output
  // is checked (which makes its folder), so a bad file leaves nothing behind.
  const ResourceNeed each_model = model_need(resolved);
  if (cluster.root())
    check_resources(at_once(each_model, threads, "simulation"), options.limits, output);
  {  // the probe is not kept through the calibration
    const Model probe(resolved);
    check_against_scenario(calibration, probe, schema);
    if (cluster.root()) {
      check_output(output, "-o", {{options.file}, options.force || options.resume});
      check_resources(calibration_need(calibration, each_model, probe.world(), threads),
                      options.limits, output);
    }
  }
  const tbb::global_control parallelism = limit_threads(threads);
  const std::atomic<bool>& interrupted = install_interrupt_handlers();
  const Simulator simulator(calibration, schema, interrupted);
  // Rank 0 runs the ABC; every rank simulates the proposals it is sent.
  if (!cluster.root()) {
    return cluster.serve(
        [&simulator](const distributed::Packet& item) { return simulator.evaluate(item); });
  }
  Batches batches(simulator, cluster, threads);

  std::vector<Prior> priors;
  CalibrationRecord record;
  record.calibration_text = calibration.text;
  record.scenario_yaml = to_yaml(resolved, schema);
  record.name = resolved.name;
  record.threads = threads;
  for (const CalibrationPrior& prior : calibration.priors) {
    priors.push_back(prior.prior);
    record.parameters.push_back(prior.path);
    record.prior_descriptions.push_back(describe(prior.prior));
  }
  record.seed = calibration.abc.seed;
  record.particles = calibration.abc.particles;
  if (options.resume) {
    read_calibration_checkpoint(output, calibration.text, record.parameters, record.generations,
                                record.seconds);
    fmt::print(stderr, "resuming after generation {}\n", record.generations.back().index);
  }

  // Proposals go out in batches; more ranks need bigger batches to stay busy.
  // The posterior does not depend on the batch size (abc.hpp), only the
  // proposals simulated past a generation's last acceptance do.
  AbcSettings settings = calibration.abc;
  if (cluster.size() > 1) settings.batch = std::max(settings.batch, 4 * cluster.size() * threads);
  const AbcSmc abc(priors, settings);
  const auto distances = [&](const std::vector<Proposal>& p) { return batches.distances(p); };
  const auto started = std::chrono::steady_clock::now();
  try {
    while (record.generations.empty() || !abc.finished(record.generations.back())) {
      const auto generation_start = std::chrono::steady_clock::now();
      Generation next = record.generations.empty() ? abc.first(distances)
                                                   : abc.next(record.generations.back(), distances);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - generation_start)
              .count();
      print_generation(next, seconds, next.simulations);
      record.generations.push_back(std::move(next));
      record.seconds.push_back(seconds);
      write_calibration_h5(output, record, provenance());  // the checkpoint
    }
  } catch (const Simulator::Interrupted&) {
    if (record.generations.empty()) {
      // Nothing was written: there is no file to continue.
      fmt::print(stderr,
                 "interrupted during the first generation: nothing written; start again with\n"
                 "  wfsim calibrate {}{}\n",
                 options.file, options.output.empty() ? "" : " -o " + options.output);
      return kExitInterrupted;
    }
    fmt::print(stderr,
               "interrupted: {} generations are in {} (marked incomplete); continue with\n"
               "  wfsim calibrate {} --resume{}\n",
               record.generations.size(), output.string(), options.file,
               options.output.empty() ? "" : " -o " + options.output);
    return kExitInterrupted;
  }
  if (record.generations.back().exhausted) {
    fmt::print(stderr,
               "generation {} stopped at its simulation budget (acceptance below {}); the "
               "posterior is generation {}\n",
               record.generations.back().index, calibration.abc.min_acceptance,
               posterior_generation(record.generations).index);
  }
  const Generation& posterior = posterior_generation(record.generations);
  try {
    record.predictive = predictive_check(calibration, posterior, batches);
  } catch (const Simulator::Interrupted&) {
    return kExitInterrupted;
  }
  if (interrupted) return kExitInterrupted;
  record.complete = true;
  write_calibration_h5(output, record, provenance());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_results(calibration, posterior, record.predictive);
  fmt::print(
      "\n{} simulations in {:.1f} s ({:.0f} simulations/s, {} threads{}){}\nresults: {}\n",
      batches.simulations(), seconds, static_cast<double>(batches.simulations()) / seconds, threads,
      cluster.size() > 1 ? fmt::format(" x {} ranks", cluster.size()) : std::string(),
      batches.rejected() > 0 ? fmt::format("; {} proposals outside the parameters' ranges rejected",
                                           batches.rejected())
                             : std::string(),
      output.string());
  return kExitOk;
}

}  // namespace

void add_calibrate_command(CLI::App& app, std::function<int()>& action) {
  auto options = std::make_shared<CalibrateOptions>();
  CLI::App* command =
      app.add_subcommand("calibrate", "Calibrate scenario parameters to targets by ABC-SMC");
  command->add_option("calibration", options->file, "Calibration file (YAML)")->required();
  command->add_option("-o,--output", options->output,
                      "Posterior file (HDF5); default: the file's output, else "
                      "results/<calibration>.h5");
  add_force_option(command, options->force);
  add_resource_options(command, options->limits);
  command->add_flag("--resume", options->resume,
                    "Continue an interrupted calibration from its last finished generation");
  command->add_option("--threads", options->threads, "Worker threads (default: all cores)")
      ->check(whole_number(1, 1024));
  command->callback([&action, options] { action = [options] { return calibrate(*options); }; });
}

}  // namespace wfsim::cli
