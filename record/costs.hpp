// Weekly cost rates of one scenario, worked out once from its `costs:` block
// so that recording the cost series each week is only sums over posts.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/world.hpp"

namespace wfsim {

/// Working days in a week of one FTE: absence and agency cover last whole weeks.
inline constexpr double kWorkingDaysPerWeek = 5.0;

/// The running costs of one `interventions:` entry.
struct InterventionCostRate {
  InterventionSpec spec;  ///< when it acts, and its bit in ReplicateState::participating
  double per_participant =
      0.0;  ///< per occupant taking part (its participating bit), each week it acts
  std::vector<double> fixed_by_org;  ///< its weekly fixed cost, as each organisation bears it
};

struct CostRates {
  std::vector<double> salary_per_week;  ///< per post: salary_per_year of its role x FTE / 52
  double agency_premium_per_fte_week = 0.0;
  double recruitment_per_hire = 0.0;
  double sickness_per_fte_week = 0.0;
  std::vector<InterventionCostRate> interventions;
};

/// The rates for `world`, from its scenario's resolved costs and its
/// interventions. Fixed intervention costs go to the targeted organisation, or, when the
/// target names none, are split over all organisations by funded FTE.
CostRates build_cost_rates(const World& world);

}  // namespace wfsim
