// The workshop's levers: a fixed set of sliders, switches and choices, each
// mapped onto model parameters (docs/workshop.md, "Levers"). A lever's unit,
// default and valid bounds are its parameter's (ParameterSpec); only its
// label, help, step and workshop range are its own, and that range lies
// inside the parameter's bounds. A lever's value for a scenario is that
// scenario's own value; only levers moved away from it change the scenario,
// so untouched levers leave it as it is.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "io/scenario_io.hpp"

namespace wfsim::serve {

/// One lever as the page shows it.
struct LeverDefinition {
  enum class Kind { slider, toggle, choice };
  std::string key;
  std::string label;
  Kind kind = Kind::slider;
  double min = 0, max = 0, step = 0;                         ///< sliders: the workshop range
  std::vector<std::pair<std::string, std::string>> options;  ///< choices only: value, label
  std::string help;
  std::vector<std::string> parameters;  ///< the model parameters it sets (below `parameters.`)
  /// The unit as the page words it, where the parameter's own unit reads
  /// poorly in a workshop ("ratio" for a multiplier); empty: the parameter's unit.
  std::string unit_wording{};
};

/// Every lever, in the order the page shows them.
const std::vector<LeverDefinition>& lever_definitions();

/// The parameter a lever shows (its first), from the model's schema.
const ParameterSpec& lever_parameter(const LeverDefinition& lever);

/// The lever's unit on the page: its wording, else its parameter's unit
/// (none for a choice).
std::string lever_unit(const LeverDefinition& lever);

/// Checks every lever against the model's schema: its parameters exist, have
/// the lever's kind (sliders real, switches boolean), and a slider's workshop
/// range lies inside the bounds of each. Throws std::logic_error naming the
/// lever otherwise.
void check_levers(const ScenarioSchema& schema);

/// The scenario's own value of every lever, as a JSON object keyed by lever.
nlohmann::json scenario_lever_values(const Scenario& scenario);

/// GET /api/levers: each definition with the scenario's value (a slider's
/// range is widened to include it) and the model's default.
nlohmann::json lever_descriptions(const Scenario& scenario);

/// `current` (a full set of values) with `changes` (a JSON object of some
/// levers) applied. Throws ApiError(400) naming the lever for an unknown key,
/// a wrong type or a value out of range.
nlohmann::json apply_lever_changes(const Scenario& scenario, const nlohmann::json& current,
                                   const nlohmann::json& changes);

/// Sets, in `scenario` (resolved, as loaded), the parameters of every lever
/// whose value in `values` differs from the scenario's own, with
/// set_scenario_parameter as `wfsim calibrate` does, and for every
/// organisation that sets its own value too. Nothing is read from disk.
/// Throws InputError if the scenario rejects a value.
void apply_levers(Scenario& scenario, const nlohmann::json& values, const ScenarioSchema& schema);

}  // namespace wfsim::serve
