// The model's unit costs: the defaults of a scenario's `costs:` block, each
// with its source (docs/scenarios.md, "costs").
#pragma once

#include <vector>

#include "sim/registry.hpp"

namespace wfsim::model {

/// The currency of the default amounts.
inline constexpr const char* kCostCurrency = "GBP";

/// `price_year`, the amounts by role, for agency cover, hiring and sickness,
/// and each registered intervention type's running costs (paths below `costs.`).
std::vector<ParameterSpec> cost_specs(const std::vector<InterventionRegistration>& interventions);

}  // namespace wfsim::model
