// What-if comparisons: two arms run with the same random streams, compared
// outcome by outcome at chosen horizons by paired differences (b - a).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/paired.hpp"
#include "record/results.hpp"

namespace wfsim {

struct ComparisonRow {
  std::string metric;  ///< an annual outcome (sim/outcomes.hpp) or a cost ratio
  std::string label;
  bool percent = false;  ///< a fraction best shown as a percentage
  int week = 0;          ///< the horizon: the reporting year ends here
  double a_mean = 0.0;   ///< NaN for ratios, which have no per-arm value
  double b_mean = 0.0;
  double difference = 0.0;  ///< b - a (for ratios: the ratio)
  double low = 0.0;         ///< interval; NaN when unbounded (ratios)
  double high = 0.0;
  int n = 0;  ///< replicate pairs used
};

struct ComparisonSettings {
  std::vector<int> horizons;
  IntervalOptions interval;
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
/// both arms have costs, adds cost per leaver avoided and per high-burnout
/// case avoided (Fieller intervals). The arms must have the same replicates
/// and weeks; they may differ in organisations and evidence items.
std::vector<ComparisonRow> compare_arms(const SeriesTable& a, const SeriesTable& b,
                                        const ScopePair& scope, const ComparisonSettings& settings);

}  // namespace wfsim
