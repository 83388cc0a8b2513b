// Registration by name: each process declares its parameters, the scenario
// `mechanisms` switch that turns it off (if any), and how to build it from a
// resolved scenario. The engine knows processes only through this table.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/parameters.hpp"
#include "sim/process.hpp"
#include "sim/scenario.hpp"
#include "sim/world.hpp"

namespace wfsim {

struct ProcessRegistration {
  std::string name;
  /// `mechanisms.<key>` that switches the process off, or "" if always on.
  std::string mechanism;
  std::vector<ParameterSpec> parameters;
  std::function<std::unique_ptr<Process>(const Scenario&)> make;
};

/// Default running costs of an intervention type (`costs.interventions.<type>`).
struct InterventionCosts {
  double per_participant_per_week = 0.0;  ///< per person the intervention has touched
  double fixed_per_week = 0.0;            ///< for the entry as a whole
  std::string source;                     ///< citation, or "assumed"
};

/// An intervention type: a process built from one `interventions:` entry.
/// Interventions are ordinary processes in the interventions phase, switched
/// on by their time window; the engine has no special path for them.
struct InterventionRegistration {
  std::string type;
  std::string description;
  std::vector<ParameterSpec> parameters;  ///< paths relative to the entry's `parameters:`
  std::function<std::unique_ptr<Process>(const InterventionSpec&, const Scenario&, const World&)>
      make;
  bool needs_evidence = false;  ///< its target must name an evidence item (target.evidence)
  bool one_off = false;         ///< acts once, in week max(1, start_week); end_week is ignored
  InterventionCosts costs{};
};

class ModelRegistry {
 public:
  void add(ProcessRegistration registration) { processes_.push_back(std::move(registration)); }
  void add(InterventionRegistration registration) {
    interventions_.push_back(std::move(registration));
  }
  const std::vector<InterventionRegistration>& interventions() const { return interventions_; }
  const std::vector<ProcessRegistration>& processes() const { return processes_; }
  /// Every declared parameter, in registration order.
  std::vector<ParameterSpec> parameter_specs() const;
  /// The enabled processes and the scenario's interventions, in phase order
  /// (ties in registration order, interventions in scenario order).
  std::vector<std::unique_ptr<Process>> build(const Scenario& scenario, const World& world) const;

 private:
  std::vector<ProcessRegistration> processes_;
  std::vector<InterventionRegistration> interventions_;
};

/// Whether `mechanisms.<key>` is on in the scenario (unknown keys: false).
bool mechanism_enabled(const Mechanisms& mechanisms, const std::string& key);

}  // namespace wfsim
