#include "models/model.hpp"

#include "models/contact.hpp"
#include "models/processes.hpp"
#include "models/unit_costs.hpp"

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
    r.add(action_research_groups_intervention());
    r.add(agile_working_intervention());
    r.add(champion_leaves_intervention());
    r.add(dictation_software_intervention());
    r.add(flexitime_intervention());
    r.add(hei_link_intervention());
    r.add(key_worker_intervention());
    r.add(peer_messages_intervention());
    r.add(recruitment_paired_review_intervention());
    r.add(symbolic_award_intervention());
    r.add(training_programme_intervention());
    return r;
  }();
  return model;
}

ScenarioSchema schema() {
  std::vector<InterventionSchema> interventions;
  for (const InterventionRegistration& type : registry().interventions()) {
    interventions.push_back(
        {type.type, type.description, type.parameters, type.needs_evidence, type.one_off});
  }
  return {registry().parameter_specs(), interventions, cost_specs(registry().interventions()),
          kCostCurrency};
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
