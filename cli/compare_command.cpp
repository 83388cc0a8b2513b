// `wfsim compare A.yaml B.yaml`: the what-if question. Both arms run with the
// same random streams (common random numbers), so replicate r of B differs
// from replicate r of A only through the scenarios; outcomes are compared by
// paired differences with intervals at chosen horizons.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "analysis/comparison_h5.hpp"
#include "cli/commands.hpp"
#include "cli/comparison_output.hpp"
#include "cli/interrupt.hpp"
#include "cli/output_rules.hpp"
#include "cli/progress.hpp"
#include "cli/resource_limits.hpp"
#include "cli/run_setup.hpp"
#include "cli/uncertain_runs.hpp"
#include "cli/whole_number.hpp"
#include "distributed/cluster.hpp"
#include "distributed/ensembles.hpp"
#include "models/model.hpp"
#include "record/ensemble.hpp"
#include "record/metrics.hpp"
#include "record/outcomes.hpp"

namespace wfsim::cli {

namespace {

struct CompareOptions {
  std::string a;
  std::string b;
  std::string output;
  std::string format = "table";
  std::string interval = "t";
  std::string replicates;  // a number, or "auto"
  std::string horizons;
  std::string organisation;  // empty: the whole system
  std::vector<std::string> overrides;
  std::vector<std::string> overrides_a;
  std::vector<std::string> overrides_b;
  std::int64_t seed = -1;
  std::int64_t weeks = 0;
  int threads = 0;
  bool force = false;
  ResourceLimits limits;
  int resamples = 2000;
  bool independent = false;
  std::string target_metric = "burnout_mean";
  bool target_metric_given = false;
  bool min_replicates_given = false;
  bool max_replicates_given = false;
  double target_halfwidth = 0.0;
  int min_replicates = 10;
  int max_replicates = 1000;
  std::vector<std::string> uncertainty;  // priors files, or a calibration results file
  std::string what_flips;                // the outcome whose screen is shown; empty: no screen
  std::vector<std::string> willingness_to_pay;  // EFFECT=AMOUNT
  bool interval_given = false;
};

InputError usage_error(const std::string& option, const std::string& problem,
                       const std::string& hint) {
  return InputError({option, 0, 0}, "", problem, hint);
}

// "auto" gives 0; otherwise a count of replicate pairs.
int parse_replicates(const CompareOptions& options) {
  // Options that only steer --replicates auto would otherwise be ignored.
  if (options.replicates != "auto") {
    for (const auto& [given, name] :
         {std::pair{options.target_halfwidth > 0, "--target-halfwidth"},
          std::pair{options.target_metric_given, "--target-metric"},
          std::pair{options.min_replicates_given, "--min-replicates"},
          std::pair{options.max_replicates_given, "--max-replicates"}}) {
      if (given)
        throw usage_error(name, "only used with --replicates auto",
                          "add --replicates auto, or drop " + std::string(name));
    }
  }
  if (options.replicates.empty()) return -1;  // the scenario's own
  if (options.replicates == "auto") {
    if (options.target_halfwidth <= 0)
      throw usage_error("--replicates auto", "no target interval half-width given",
                        "add --target-halfwidth, e.g. --target-halfwidth 0.005 for turnover "
                        "within +/-0.5 percentage points");
    return 0;
  }
  std::size_t used = 0;
  int value = 0;
  try {
    value = std::stoi(options.replicates, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != options.replicates.size() || value < 2 || value > 100000) {
    throw usage_error("--replicates " + options.replicates,
                      "expected a number of replicate pairs from 2 to 100000, or auto",
                      "e.g. --replicates 16, or --replicates auto --target-halfwidth 0.005");
  }
  return value;
}

std::map<std::string, double> parse_willingness_to_pay(const std::vector<std::string>& given) {
  std::vector<std::string> effects;
  for (const auto& [name, label] : cost_effects()) effects.push_back(name);
  std::map<std::string, double> out;
  for (const std::string& item : given) {
    const std::string option = "--willingness-to-pay " + item;
    const std::size_t equals = item.find('=');
    const std::string effect = item.substr(0, equals);
    if (equals == std::string::npos ||
        std::find(effects.begin(), effects.end(), effect) == effects.end()) {
      const std::string suggestion = did_you_mean(effect, effects);
      throw usage_error(option,
                        "expected EFFECT=AMOUNT, the effect one of: " +
                            fmt::format("{}", fmt::join(effects, ", ")),
                        suggestion.empty() ? "e.g. --willingness-to-pay leavers_avoided=20000"
                                           : "did you mean '" + suggestion + "'?");
    }
    std::size_t used = 0;
    double amount = -1.0;
    try {
      amount = std::stod(item.substr(equals + 1), &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() - equals - 1 || !std::isfinite(amount) || amount < 0)
      throw usage_error(option, "the amount is not a number of at least 0",
                        "e.g. --willingness-to-pay " + effect + "=20000");
    out[effect] = amount;
  }
  return out;
}

// Options that only make sense together, refused rather than ignored.
void check_uncertainty_options(const CompareOptions& options, bool adaptive, int ranks) {
  if (!options.what_flips.empty() && options.uncertainty.empty())
    throw usage_error("--what-flips",
                      "needs --uncertainty FILE: the parameters and ranges to screen",
                      "add --uncertainty experiments/assumed_priors.yaml");
  if (options.uncertainty.empty()) return;
  if (adaptive)
    throw usage_error("--replicates auto", "not available with --uncertainty",
                      "give a number of pairs, e.g. --replicates 200: each pair is a parameter "
                      "draw");
  if (options.interval_given)
    throw usage_error("--interval " + options.interval,
                      "with --uncertainty, intervals are the central 95% of the pairs' b - a",
                      "drop --interval");
  if (options.independent)
    throw usage_error("--independent-streams", "not available with --uncertainty",
                      "drop --independent-streams");
  if (ranks > 1)
    throw usage_error("--uncertainty", "runs in one process, not under mpirun",
                      "run without mpirun; pairs run in parallel on this machine's cores");
}

std::vector<int> parse_horizons(const std::string& text, int weeks) {
  if (text.empty()) return default_horizons(weeks);
  std::vector<int> horizons;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    std::size_t used = 0;
    int week = 0;
    try {
      week = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || week < 1) {
      throw usage_error("--horizons " + text, "'" + item + "' is not a week number",
                        "give weeks separated by commas, e.g. --horizons 52,156");
    }
    if (week > weeks) {
      throw usage_error("--horizons " + text,
                        fmt::format("week {} is beyond the run's {} weeks", week, weeks),
                        fmt::format("add --weeks {} or choose earlier horizons", week));
    }
    horizons.push_back(week);
  }
  if (horizons.empty())
    throw usage_error("--horizons", "no horizons given", "e.g. --horizons 52,156");
  return horizons;
}

// Extends both arms by `count` replicates from `first`, over the cluster's
// ranks, with a progress bar.
void extend(distributed::Cluster& cluster, distributed::EnsembleTask& task, ArmResults& arms,
            int first, int count, int threads) {
  std::atomic<std::int64_t> weeks_done{0};
  const ProgressBar progress(weeks_done, std::int64_t{2} * count * task.jobs().front().weeks,
                             "weeks");
  task.count_weeks(cluster.size() == 1 ? &weeks_done : nullptr);
  const int chunk = distributed::chunk_size(count, cluster.size(), threads);
  std::vector<EnsembleResult> more =
      distributed::run_ensembles(cluster, task, first, count, chunk, &weeks_done);
  task.count_weeks(nullptr);
  for (auto [arm, ran] : {std::pair{&arms.a, &more[0]}, std::pair{&arms.b, &more[1]}}) {
    if (first == 0) {
      *arm = std::move(*ran);
    } else {
      arm->series.append_replicates(ran->series);
      arm->weeks_completed.insert(arm->weeks_completed.end(), ran->weeks_completed.begin(),
                                  ran->weeks_completed.end());
    }
  }
}

// Fails before any run if --target-metric names no outcome of the table.
void check_target_metric(const std::string& metric, const World& world) {
  const SeriesTable shape({""}, metric_names(world), 0, 1);
  std::vector<std::string> names;
  for (const Outcome& outcome : annual_outcomes(shape, 0, 1)) names.push_back(outcome.name);
  if (std::find(names.begin(), names.end(), metric) != names.end()) return;
  const std::string suggestion = did_you_mean(metric, names);
  throw usage_error("--target-metric " + metric, "no outcome of that name",
                    suggestion.empty() ? "use an outcome of the comparison table, e.g. turnover"
                                       : "did you mean '" + suggestion + "'?");
}

// Says on stderr where arm B's own seed, weeks or replicates give way to A's.
void warn_if_b_follows_a(const Scenario& b_own, const Scenario& a, bool independent) {
  const auto warn = [&](const char* key, auto own, auto used, const char* why) {
    if (own == used) return;
    fmt::print(stderr, "wfsim: warning: b's {} {} is replaced by {} ({})\n", key, own, used, why);
  };
  warn("seed", b_own.seed, independent ? a.seed + 1 : a.seed,
       independent ? "a's seed + 1, for independent streams" : "a's: common random numbers");
  warn("weeks", b_own.weeks, a.weeks, "a's: the arms are compared week by week");
  warn("replicates", b_own.replicates, a.replicates, "a's: replicates are compared in pairs");
}

// The arms' organisations: the ids both have, and those only one has.
struct Organisations {
  std::vector<std::string> in_both, only_in_a, only_in_b;
};

Organisations organisations_of(const Scenario& a, const Scenario& b) {
  const auto has = [](const Scenario& s, const std::string& id) {
    return std::any_of(s.organisations.begin(), s.organisations.end(),
                       [&](const OrganisationSpec& org) { return org.id == id; });
  };
  Organisations out;
  for (const OrganisationSpec& org : a.organisations)
    (has(b, org.id) ? out.in_both : out.only_in_a).push_back(org.id);
  for (const OrganisationSpec& org : b.organisations)
    if (!has(a, org.id)) out.only_in_b.push_back(org.id);
  return out;
}

void check_organisation(const std::string& id, const Organisations& organisations) {
  if (std::find(organisations.in_both.begin(), organisations.in_both.end(), id) !=
      organisations.in_both.end())
    return;
  const bool only_one = std::find(organisations.only_in_a.begin(), organisations.only_in_a.end(),
                                  id) != organisations.only_in_a.end() ||
                        std::find(organisations.only_in_b.begin(), organisations.only_in_b.end(),
                                  id) != organisations.only_in_b.end();
  throw usage_error(
      "--organisation " + id,
      only_one ? "only one arm has this organisation: it has nothing to pair with"
               : "neither arm has an organisation of this id",
      fmt::format("organisations in both arms: {}", fmt::join(organisations.in_both, ", ")));
}

const ComparisonRow& target_row(const std::vector<ComparisonRow>& rows, const std::string& metric,
                                int week) {
  for (const ComparisonRow& row : rows) {
    if (row.metric == metric && row.week == week) return row;
  }
  throw usage_error("--target-metric " + metric, "no outcome of that name",
                    "use an outcome of the comparison table, e.g. turnover or burnout_mean");
}

// Both arms' ensembles at the scenarios' own parameter values, growing
// with --replicates auto until the target is met.
struct PlainRun {
  ArmResults arms;
  Comparison comparison;
  int pairs = 0;
};

PlainRun run_plain(const CompareOptions& options, const Model& model_a,
                   const ComparisonSettings& settings, int threads,
                   const std::atomic<bool>& interrupted, distributed::EnsembleTask& task) {
  distributed::Cluster& cluster = distributed::cluster();
  const bool adaptive = options.replicates == "auto";
  PlainRun run;
  run.pairs = model_a.scenario.replicates;
  extend(cluster, task, run.arms, 0, run.pairs, threads);
  ScopePair scope;  // the whole system
  if (!options.organisation.empty())
    scope = *common_scope(run.arms.a.series, run.arms.b.series, options.organisation);
  if (!interrupted)
    run.comparison = compare_arms(run.arms.a.series, run.arms.b.series, scope, settings);
  while (adaptive && !interrupted) {
    const int week = settings.horizons.back();
    const ComparisonRow& row = target_row(run.comparison.rows, options.target_metric, week);
    const double halfwidth = (row.high - row.low) / 2;
    if (!std::isfinite(halfwidth)) {
      fmt::print(stderr,
                 "replicates auto: {} has no finite interval at week {} with {} pairs; stopping\n",
                 row.metric, week, run.pairs);
      break;
    }
    if (halfwidth <= options.target_halfwidth) {
      fmt::print(stderr,
                 "replicates auto: {} pairs give {} +/- {:.4g} at week {} (target {:.4g})\n",
                 run.pairs, row.metric, halfwidth, week, options.target_halfwidth);
      break;
    }
    if (run.pairs >= options.max_replicates) {
      fmt::print(stderr,
                 "replicates auto: stopped at --max-replicates {}: {} +/- {:.4g} at week {}, "
                 "wider than the target {:.4g}\n",
                 run.pairs, row.metric, halfwidth, week, options.target_halfwidth);
      break;
    }
    // The half-width shrinks as 1 / sqrt(n): aim 20 % past the estimate, as
    // the estimate itself is noisy.
    const double needed = run.pairs * std::pow(halfwidth / options.target_halfwidth, 2) * 1.2;
    const int next = std::min(options.max_replicates,
                              std::max(run.pairs + 2, static_cast<int>(std::ceil(needed))));
    extend(cluster, task, run.arms, run.pairs, next - run.pairs, threads);
    run.pairs = next;
    if (!interrupted)
      run.comparison = compare_arms(run.arms.a.series, run.arms.b.series, scope, settings);
  }
  return run;
}

int compare(const CompareOptions& options) {
  distributed::Cluster& cluster = distributed::cluster();
  const int requested_replicates = parse_replicates(options);
  const bool adaptive = requested_replicates == 0;
  check_uncertainty_options(options, adaptive, cluster.size());
  std::vector<std::string> common = options.overrides;
  add_run_overrides(common, adaptive ? options.min_replicates : std::max(0, requested_replicates),
                    options.seed, options.weeks);

  const ScenarioSchema schema = model::schema();
  std::vector<std::string> overrides_a = common;
  overrides_a.insert(overrides_a.end(), options.overrides_a.begin(), options.overrides_a.end());
  const Scenario scenario_a = load_scenario(options.a, overrides_a, schema);
  // B follows A's seed, weeks and replicates: the pairing needs them equal.
  std::vector<std::string> overrides_b = common;
  overrides_b.insert(overrides_b.end(), options.overrides_b.begin(), options.overrides_b.end());
  warn_if_b_follows_a(load_scenario(options.b, overrides_b, schema), scenario_a,
                      options.independent);
  const std::uint64_t seed_b = options.independent ? scenario_a.seed + 1 : scenario_a.seed;
  overrides_b.push_back(fmt::format("seed={}", seed_b));
  overrides_b.push_back(fmt::format("weeks={}", scenario_a.weeks));
  overrides_b.push_back(fmt::format("replicates={}", scenario_a.replicates));
  const Scenario scenario_b = load_scenario(options.b, overrides_b, schema);

  const Organisations arm_organisations = organisations_of(scenario_a, scenario_b);
  if (!options.organisation.empty()) check_organisation(options.organisation, arm_organisations);

  const bool uncertain = !options.uncertainty.empty();
  const std::optional<UncertaintySource> source =
      uncertain ? std::optional(load_uncertainty(std::vector<std::filesystem::path>(
                      options.uncertainty.begin(), options.uncertainty.end())))
                : std::nullopt;
  ComparisonSettings settings;
  settings.horizons = parse_horizons(options.horizons, scenario_a.weeks);
  settings.interval.method = uncertain                         ? IntervalMethod::pairs
                             : options.interval == "bootstrap" ? IntervalMethod::bootstrap
                                                               : IntervalMethod::t;
  settings.interval.resamples = options.resamples;
  settings.interval.seed = scenario_a.seed;
  settings.willingness_to_pay = parse_willingness_to_pay(options.willingness_to_pay);
  const std::string interval_name = uncertain ? "pairs" : options.interval;
  if (!options.output.empty() && cluster.root()) {
    OutputRules rules{{options.a, options.b}, options.force};
    for (const std::string& file : options.uncertainty) rules.inputs.emplace_back(file);
    check_output(options.output, "-o", rules);
  }

  const int threads = thread_count(options.threads);
  const tbb::global_control parallelism = limit_threads(threads);
  const std::atomic<bool>& interrupted = install_interrupt_handlers();
  // Both arms' worlds, before they are built, then with their runs (for
  // --replicates auto, its largest number of pairs).
  ResourceNeed need_a = model_need(scenario_a), need_b = model_need(scenario_b);
  const auto both_arms = [&] {
    ResourceNeed both = grouped(need_a, "arm a");
    both.add(grouped(need_b, "arm b"));
    return both;
  };
  const std::filesystem::path output = options.output.empty() ? "." : options.output;
  check_resources(both_arms(), options.limits, output);
  const Model model_a(scenario_a);
  const Model model_b(scenario_b);
  if (cluster.root()) {
    const int pairs = options.replicates == "auto" ? options.max_replicates : scenario_a.replicates;
    need_a.add(ensemble_need(model_a.world(), pairs, scenario_a.weeks, threads));
    need_b.add(ensemble_need(model_b.world(), pairs, scenario_a.weeks, threads));
    ResourceNeed need = both_arms();
    // The comparison file holds both arms' series only with -o.
    if (options.output.empty()) {
      need.disk = 0;
      need.disk_parts.clear();
    }
    check_resources(need, options.limits, output);
  }
  if (adaptive) check_target_metric(options.target_metric, model_a.world());
  if (!options.what_flips.empty()) check_target_metric(options.what_flips, model_a.world());
  // Both arms of a chunk of replicates make one work item.
  distributed::EnsembleTask task(
      {{model_a.simulation.get(), model_a.scenario.seed, model_a.scenario.weeks},
       {model_b.simulation.get(), model_b.scenario.seed, model_b.scenario.weeks}},
      &interrupted);
  if (!cluster.root())
    return cluster.serve([&task](const distributed::Packet& item) { return task(item); });

  const auto started = std::chrono::steady_clock::now();
  const ArmSpec arm_a{options.a, overrides_a}, arm_b{options.b, overrides_b};
  PlainRun run;
  std::vector<std::vector<double>> draws;
  std::vector<FlipScreen> flips;
  if (!options.what_flips.empty()) check_screen_ends(arm_a, arm_b, *source);
  if (uncertain) {
    run.pairs = scenario_a.replicates;
    ArmResults results =
        run_uncertain_pairs(arm_a, arm_b, *source, scenario_a.seed, run.pairs, interrupted, draws);
    run.arms.a = std::move(results.a);
    run.arms.b = std::move(results.b);
  } else {
    run = run_plain(options, model_a, settings, threads, interrupted, task);
  }
  ScopePair scope;  // the whole system
  if (!options.organisation.empty())
    scope = *common_scope(run.arms.a.series, run.arms.b.series, options.organisation);
  if (uncertain && !interrupted)
    run.comparison = compare_arms(run.arms.a.series, run.arms.b.series, scope, settings);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!options.what_flips.empty() && !interrupted) {
    // The screen's base is the scenarios' own values, on the same replicates.
    ComparisonSettings plain = settings;
    plain.interval.method = IntervalMethod::t;
    EnsembleOptions base_options;
    base_options.replicates = scenario_a.replicates;
    base_options.weeks = scenario_a.weeks;
    base_options.stop = &interrupted;
    base_options.seed = scenario_a.seed;
    const EnsembleResult base_a = run_ensemble(*model_a.simulation, base_options);
    const EnsembleResult base_b = run_ensemble(*model_b.simulation, base_options);
    const Comparison base = compare_arms(base_a.series, base_b.series, scope, plain);
    flips = what_flips(arm_a, arm_b, *source, base, scope, settings, interrupted);
  }
  const double screen_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() - seconds;
  const bool complete = !interrupted.load();
  ComparisonHeader header{scenario_a.name + " (" + options.a + ")",
                          scenario_b.name + " (" + options.b + ")",
                          run.pairs,
                          scenario_a.seed,
                          !options.independent,
                          interval_name,
                          options.organisation,
                          arm_organisations.only_in_a,
                          arm_organisations.only_in_b,
                          options.overrides,
                          options.overrides_a,
                          options.overrides_b,
                          uncertain ? source->file : std::string(),
                          uncertain ? source->kind : std::string(),
                          {},
                          scenario_a.costs.currency};
  if (uncertain) {
    for (const UncertainParameter& parameter : source->parameters)
      header.uncertain_parameters.push_back(parameter.path);
  }
  if (!options.output.empty()) {
    // The file's scenarios record the pairs actually run, so that they rerun as they are.
    Scenario ran_a = model_a.scenario, ran_b = model_b.scenario;
    ran_a.replicates = ran_b.replicates = run.pairs;
    ComparisonRecord record{make_record(ran_a, schema, std::move(run.arms.a), threads, complete),
                            make_record(ran_b, schema, std::move(run.arms.b), threads, complete),
                            run.comparison,
                            interval_name,
                            !options.independent,
                            options.organisation,
                            options.resamples,
                            settings.horizons,
                            settings.willingness_to_pay,
                            {},
                            draws,
                            flips};
    if (uncertain)
      record.uncertainty = {source->file, source->kind, source->text, header.uncertain_parameters};
    write_comparison_h5(options.output, record, provenance());
  }
  if (!complete) {
    fmt::print(stderr, "interrupted{}\n",
               options.output.empty() ? ""
                                      : ": wrote the weeks simulated so far to " + options.output +
                                            " (marked incomplete)");
    return kExitInterrupted;
  }
  const ComparisonReport report{header, &run.comparison,
                                options.what_flips.empty() ? nullptr : &flips, options.what_flips};
  if (options.format == "csv") {
    print_comparison_csv(stdout, report);
  } else if (options.format == "json") {
    print_comparison_json(stdout, report);
  } else {
    print_comparison_table(stdout, report);
    if (!options.output.empty()) fmt::print("\nresults: {}\n", options.output);
  }
  // On stderr, so that CSV and JSON on stdout stay machine-readable.
  std::fflush(stdout);
  const double replicate_weeks = 2.0 * run.pairs * scenario_a.weeks;
  fmt::print(
      stderr,
      "2 arms x {} replicates x {} weeks in {:.2f} s ({:.0f} replicate-weeks/s, {} threads{})\n",
      run.pairs, scenario_a.weeks, seconds, replicate_weeks / seconds, threads,
      cluster.size() > 1 ? fmt::format(" x {} ranks", cluster.size()) : std::string());
  if (!options.what_flips.empty()) {
    fmt::print(stderr,
               "what-flips screen: {} parameters x 2 ends x 2 arms x {} replicates in {:.1f} s\n",
               source->parameters.size(), scenario_a.replicates, screen_seconds);
  }
  return kExitOk;
}

}  // namespace

void add_compare_command(CLI::App& app, std::function<int()>& action) {
  auto options = std::make_shared<CompareOptions>();
  CLI::App* command = app.add_subcommand(
      "compare", "Compare two scenarios: paired ensembles with common random numbers");
  command->add_option("a", options->a, "Scenario A, the reference (YAML)")->required();
  command->add_option("b", options->b, "Scenario B, the alternative (YAML)")->required();
  command->add_option("--replicates", options->replicates,
                      "Replicate pairs, or 'auto' to add pairs until --target-halfwidth is met");
  command->add_option("--horizons", options->horizons,
                      "Weeks at which to compare, comma-separated (default 52,156,260 where "
                      "the run is long enough)");
  command->add_option("--organisation", options->organisation,
                      "Compare one organisation both arms have (default: the whole system of "
                      "each arm, which may differ in organisations)");
  command->add_option("--format", options->format, "Output: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  command->add_option("--interval", options->interval, "Interval method: t or bootstrap")
      ->check(CLI::IsMember({"t", "bootstrap"}));
  command->add_option("--resamples", options->resamples, "Bootstrap resamples")
      ->check(whole_number(100, 1000000));
  add_force_option(command, options->force);
  add_resource_options(command, options->limits);
  command->add_option("-o,--output", options->output,
                      "Also write both arms' series and the table to this HDF5 file");
  command->add_option("--seed", options->seed, "Random seed for both arms")
      ->check(whole_number(0, std::numeric_limits<std::int64_t>::max()));
  command->add_option("--weeks", options->weeks, "Weeks to simulate")->check(whole_number(1, 5200));
  command->add_option("--threads", options->threads, "Worker threads (default: all cores)")
      ->check(whole_number(1, 1024));
  command->add_option("--set", options->overrides, "Override a key in both arms: --set KEY=VALUE");
  command->add_option("--set-a", options->overrides_a, "Override a key in arm A only");
  command->add_option("--set-b", options->overrides_b, "Override a key in arm B only");
  command->add_flag("--independent-streams", options->independent,
                    "Give arm B its own random streams (seed + 1) instead of common random "
                    "numbers: only to measure what common random numbers gain");
  command
      ->add_option("--target-metric", options->target_metric,
                   "With --replicates auto: the outcome whose interval to narrow")
      ->capture_default_str();
  command
      ->add_option("--target-halfwidth", options->target_halfwidth,
                   "With --replicates auto: the 95% half-width to reach at the last horizon, "
                   "in the outcome's units (fractions for shares)")
      ->check(CLI::PositiveNumber);
  command
      ->add_option("--min-replicates", options->min_replicates,
                   "With --replicates auto: pairs to start from")
      ->check(whole_number(2, 100000))
      ->capture_default_str();
  command
      ->add_option("--max-replicates", options->max_replicates,
                   "With --replicates auto: pairs to stop at")
      ->check(whole_number(2, 100000))
      ->capture_default_str();
  command->add_option("--uncertainty", options->uncertainty,
                      "Parameter uncertainty: a priors file (YAML, e.g. "
                      "experiments/assumed_priors.yaml; repeat for more) or a calibration "
                      "results file (.h5); each replicate pair draws its own parameter values");
  command
      ->add_option("--what-flips", options->what_flips,
                   "Screen the --uncertainty parameters one at a time for what moves b - a "
                   "most, and show the screen of this outcome")
      ->expected(0, 1);
  command->add_option("--willingness-to-pay", options->willingness_to_pay,
                      "Value of one unit of an effect, for net monetary benefit: "
                      "EFFECT=AMOUNT, EFFECT leavers_avoided or high_burnout_avoided");
  command->callback([&action, options, command] {
    options->interval_given = command->count("--interval") > 0;
    // Given without an outcome: the default target metric.
    if (command->count("--what-flips") > 0 && options->what_flips.empty())
      options->what_flips = "burnout_mean";
    options->target_metric_given = command->count("--target-metric") > 0;
    options->min_replicates_given = command->count("--min-replicates") > 0;
    options->max_replicates_given = command->count("--max-replicates") > 0;
    action = [options] { return compare(*options); };
  });
}

}  // namespace wfsim::cli
