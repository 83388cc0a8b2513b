#include "models/model.hpp"

#include "models/contact.hpp"
#include "models/unit_costs.hpp"

namespace wfsim::model {

const ModelRegistry& registry() {
  return ModelRegistry::global();
}

ScenarioSchema schema() {
  std::vector<InterventionSchema> interventions;
  for (const InterventionRegistration& type : registry().interventions()) {
    interventions.push_back(
        {type.type, type.description, type.parameters, type.needs_evidence, type.one_off});
  }
  return {registry().parameter_specs(), interventions, cost_specs(registry().interventions()),
          kCostCurrency, registry().mechanism_specs()};
}

World build_world(const Scenario& scenario) {
  World world = wfsim::build_world(scenario);
  world.graph = build_contact_graph(world, scenario);
  return world;
}

Simulation build_simulation(const Scenario& scenario) {
  return build_simulation(std::make_shared<const World>(model::build_world(scenario)), scenario);
}

Simulation build_simulation(std::shared_ptr<const World> world, const Scenario& scenario) {
  auto processes = registry().build(scenario, *world);
  return Simulation(std::move(world), std::move(processes));
}

}  // namespace wfsim::model
