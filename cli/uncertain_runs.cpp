#include "cli/uncertain_runs.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/parallel_for.h>

#include <exception>

#include "cli/progress.hpp"
#include "cli/run_setup.hpp"
#include "models/model.hpp"

namespace wfsim::cli {

namespace {

Scenario arm_scenario(const ArmSpec& arm, const std::vector<std::string>& extra) {
  std::vector<std::string> overrides = arm.overrides;
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  return load_scenario(arm.file, overrides, model::schema());
}

EnsembleResult run_arm(const Scenario& scenario, int first, int count,
                       const std::atomic<bool>& stop, std::atomic<std::int64_t>& weeks_done) {
  const Model model(scenario);
  EnsembleOptions options;
  options.seed = scenario.seed;
  options.replicates = count;
  options.weeks = scenario.weeks;
  options.stop = &stop;
  options.weeks_done = &weeks_done;
  options.first_replicate = first;
  return run_ensemble(*model.simulation, options);
}

void append(EnsembleResult& to, EnsembleResult&& more, bool first) {
  if (first) {
    to = std::move(more);
    return;
  }
  to.series.append_replicates(more.series);
  to.weeks_completed.insert(to.weeks_completed.end(), more.weeks_completed.begin(),
                            more.weeks_completed.end());
}

/// Parameter `k` of `source` set to `value`, as an arm's extra override.
std::vector<std::string> parameter_at(const UncertaintySource& source, std::size_t k,
                                      double value) {
  return {fmt::format("{}={:.17g}", source.parameters[k].path, value)};
}

}  // namespace

ArmResults run_uncertain_pairs(const ArmSpec& a, const ArmSpec& b, const UncertaintySource& source,
                               std::uint64_t seed, int pairs, const std::atomic<bool>& stop,
                               std::vector<std::vector<double>>& draws) {
  draws.assign(static_cast<std::size_t>(pairs), {});
  for (int r = 0; r < pairs; ++r)
    draws[static_cast<std::size_t>(r)] = draw_parameters(source, seed, r);
  // Every draw must make valid scenarios; check them all before any run, so
  // a bad prior fails at once, naming its parameter and value, at its place
  // in the priors file.
  // In parallel (reading the scenario files is much of the work for a small
  // council); the first failing pair's error is the one reported.
  std::vector<Scenario> scenarios_a(static_cast<std::size_t>(pairs));
  std::vector<Scenario> scenarios_b(static_cast<std::size_t>(pairs));
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(pairs));
  const std::vector<StudyKey> keys = uncertainty_keys(source);
  tbb::parallel_for(0, pairs, [&](int r) {
    const auto i = static_cast<std::size_t>(r);
    try {
      const std::vector<std::string> values = parameter_overrides(source, draws[i]);
      scenarios_a[i] = arm_scenario(a, values);
      scenarios_b[i] = arm_scenario(b, values);
    } catch (const InputError& error) {
      errors[i] = std::make_exception_ptr(in_study_file(error, keys));
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
  std::vector<ArmResults> results(static_cast<std::size_t>(pairs));
  std::atomic<std::int64_t> weeks_done{0};
  const ProgressBar progress(weeks_done, std::int64_t{2} * pairs * scenarios_a.front().weeks,
                             "weeks");
  // Pairs in parallel: each pair's result depends only on its replicate
  // number and draw, so the order they finish in does not matter.
  tbb::parallel_for(0, pairs, [&](int r) {
    const auto i = static_cast<std::size_t>(r);
    results[i].a = run_arm(scenarios_a[i], r, 1, stop, weeks_done);
    results[i].b = run_arm(scenarios_b[i], r, 1, stop, weeks_done);
  });
  ArmResults out;
  for (int r = 0; r < pairs; ++r) {
    append(out.a, std::move(results[static_cast<std::size_t>(r)].a), r == 0);
    append(out.b, std::move(results[static_cast<std::size_t>(r)].b), r == 0);
  }
  return out;
}

void check_screen_ends(const ArmSpec& a, const ArmSpec& b, const UncertaintySource& source) {
  const std::vector<StudyKey> keys = uncertainty_keys(source);
  for (std::size_t k = 0; k < source.parameters.size(); ++k) {
    const auto [low, high] = screening_range(source, k);
    for (const double end : {low, high}) {
      const std::vector<std::string> value = parameter_at(source, k, end);
      try {
        arm_scenario(a, value);
        arm_scenario(b, value);
      } catch (const InputError& error) {
        const InputError placed = in_study_file(error, keys);
        throw InputError(placed.where(), placed.key_path(),
                         fmt::format("at the {} end of its screening range (--what-flips), {}",
                                     end == low ? "low" : "high", placed.problem()),
                         placed.hint());
      }
    }
  }
}

std::vector<FlipScreen> what_flips(const ArmSpec& a, const ArmSpec& b,
                                   const UncertaintySource& source, const Comparison& base,
                                   const ScopePair& scope, const ComparisonSettings& settings,
                                   const std::atomic<bool>& stop) {
  const int week = settings.horizons.back();
  ComparisonSettings last = settings;
  last.horizons = {week};
  // The screen reads mean differences only: t intervals are enough.
  last.interval.method = IntervalMethod::t;
  std::vector<FlipScreen> screens;
  for (const ComparisonRow& row : base.rows) {
    if (row.week == week)
      screens.push_back({row.metric, row.label, row.percent, week, row.difference, {}});
  }
  std::vector<std::vector<FlipRow>> rows(screens.size());
  const std::size_t parameters = source.parameters.size();
  const Scenario probe = arm_scenario(a, {});
  std::atomic<std::int64_t> weeks_done{0};
  const ProgressBar progress(
      weeks_done,
      std::int64_t{4} * static_cast<std::int64_t>(parameters) * probe.replicates * probe.weeks,
      "weeks");
  for (std::size_t k = 0; k < parameters && !stop; ++k) {
    const auto [low, high] = screening_range(source, k);
    std::vector<ComparisonRow> at_ends[2];
    for (int end = 0; end < 2; ++end) {
      const std::vector<std::string> value = parameter_at(source, k, end == 0 ? low : high);
      const Scenario scenario_a = arm_scenario(a, value), scenario_b = arm_scenario(b, value);
      const EnsembleResult run_a = run_arm(scenario_a, 0, scenario_a.replicates, stop, weeks_done);
      const EnsembleResult run_b = run_arm(scenario_b, 0, scenario_b.replicates, stop, weeks_done);
      const Comparison at_end = compare_arms(run_a.series, run_b.series, scope, last);
      for (const FlipScreen& screen : screens) {
        constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
        ComparisonRow found{screen.metric, "", false, week, kNaN, kNaN, kNaN, kNaN, kNaN, 0, kNaN};
        for (const ComparisonRow& row : at_end.rows)
          if (row.metric == screen.metric) found = row;
        at_ends[end].push_back(found);
      }
    }
    for (std::size_t m = 0; m < screens.size(); ++m) {
      const ComparisonRow &at_low = at_ends[0][m], &at_high = at_ends[1][m];
      rows[m].push_back({source.parameters[k].path, low, high, at_low.difference,
                         at_high.difference, at_low.low, at_low.high, at_high.low, at_high.high,
                         false});
    }
  }
  for (std::size_t m = 0; m < screens.size(); ++m) rank_flips(screens[m], std::move(rows[m]));
  return screens;
}

}  // namespace wfsim::cli
