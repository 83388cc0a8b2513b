// The workforce model: its processes, parameters and graph rule, assembled
// for the engine. The command line and tests use only these entry points.
#pragma once

#include <memory>

#include "io/scenario_io.hpp"
#include "sim/registry.hpp"
#include "sim/simulation.hpp"
#include "sim/world.hpp"

namespace wfsim::model {

/// Every process and intervention type of the model: each registers itself
/// from its own file in models/ (sim/registry.hpp).
const ModelRegistry& registry();

/// What scenarios may name: the model's parameters and intervention types.
ScenarioSchema schema();

/// The world of a scenario, with its contact graph.
World build_world(const Scenario& scenario);

/// A ready-to-run simulation of the scenario, with its world.
Simulation build_simulation(const Scenario& scenario);

/// The same, on a world already built from the scenario.
Simulation build_simulation(std::shared_ptr<const World> world, const Scenario& scenario);

}  // namespace wfsim::model
