#include "cli/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/statistics.hpp"
#include "record/outcomes.hpp"

namespace wfsim::cli {

namespace {

// Target against simulated ensemble mean for each of the scenario's targets.
void print_targets(std::FILE* out, const Scenario& scenario, const std::vector<Outcome>& outcomes) {
  if (scenario.targets.empty()) return;
  fmt::print(out, "\n{:<20} {:>10} {:>12} {:>10}   {:<18} {}\n", "target", "value", "tolerance",
             "simulated", "95% interval", "within");
  int within_count = 0;
  for (const TargetSpec& target : scenario.targets) {
    const auto outcome = std::find_if(outcomes.begin(), outcomes.end(),
                                      [&](const Outcome& o) { return o.name == target.outcome; });
    if (outcome == outcomes.end()) continue;
    const Interval ci = mean_interval(outcome->per_replicate);
    const double allowed =
        target.relative ? target.tolerance * std::abs(target.value) : target.tolerance;
    const bool within = std::abs(ci.mean - target.value) <= allowed;
    within_count += within ? 1 : 0;
    const std::string tolerance = target.relative
                                      ? fmt::format("+/-{:.0f} %", target.tolerance * 100)
                                      : fmt::format("+/-{:.3g}", target.tolerance);
    const std::string interval = fmt::format("[{:.4g}, {:.4g}]", ci.low, ci.high);
    fmt::print(out, "{:<20} {:>10.4g} {:>12} {:>10.4g}   {:<22} {}\n", target.outcome, target.value,
               tolerance, ci.mean, interval, within ? "yes" : "NO");
  }
  fmt::print(out, "{} of {} targets met\n", within_count, scenario.targets.size());
}

}  // namespace

void print_summary(std::FILE* out, const Scenario& scenario, const RunRecord& record) {
  const int end_week = record.weeks;
  fmt::print(out, "{}: {} replicates, seed {}; year to week {} (ensemble mean, 95% interval)\n\n",
             scenario.name, record.replicates, record.seed, end_week);
  fmt::print(out, "{:<34} {:>9}   {:<21}\n", "outcome", "mean", "95% interval");
  const std::vector<Outcome> outcomes = annual_outcomes(record.series, 0, end_week);
  for (const Outcome& outcome : outcomes) {
    const Interval ci = mean_interval(outcome.per_replicate);
    const double scale = outcome.percent ? 100.0 : 1.0;
    const char* unit = outcome.percent ? " %" : "";
    fmt::print(out, "{:<34} {:>7.1f}{:<2}   [{:.1f}, {:.1f}]\n", outcome.label, ci.mean * scale,
               unit, ci.low * scale, ci.high * scale);
  }
  print_targets(out, scenario, outcomes);
}

}  // namespace wfsim::cli
