// One arm's model: the card's scenario with the arm's lever values applied
// and its simulation (with its world), built once and shared read-only by the
// arm's runs (a reset reuses it).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "server/catalogue.hpp"
#include "sim/simulation.hpp"

namespace wfsim::serve {

struct ArmModel {
  nlohmann::json levers;                   ///< every lever's value
  Scenario scenario;                       ///< resolved, levers and seed applied
  std::unique_ptr<Simulation> simulation;  ///< with its world
  std::vector<std::string> metrics;        ///< metric_names(world)
};

/// The card's scenario (as loaded at start-up, not read again) with the
/// levers applied (apply_levers) and `seed`. Throws ApiError(400) if the
/// scenario rejects the values.
std::shared_ptr<const ArmModel> build_arm_model(const ScenarioCard& card,
                                                const ScenarioSchema& schema,
                                                const nlohmann::json& levers, std::uint64_t seed);

}  // namespace wfsim::serve
