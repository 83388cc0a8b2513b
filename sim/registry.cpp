#include "sim/registry.hpp"

#include <algorithm>

namespace wfsim {

std::vector<ParameterSpec> ModelRegistry::parameter_specs() const {
  std::vector<ParameterSpec> specs;
  for (const ProcessRegistration& process : processes_) {
    specs.insert(specs.end(), process.parameters.begin(), process.parameters.end());
  }
  return specs;
}

std::vector<std::unique_ptr<Process>> ModelRegistry::build(const Scenario& scenario,
                                                           const World& world) const {
  std::vector<std::unique_ptr<Process>> built;
  for (const ProcessRegistration& process : processes_) {
    if (!process.mechanism.empty() && !mechanism_enabled(scenario.mechanisms, process.mechanism)) {
      continue;
    }
    built.push_back(process.make(scenario));
  }
  for (const InterventionSpec& spec : scenario.interventions) {
    for (const InterventionRegistration& type : interventions_) {
      if (type.type == spec.type) built.push_back(type.make(spec, scenario, world));
    }
  }
  std::stable_sort(built.begin(), built.end(),
                   [](const auto& a, const auto& b) { return a->phase() < b->phase(); });
  return built;
}

bool mechanism_enabled(const Mechanisms& mechanisms, const std::string& key) {
  if (key == "demand") return mechanisms.demand;
  if (key == "burnout") return mechanisms.burnout;
  if (key == "absence") return mechanisms.absence;
  if (key == "leaving") return mechanisms.leaving;
  if (key == "recruitment") return mechanisms.recruitment;
  if (key == "uptake") return mechanisms.uptake;
  return false;
}

}  // namespace wfsim
