// What-if comparisons: two arms run with the same random streams, compared
// outcome by outcome at chosen horizons by paired differences (b - a).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/cost_effectiveness.hpp"
#include "analysis/paired.hpp"
#include "record/results.hpp"

namespace wfsim {

struct ComparisonRow {
  std::string metric;  ///< an annual outcome (record/outcomes.hpp)
  std::string label;
  bool percent = false;  ///< a fraction best shown as a percentage
  int week = 0;          ///< the horizon: the reporting year ends here
  double a_mean = 0.0;
  double b_mean = 0.0;
  double difference = 0.0;  ///< b - a
  double low = 0.0;         ///< interval
  double high = 0.0;
  int n = 0;                        ///< replicate pairs used
  double probability_better = 0.0;  ///< share of pairs where b is better (ties half)
};

struct ComparisonSettings {
  std::vector<int> horizons;
  IntervalOptions interval;
  /// Per effect (leavers_avoided, high_burnout_avoided): the value of one
  /// unit avoided, for net monetary benefit. Effects not named get none.
  std::map<std::string, double> willingness_to_pay;
};

/// The effects costs are set against: their names and labels.
const std::vector<std::pair<std::string, std::string>>& cost_effects();

struct Comparison {
  std::vector<ComparisonRow> rows;
  std::vector<CostEffectiveness> cost_effectiveness;  ///< where both arms have costs
};

/// The scope (0 = the whole system) compared in each arm.
struct ScopePair {
  std::size_t a = 0, b = 0;
};

/// The scopes of `organisation` in both arms, or none if an arm lacks it.
std::optional<ScopePair> common_scope(const SeriesTable& a, const SeriesTable& b,
                                      const std::string& organisation);

/// Weeks 52, 156 and 260 where the run is that long; the last week if none is.
std::vector<int> default_horizons(int weeks);

/// Paired differences of every annual outcome both arms have at each
/// horizon, for one scope in each (ScopePair{} = the whole system). Where
/// both arms have costs, the incremental cost against leavers avoided and
/// high-burnout person-years avoided (cost_effectiveness.hpp). The arms must
/// have the same replicates and weeks; they may differ in organisations and
/// evidence items.
Comparison compare_arms(const SeriesTable& a, const SeriesTable& b, const ScopePair& scope,
                        const ComparisonSettings& settings);

}  // namespace wfsim
