// Costs read the right way round: B's incremental cost and effect against A,
// pair by pair, as health economics presents them (the cost-effectiveness
// plane, net monetary benefit, the acceptability curve; Briggs, Claxton and
// Sculpher 2006, "Decision modelling for health economic evaluation", ch. 5).
// The effect is an outcome B avoids (A's value minus B's), so a positive
// effect is good; the incremental cost is B's cost minus A's.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "analysis/paired.hpp"

namespace wfsim {

/// Where a pair (or the means) falls on the cost-effectiveness plane.
enum class Quadrant {
  b_dominates,  ///< B costs no more and achieves no less (and differs)
  b_dominated,  ///< B costs no less and achieves no more (and differs)
  b_costs_more_achieves_more,
  b_costs_less_achieves_less,
  no_difference,  ///< same cost and same effect
};
inline constexpr std::size_t kQuadrants = 5;

/// The names used in JSON, CSV and HDF5: b_dominates, b_dominated, ...
const std::vector<std::string>& quadrant_names();

Quadrant quadrant_of(double extra_cost, double effect);

/// Willingness to pay per unit of effect at which acceptability curves are
/// evaluated: 0 to 100,000 in steps of 2,500.
const std::vector<double>& acceptability_grid();

struct CostEffectiveness {
  std::string effect;  ///< e.g. "leavers_avoided"
  std::string label;   ///< e.g. "leavers avoided (annual)"
  int week = 0;
  PairedInterval cost;  ///< incremental cost, b - a (a_mean and b_mean: each arm's cost)
  PairedInterval gain;  ///< effect: the outcome avoided, a - b
  std::array<double, kQuadrants> probability{};  ///< share of pairs in each quadrant
  Quadrant quadrant = Quadrant::no_difference;   ///< of the mean cost and effect
  /// Incremental cost-effectiveness ratio, mean cost / mean effect, with
  /// Fieller's interval: only where meaningful (the means trade cost for
  /// effect and the effect is clearly non-zero), else NaN.
  double icer = 0.0, icer_low = 0.0, icer_high = 0.0;
  double willingness_to_pay = 0.0;       ///< per unit of effect; NaN when none is stated
  PairedInterval net_benefit;            ///< willingness_to_pay x effect - cost; NaN without one
  double probability_net_benefit = 0.0;  ///< share of pairs with positive net benefit
  std::vector<double> acceptability;     ///< that share at each acceptability_grid() value
};

/// From per-pair incremental costs and effects (non-finite pairs dropped).
/// `willingness_to_pay` may be NaN (none stated).
CostEffectiveness cost_effectiveness(const std::string& effect, const std::string& label, int week,
                                     const std::vector<double>& extra_cost,
                                     const std::vector<double>& gain, double willingness_to_pay,
                                     const IntervalOptions& interval);

}  // namespace wfsim
