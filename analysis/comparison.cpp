#include "analysis/comparison.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "record/outcomes.hpp"

namespace wfsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const Outcome* find_outcome(const std::vector<Outcome>& outcomes, const std::string& name) {
  for (const Outcome& outcome : outcomes) {
    if (outcome.name == name) return &outcome;
  }
  return nullptr;
}

// Per replicate: how much of `name` B avoids relative to A (a - b).
std::vector<double> avoided(const Outcome& a, const Outcome& b) {
  std::vector<double> out(a.per_replicate.size());
  for (std::size_t r = 0; r < out.size(); ++r) out[r] = a.per_replicate[r] - b.per_replicate[r];
  return out;
}

std::vector<double> increase(const Outcome& a, const Outcome& b) {
  std::vector<double> out(a.per_replicate.size());
  for (std::size_t r = 0; r < out.size(); ++r) out[r] = b.per_replicate[r] - a.per_replicate[r];
  return out;
}

// High-burnout cases: people with burnout >= 50, averaged over the weeks of
// the reporting year (a point count at one week would be needlessly noisy).
Outcome high_burnout_cases(const SeriesTable& series, std::size_t scope, int end_week) {
  Outcome cases{"burnout_high_cases", "", false, {}};
  const std::size_t count = series.metric_index("burnout_high_count");
  const int start = std::max(0, end_week - 52);
  for (int r = 0; r < series.replicates(); ++r) {
    double sum = 0.0;
    for (int week = start + 1; week <= end_week; ++week) sum += series.at(scope, count, r, week);
    cases.per_replicate.push_back(sum / (end_week - start));
  }
  return cases;
}

void add_cost_ratios(const std::vector<Outcome>& a, const std::vector<Outcome>& b,
                     const SeriesTable& series_a, const SeriesTable& series_b,
                     const ScopePair& scope, int week, double level,
                     std::vector<ComparisonRow>& rows) {
  const Outcome* cost_a = find_outcome(a, "cost");
  const Outcome* cost_b = find_outcome(b, "cost");
  if (cost_a == nullptr || cost_b == nullptr) return;
  const std::vector<double> extra_cost = increase(*cost_a, *cost_b);
  const auto add = [&](const std::string& name, const std::string& label,
                       const std::vector<double>& denominator) {
    const RatioInterval ratio = paired_ratio(extra_cost, denominator, level);
    rows.push_back({name, label, false, week, kNaN, kNaN, ratio.ratio,
                    ratio.bounded ? ratio.low : kNaN, ratio.bounded ? ratio.high : kNaN,
                    static_cast<int>(extra_cost.size())});
  };
  add("cost_per_leaver_avoided", "extra cost per leaver avoided",
      avoided(*find_outcome(a, "leavers"), *find_outcome(b, "leavers")));
  if (series_a.has_metric("burnout_high_count") && series_b.has_metric("burnout_high_count")) {
    add("cost_per_high_burnout_case_avoided", "extra cost per high-burnout case avoided",
        avoided(high_burnout_cases(series_a, scope.a, week),
                high_burnout_cases(series_b, scope.b, week)));
  }
}

}  // namespace

std::vector<int> default_horizons(int weeks) {
  std::vector<int> horizons;
  for (int week : {52, 156, 260}) {
    if (week <= weeks) horizons.push_back(week);
  }
  if (horizons.empty()) horizons.push_back(weeks);
  return horizons;
}

std::optional<ScopePair> common_scope(const SeriesTable& a, const SeriesTable& b,
                                      const std::string& organisation) {
  const auto index = [&](const SeriesTable& t) -> std::optional<std::size_t> {
    const auto found = std::find(t.scopes().begin(), t.scopes().end(), organisation);
    if (found == t.scopes().end()) return std::nullopt;
    return static_cast<std::size_t>(found - t.scopes().begin());
  };
  const std::optional<std::size_t> in_a = index(a), in_b = index(b);
  if (!in_a || !in_b) return std::nullopt;
  return ScopePair{*in_a, *in_b};
}

std::vector<ComparisonRow> compare_arms(const SeriesTable& a, const SeriesTable& b,
                                        const ScopePair& scope,
                                        const ComparisonSettings& settings) {
  // Pairing needs the same replicates over the same weeks; the arms may
  // differ in organisations and evidence items (streams are keyed by each
  // agent's stable name, so what both arms hold draws the same numbers).
  if (a.replicates() != b.replicates() || a.weeks() != b.weeks()) {
    throw std::invalid_argument("the two arms differ in replicates or weeks");
  }
  std::vector<ComparisonRow> rows;
  IntervalOptions interval = settings.interval;
  for (int week : settings.horizons) {
    if (week < 1 || week > a.weeks())
      throw std::invalid_argument("horizon " + std::to_string(week) + " is outside the run");
    const std::vector<Outcome> outcomes_a = annual_outcomes(a, scope.a, week);
    const std::vector<Outcome> outcomes_b = annual_outcomes(b, scope.b, week);
    // The outcomes both arms have, in A's order (an evidence item only one
    // arm spreads has no pair).
    for (const Outcome& outcome_a : outcomes_a) {
      const Outcome* outcome_b = find_outcome(outcomes_b, outcome_a.name);
      if (outcome_b == nullptr) continue;
      interval.stream = static_cast<std::uint32_t>(rows.size());
      const PairedInterval d =
          paired_difference(outcome_a.per_replicate, outcome_b->per_replicate, interval);
      rows.push_back({outcome_a.name, outcome_a.label, outcome_a.percent, week, d.a_mean, d.b_mean,
                      d.difference, d.low, d.high, d.n});
    }
    add_cost_ratios(outcomes_a, outcomes_b, a, b, scope, week, settings.interval.level, rows);
  }
  return rows;
}

}  // namespace wfsim
