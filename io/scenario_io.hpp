// Reading, overriding, validating and printing scenarios (docs/scenarios.md).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "io/input_error.hpp"
#include "sim/parameters.hpp"
#include "sim/scenario.hpp"

namespace wfsim {

/// An intervention type a scenario may name, with its own parameters (paths
/// relative to the entry's `parameters:` block).
struct InterventionSchema {
  std::string type;
  std::string description;
  std::vector<ParameterSpec> parameters;
  bool needs_evidence = false;  ///< its target must name an evidence item
  bool one_off = false;         ///< acts once, in week max(1, start_week)
};

/// What a scenario may name beyond its own structure: the model's parameters,
/// the registered intervention types and the unit costs.
struct ScenarioSchema {
  std::vector<ParameterSpec> parameters;
  std::vector<InterventionSchema> interventions;
  /// The amounts under `costs:` (paths below `costs.`) and `costs.price_year`.
  std::vector<ParameterSpec> costs{};
  std::string currency{};  ///< default `costs.currency`
  /// The `mechanisms:` switches (paths are the keys), in weekly order.
  std::vector<ParameterSpec> mechanisms{};
};

/// Reads `file`, applies `overrides` ("KEY=VALUE", KEY a dot path such as
/// parameters.leaving.annual_rate or organisations.0.teams.1.size, VALUE any
/// YAML), validates everything and fills every default. Throws InputError
/// naming file, line, column and key path on any problem.
Scenario load_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides,
                       const ScenarioSchema& schema);

/// The same from YAML text (`origin` names it in messages).
Scenario parse_scenario(const std::string& yaml_text, const std::string& origin,
                        const std::vector<std::string>& overrides, const ScenarioSchema& schema);

/// The most keys a key path (`--set KEY=...`, an experiment factor, a prior)
/// may have; real paths have fewer than 10.
inline constexpr std::size_t kMaxKeyPathSegments = 64;

/// Checks the form of a key path as --set takes it (names separated by single
/// dots, no '=', at most kMaxKeyPathSegments keys); throws an InputError at
/// `where` under `key_path` otherwise.
void check_key_path(const std::string& key, const InputLocation& where,
                    const std::string& key_path);

/// Makes `staff` the posts of `team` (its `staff:` key): puts them in post
/// order (team manager first, then role order, keeping the order within a
/// role) and sets the team's size and role counts from them.
void set_staff(TeamSpec& team, std::vector<StaffSpec> staff);

/// Sets one numeric model parameter ("parameters.<path>") of a resolved
/// scenario, as `--set` would, for the organisations that do not override it
/// too: the fast path for calibrations, which change a few parameters of one
/// scenario thousands of times. Returns false if `key_path` is not a real or
/// integer model parameter (use load_scenario with an override instead);
/// throws InputError, as the override would, if the value is out of range.
bool set_scenario_parameter(Scenario& scenario, const std::string& key_path, double value,
                            const ScenarioSchema& schema);

/// The fully resolved scenario as YAML; parse_scenario() of it gives the same scenario.
std::string to_yaml(const Scenario& scenario, const ScenarioSchema& schema);

}  // namespace wfsim
