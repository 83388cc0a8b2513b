#include "analysis/comparison.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "record/outcomes.hpp"
#include "sim/random.hpp"

namespace wfsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const Outcome* find_outcome(const std::vector<Outcome>& outcomes, const std::string& name) {
  for (const Outcome& outcome : outcomes) {
    if (outcome.name == name) return &outcome;
  }
  return nullptr;
}

// Per replicate: how much of an outcome B avoids relative to A (a - b).
std::vector<double> avoided(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out(a.size());
  for (std::size_t r = 0; r < out.size(); ++r) out[r] = a[r] - b[r];
  return out;
}

// High-burnout person-years: people with burnout >= 50, averaged over the
// weeks of the reporting year (a point count at one week would be needlessly
// noisy).
std::vector<double> high_burnout_years(const SeriesTable& series, std::size_t scope, int end_week) {
  std::vector<double> years;
  const std::size_t count = series.metric_index("burnout_high_count");
  const int start = std::max(0, end_week - 52);
  for (int r = 0; r < series.replicates(); ++r) {
    double sum = 0.0;
    for (int week = start + 1; week <= end_week; ++week) sum += series.at(scope, count, r, week);
    years.push_back(sum / (end_week - start));
  }
  return years;
}

double stated(const std::map<std::string, double>& willingness_to_pay, const std::string& effect) {
  const auto found = willingness_to_pay.find(effect);
  return found == willingness_to_pay.end() ? kNaN : found->second;
}

void add_cost_effectiveness(const std::vector<Outcome>& a, const std::vector<Outcome>& b,
                            const SeriesTable& series_a, const SeriesTable& series_b,
                            const ScopePair& scope, int week, const ComparisonSettings& settings,
                            std::vector<CostEffectiveness>& out) {
  const Outcome* cost_a = find_outcome(a, "cost");
  const Outcome* cost_b = find_outcome(b, "cost");
  if (cost_a == nullptr || cost_b == nullptr) return;
  const std::vector<double> extra_cost = avoided(cost_b->per_replicate, cost_a->per_replicate);
  IntervalOptions interval = settings.interval;
  const auto add = [&](const std::pair<std::string, std::string>& effect,
                       const std::vector<double>& gain) {
    interval.stream = fnv1a(effect.first + "@" + std::to_string(week));
    out.push_back(cost_effectiveness(effect.first, effect.second, week, extra_cost, gain,
                                     stated(settings.willingness_to_pay, effect.first), interval));
  };
  add(cost_effects()[0], avoided(find_outcome(a, "leavers")->per_replicate,
                                 find_outcome(b, "leavers")->per_replicate));
  if (series_a.has_metric("burnout_high_count") && series_b.has_metric("burnout_high_count")) {
    add(cost_effects()[1], avoided(high_burnout_years(series_a, scope.a, week),
                                   high_burnout_years(series_b, scope.b, week)));
  }
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& cost_effects() {
  static const std::vector<std::pair<std::string, std::string>> effects{
      {"leavers_avoided", "leavers avoided (annual)"},
      {"high_burnout_avoided", "high-burnout person-years avoided"}};
  return effects;
}

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

Comparison compare_arms(const SeriesTable& a, const SeriesTable& b, const ScopePair& scope,
                        const ComparisonSettings& settings) {
  // Pairing needs the same replicates over the same weeks; the arms may
  // differ in organisations and evidence items (streams are keyed by each
  // agent's stable name, so what both arms hold draws the same numbers).
  if (a.replicates() != b.replicates() || a.weeks() != b.weeks()) {
    throw std::invalid_argument("the two arms differ in replicates or weeks");
  }
  Comparison comparison;
  std::vector<ComparisonRow>& rows = comparison.rows;
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
      // Each row's bootstrap stream is keyed by what it is, not where it
      // stands, so a table rebuilt with its rows in another order agrees.
      interval.stream = fnv1a(outcome_a.name + "@" + std::to_string(week));
      const PairedInterval d = paired_difference(outcome_a.per_replicate, outcome_b->per_replicate,
                                                 interval, outcome_a.higher_is_better);
      rows.push_back({outcome_a.name, outcome_a.label, outcome_a.percent, week, d.a_mean, d.b_mean,
                      d.difference, d.low, d.high, d.n, d.probability_better});
    }
    add_cost_effectiveness(outcomes_a, outcomes_b, a, b, scope, week, settings,
                           comparison.cost_effectiveness);
  }
  return comparison;
}

}  // namespace wfsim
