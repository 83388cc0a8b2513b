// The workshop's levers: a fixed set of sliders, switches and choices, each
// mapped onto scenario parameters (docs/workshop.md, "Levers"). A lever's
// value for a scenario is that scenario's own value; only levers moved away
// from it become overrides, so untouched levers leave the scenario as it is.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace wfsim::serve {

/// One lever as the page shows it.
struct LeverDefinition {
  enum class Kind { slider, toggle, choice };
  std::string key;
  std::string label;
  std::string unit;
  Kind kind = Kind::slider;
  double min = 0, max = 0, step = 0;                         ///< sliders only
  std::vector<std::pair<std::string, std::string>> options;  ///< choices only: value, label
  std::string help;
  std::vector<std::string> parameters;  ///< the scenario parameters it sets (below `parameters.`)
};

/// Every lever, in the order the page shows them.
const std::vector<LeverDefinition>& lever_definitions();

/// The scenario's own value of every lever, as a JSON object keyed by lever.
nlohmann::json scenario_lever_values(const Scenario& scenario);

/// GET /api/levers: each definition with the scenario's value (a slider's
/// range is widened to include it).
nlohmann::json lever_descriptions(const Scenario& scenario);

/// `current` (a full set of values) with `changes` (a JSON object of some
/// levers) applied. Throws ApiError(400) naming the lever for an unknown key,
/// a wrong type or a value out of range.
nlohmann::json apply_lever_changes(const Scenario& scenario, const nlohmann::json& current,
                                   const nlohmann::json& changes);

/// The KEY=VALUE scenario overrides (load_scenario) that give `values`: one
/// for each lever that differs from the scenario's own value, setting the
/// parameter for the whole scenario and for every organisation that sets its own.
std::vector<std::string> lever_overrides(const Scenario& scenario, const nlohmann::json& values);

}  // namespace wfsim::serve
