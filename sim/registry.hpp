// Registration by name: each process declares, in its own file, its phase,
// the `mechanisms:` switch that turns it off (if any), its parameters and how
// to build it from a resolved scenario, and registers itself with a
// registrar object. The engine knows processes only through this table.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/parameters.hpp"
#include "sim/process.hpp"
#include "sim/scenario.hpp"
#include "sim/world.hpp"

namespace wfsim {

struct ProcessRegistration {
  std::string name;  ///< the process's name(); unique
  Phase phase;       ///< the process's phase(); orders registrations and runs
  /// Its switch under `mechanisms:` (path = the key, a boolean with its
  /// default, meaning and source), or none if the process always runs.
  std::optional<ParameterSpec> mechanism;
  std::vector<ParameterSpec> parameters;
  std::function<std::unique_ptr<Process>(const Scenario&)> make;
};

/// A `mechanisms:` switch, on by default; `when_off` says what happens
/// without the process.
inline ParameterSpec mechanism_switch(std::string key, const std::string& when_off) {
  return {std::move(key),
          ParameterSpec::Kind::boolean,
          1.0,
          0.0,
          1.0,
          "",
          "false: " + when_off,
          "model structure: every mechanism runs unless switched off",
          Scope::scenario};
}

/// Default running costs of an intervention type (`costs.interventions.<type>`).
struct InterventionCosts {
  double per_participant_per_week =
      0.0;                      ///< per person taking part (ReplicateState::participating)
  double fixed_per_week = 0.0;  ///< for the entry as a whole
  std::string source;           ///< citation, or "assumed"
};

/// An intervention type: a process (sim/intervention.hpp) built from one
/// `interventions:` entry, run by the engine inside the entry's time window.
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
  /// The registry the registrars below fill before main() runs.
  static ModelRegistry& global();

  /// Adds a registration in its place: processes by phase, then name;
  /// intervention types by name. Throws std::logic_error for a name taken.
  void add(ProcessRegistration registration);
  void add(InterventionRegistration registration);
  const std::vector<InterventionRegistration>& interventions() const { return interventions_; }
  const std::vector<ProcessRegistration>& processes() const { return processes_; }
  /// Every declared parameter, in registration order.
  std::vector<ParameterSpec> parameter_specs() const;
  /// Every `mechanisms:` switch, in registration (weekly) order.
  std::vector<ParameterSpec> mechanism_specs() const;
  /// The enabled processes and the scenario's interventions, in phase order
  /// (ties in registration order, interventions in scenario order). Throws
  /// std::logic_error if a built process's name or phase differs from its
  /// registration's.
  std::vector<std::unique_ptr<Process>> build(const Scenario& scenario, const World& world) const;

 private:
  std::vector<ProcessRegistration> processes_;
  std::vector<InterventionRegistration> interventions_;
};

/// Whether `mechanisms.<key>` is on in the scenario (its default if the
/// scenario, built in code, does not set it). Throws std::logic_error for a
/// key no process registers.
bool mechanism_enabled(const Scenario& scenario, const std::string& key);

/// Registers a process from its own file, before main() runs:
///   const ProcessRegistrar kRegisterBurnout{{"burnout", Phase::burnout, ...}};
struct ProcessRegistrar {
  explicit ProcessRegistrar(ProcessRegistration registration) {
    ModelRegistry::global().add(std::move(registration));
  }
};

/// Registers an intervention type from its own file, before main() runs.
struct InterventionRegistrar {
  explicit InterventionRegistrar(InterventionRegistration registration) {
    ModelRegistry::global().add(std::move(registration));
  }
};

}  // namespace wfsim
