#include "model.hpp"

#include "contact.hpp"
#include "processes.hpp"

namespace wfsim::model {

const ModelRegistry& registry() {
  static const ModelRegistry model = [] {
    ModelRegistry r;
    r.add(workforce_process());
    r.add(rota_process());
    r.add(demand_process());
    r.add(contact_process());
    r.add(resources_process());
    r.add(burnout_process());
    r.add(uptake_process());
    r.add(absence_process());
    r.add(leaving_process());
    r.add(recruitment_process());
    r.add(champion_leaves_intervention());
    return r;
  }();
  return model;
}

ScenarioSchema schema() {
  std::vector<std::string> types;
  for (const InterventionRegistration& type : registry().interventions())
    types.push_back(type.type);
  return {registry().parameter_specs(), types};
}

World build_world(const Scenario& scenario) {
  World world = wfsim::build_world(scenario);
  world.graph = build_contact_graph(world, scenario);
  return world;
}

Simulation build_simulation(const World& world, const Scenario& scenario) {
  return Simulation(world, registry().build(scenario));
}

}  // namespace wfsim::model
