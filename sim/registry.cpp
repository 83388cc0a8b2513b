#include "sim/registry.hpp"

#include <algorithm>
#include <stdexcept>

namespace wfsim {

ModelRegistry& ModelRegistry::global() {
  // A function-local static: registrars in other files may run first.
  static ModelRegistry registry;
  return registry;
}

// Registrars run in an order the linker chooses, so each registration is put
// in its place by what it declares rather than by when it arrives.
void ModelRegistry::add(ProcessRegistration registration) {
  for (const ProcessRegistration& known : processes_) {
    if (known.name == registration.name)
      throw std::logic_error("process \"" + registration.name + "\" is registered twice");
  }
  const auto place = std::find_if(processes_.begin(), processes_.end(), [&](const auto& known) {
    return registration.phase < known.phase ||
           (registration.phase == known.phase && registration.name < known.name);
  });
  processes_.insert(place, std::move(registration));
}

void ModelRegistry::add(InterventionRegistration registration) {
  for (const InterventionRegistration& known : interventions_) {
    if (known.type == registration.type)
      throw std::logic_error("intervention \"" + registration.type + "\" is registered twice");
  }
  const auto place =
      std::find_if(interventions_.begin(), interventions_.end(),
                   [&](const auto& known) { return registration.type < known.type; });
  interventions_.insert(place, std::move(registration));
}

std::vector<ParameterSpec> ModelRegistry::parameter_specs() const {
  std::vector<ParameterSpec> specs;
  for (const ProcessRegistration& process : processes_) {
    specs.insert(specs.end(), process.parameters.begin(), process.parameters.end());
  }
  return specs;
}

std::vector<ParameterSpec> ModelRegistry::mechanism_specs() const {
  std::vector<ParameterSpec> specs;
  for (const ProcessRegistration& process : processes_) {
    if (process.mechanism) specs.push_back(*process.mechanism);
  }
  return specs;
}

std::vector<std::unique_ptr<Process>> ModelRegistry::build(const Scenario& scenario,
                                                           const World& world) const {
  std::vector<std::unique_ptr<Process>> built;
  for (const ProcessRegistration& process : processes_) {
    if (process.mechanism && !mechanism_enabled(scenario, process.mechanism->path)) continue;
    built.push_back(process.make(scenario));
    if (built.back()->name() != process.name || built.back()->phase() != process.phase) {
      throw std::logic_error("process \"" + process.name +
                             "\" is built with another name or phase than it is registered with");
    }
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

bool mechanism_enabled(const Scenario& scenario, const std::string& key) {
  const auto& set = scenario.mechanisms.all();
  if (const auto it = set.find(key); it != set.end()) return it->second != 0.0;
  // A switch the scenario does not set (one built in code) keeps its default.
  for (const ProcessRegistration& process : ModelRegistry::global().processes()) {
    if (process.mechanism && process.mechanism->path == key)
      return process.mechanism->default_value != 0.0;
  }
  throw std::logic_error("no process has the switch mechanisms." + key);
}

}  // namespace wfsim
