#include "server/levers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/model.hpp"
#include "server/api_error.hpp"

namespace wfsim::serve {

namespace {

using Kind = LeverDefinition::Kind;

constexpr const char* kFourDay = "working.four_day_week_share";
constexpr const char* kNineDay = "working.nine_day_fortnight_share";

// Ranges are workshop ranges inside each parameter's valid range (check_levers
// makes sure); units, defaults and sources are the parameters' own
// (`wfsim parameters`).
std::vector<LeverDefinition> make_definitions() {
  return {
      {"referral_multiplier",
       "Referral inflow",
       Kind::slider,
       0.5,
       2.0,
       0.05,
       {},
       "Scales the weekly referrals to every team (1 = the scenario's usual demand).",
       {"demand.referral_multiplier"},
       "× usual"},
      {"supervision_hours",
       "Supervision per person",
       Kind::slider,
       0.0,
       2.0,
       0.125,
       {},
       "Formal supervision each supervisee gets from their supervisor; 0.375 is 1.5 hours every "
       "4 weeks.",
       {"contact.supervision_hours_per_week"}},
      {"hot_desking_share",
       "Staff without a fixed desk",
       Kind::slider,
       0.0,
       1.0,
       0.05,
       {},
       "Share of staff who hot-desk (agile working) instead of sitting with their team.",
       {"working.hot_desking_share"}},
      {"home_days",
       "Home working",
       Kind::slider,
       0.0,
       5.0,
       0.5,
       {},
       "Mean days a week each person works from home.",
       {"working.home_days_per_week"}},
      {"flexitime_share",
       "Compressed hours",
       Kind::slider,
       0.0,
       1.0,
       0.05,
       {},
       "Share of staff who work their hours in fewer days (the pattern below).",
       {kFourDay, kNineDay}},
      {"flexitime_pattern",
       "Compressed-hours pattern",
       Kind::choice,
       0,
       0,
       0,
       {{"four_day_week", "4-day week"}, {"nine_day_fortnight", "9-day fortnight"}},
       "How compressed hours are worked.",
       {kFourDay, kNineDay}},
      {"hei_link",
       "University link",
       Kind::slider,
       0.0,
       1.0,
       0.05,
       {},
       "Strength of the link with a university (postgraduate study, research access); raises the "
       "uptake of published research.",
       {"organisation.hei_link"},
       "strength 0-1"},
      {"training_hours",
       "Training budget",
       Kind::slider,
       0.0,
       120.0,
       2.0,
       {},
       "In-house training hours per full-time post a year.",
       {"organisation.training_hours_per_fte"}},
      {"research_champion",
       "Research champion present",
       Kind::toggle,
       0,
       0,
       0,
       {},
       "A research or workforce-development lead who champions evidence use.",
       {"organisation.research_lead"}},
  };
}

/// The model's parameters, read once.
const ScenarioSchema& model_schema() {
  static const ScenarioSchema schema = model::schema();
  return schema;
}

const ParameterSpec* find_parameter(const ScenarioSchema& schema, const std::string& path) {
  for (const ParameterSpec& spec : schema.parameters)
    if (spec.path == path) return &spec;
  return nullptr;
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::slider:
      return "slider";
    case Kind::toggle:
      return "switch";
    case Kind::choice:
      return "choice";
  }
  return "slider";
}

/// The scenario's value of a parameter: the first organisation's (its own
/// setting, else the scenario's), as the page shows one value per lever.
double parameter_value(const Scenario& scenario, const std::string& path) {
  if (!scenario.organisations.empty()) {
    const auto& values = scenario.organisations.front().parameters.all();
    const auto found = values.find(path);
    if (found != values.end()) return found->second;
  }
  return scenario.parameters.real(path);
}

const LeverDefinition* find_definition(const std::string& key) {
  for (const LeverDefinition& lever : lever_definitions())
    if (lever.key == key) return &lever;
  return nullptr;
}

std::string lever_keys() {
  std::string keys;
  for (const LeverDefinition& lever : lever_definitions())
    keys += (keys.empty() ? "" : ", ") + lever.key;
  return keys;
}

/// A slider's range for this scenario: the workshop range, widened to include its own value.
std::pair<double, double> slider_range(const LeverDefinition& lever, double own) {
  return {std::min(lever.min, own), std::max(lever.max, own)};
}

/// Sets `path` to `value` for the whole scenario (set_scenario_parameter) and
/// for each organisation that sets its own.
void set_parameter(Scenario& scenario, const std::string& path, double value,
                   const ScenarioSchema& schema) {
  if (!set_scenario_parameter(scenario, "parameters." + path, value, schema)) {
    // A switch: set_scenario_parameter takes numbers only.
    const ParameterSpec* spec = find_parameter(schema, path);
    if (spec == nullptr || spec->kind != ParameterSpec::Kind::boolean)
      throw std::logic_error("a lever sets '" + path + "', which is not a model parameter");
    scenario.parameters.set(path, value);
    for (OrganisationSpec& org : scenario.organisations)
      if (org.parameter_overrides.count(path) == 0) org.parameters.set(path, value);
  }
  for (OrganisationSpec& org : scenario.organisations) {
    const auto own = org.parameter_overrides.find(path);
    if (own == org.parameter_overrides.end()) continue;
    own->second = value;
    org.parameters.set(path, value);
  }
}

void check_levers(const ScenarioSchema& schema, const std::vector<LeverDefinition>& levers) {
  for (const LeverDefinition& lever : levers) {
    if (lever.parameters.empty())
      throw std::logic_error(fmt::format("lever '{}' sets no parameter", lever.key));
    for (const std::string& path : lever.parameters) {
      const ParameterSpec* spec = find_parameter(schema, path);
      if (spec == nullptr) {
        throw std::logic_error(
            fmt::format("lever '{}' sets '{}', which is not a model parameter", lever.key, path));
      }
      const bool boolean = spec->kind == ParameterSpec::Kind::boolean;
      if ((lever.kind == Kind::toggle) != boolean) {
        throw std::logic_error(fmt::format("lever '{}' is a {} but '{}' is {}a switch", lever.key,
                                           kind_name(lever.kind), path, boolean ? "" : "not "));
      }
      if (lever.kind == Kind::slider && !(lever.min >= spec->min && lever.max <= spec->max)) {
        throw std::logic_error(
            fmt::format("lever '{}' ranges {} to {}, outside '{}''s valid range {} to {}",
                        lever.key, lever.min, lever.max, path, spec->min, spec->max));
      }
    }
  }
}

}  // namespace

const std::vector<LeverDefinition>& lever_definitions() {
  static const std::vector<LeverDefinition> definitions = [] {
    std::vector<LeverDefinition> levers = make_definitions();
    check_levers(model_schema(), levers);
    return levers;
  }();
  return definitions;
}

const ParameterSpec& lever_parameter(const LeverDefinition& lever) {
  return *find_parameter(model_schema(), lever.parameters.front());
}

std::string lever_unit(const LeverDefinition& lever) {
  if (lever.kind == Kind::choice) return "";  // its options say it
  return lever.unit_wording.empty() ? lever_parameter(lever).unit : lever.unit_wording;
}

void check_levers(const ScenarioSchema& schema) {
  check_levers(schema, lever_definitions());
}

nlohmann::json scenario_lever_values(const Scenario& scenario) {
  const double four_day = parameter_value(scenario, kFourDay);
  const double nine_day = parameter_value(scenario, kNineDay);
  nlohmann::json values = nlohmann::json::object();
  for (const LeverDefinition& lever : lever_definitions()) {
    if (lever.key == "flexitime_share") {
      values[lever.key] = four_day + nine_day;
    } else if (lever.key == "flexitime_pattern") {
      values[lever.key] = nine_day > four_day ? "nine_day_fortnight" : "four_day_week";
    } else if (lever.kind == Kind::toggle) {
      values[lever.key] = parameter_value(scenario, lever.parameters.front()) != 0.0;
    } else {
      values[lever.key] = parameter_value(scenario, lever.parameters.front());
    }
  }
  return values;
}

nlohmann::json lever_descriptions(const Scenario& scenario) {
  const nlohmann::json values = scenario_lever_values(scenario);
  nlohmann::json levers = nlohmann::json::array();
  for (const LeverDefinition& lever : lever_definitions()) {
    nlohmann::json entry = {
        {"key", lever.key},           {"label", lever.label}, {"kind", kind_name(lever.kind)},
        {"value", values[lever.key]}, {"help", lever.help},   {"parameters", lever.parameters}};
    const std::string unit = lever_unit(lever);
    if (!unit.empty()) entry["unit"] = unit;
    if (lever.kind != Kind::choice) {
      // The model's default: the sum of the two patterns' shares for compressed hours.
      double model_default = 0;
      for (const std::string& path : lever.parameters)
        model_default += find_parameter(model_schema(), path)->default_value;
      entry["default"] = lever.kind == Kind::toggle ? nlohmann::json(model_default != 0.0)
                                                    : nlohmann::json(model_default);
      // Where the default comes from, as `wfsim parameters` cites it (the
      // first parameter's: the compressed-hours patterns share a source).
      entry["source"] = find_parameter(model_schema(), lever.parameters.front())->source;
    }
    if (lever.kind == Kind::slider) {
      const auto [min, max] = slider_range(lever, values[lever.key].get<double>());
      entry["min"] = min;
      entry["max"] = max;
      entry["step"] = lever.step;
    }
    if (lever.kind == Kind::choice) {
      entry["options"] = nlohmann::json::array();
      for (const auto& [value, label] : lever.options)
        entry["options"].push_back({{"value", value}, {"label", label}});
    }
    levers.push_back(std::move(entry));
  }
  return levers;
}

nlohmann::json apply_lever_changes(const Scenario& scenario, const nlohmann::json& current,
                                   const nlohmann::json& changes) {
  if (!changes.is_object()) {
    throw ApiError(400, fmt::format("lever values must be a JSON object such as "
                                    "{{\"referral_multiplier\": 1.2}}, got {}",
                                    changes.dump()));
  }
  const nlohmann::json own = scenario_lever_values(scenario);
  nlohmann::json values = current;
  for (const auto& [key, value] : changes.items()) {
    const LeverDefinition* lever = find_definition(key);
    if (lever == nullptr)
      throw ApiError(
          400, fmt::format("unknown lever '{}' (hint: the levers are {})", key, lever_keys()));
    switch (lever->kind) {
      case Kind::slider: {
        if (!value.is_number())
          throw ApiError(400, fmt::format("lever '{}' needs a number, got {}", key, value.dump()));
        const auto [min, max] = slider_range(*lever, own[key].get<double>());
        const double number = value.get<double>();
        if (!(number >= min && number <= max)) {
          throw ApiError(
              400, fmt::format("lever '{}' = {} is out of range (hint: allowed {} to {} {})", key,
                               value.dump(), min, max, lever_unit(*lever)));
        }
        values[key] = number;
        break;
      }
      case Kind::toggle:
        if (!value.is_boolean())
          throw ApiError(400,
                         fmt::format("lever '{}' needs true or false, got {}", key, value.dump()));
        values[key] = value;
        break;
      case Kind::choice: {
        // Compared as strings: clang 16's C++20 rewritten comparisons find no
        // operator for std::string == nlohmann::json.
        const bool known =
            value.is_string() &&
            std::any_of(lever->options.begin(), lever->options.end(), [&](const auto& option) {
              return option.first == value.get_ref<const std::string&>();
            });
        if (!known) {
          std::string options;
          for (const auto& option : lever->options)
            options += (options.empty() ? "" : ", ") + option.first;
          throw ApiError(400, fmt::format("lever '{}' = {} is not an option (hint: one of {})", key,
                                          value.dump(), options));
        }
        values[key] = value;
        break;
      }
    }
  }
  return values;
}

void apply_levers(Scenario& scenario, const nlohmann::json& values, const ScenarioSchema& schema) {
  const nlohmann::json own = scenario_lever_values(scenario);
  for (const LeverDefinition& lever : lever_definitions()) {
    if (lever.key == "flexitime_share" || lever.key == "flexitime_pattern") continue;
    if (values.at(lever.key) == own.at(lever.key)) continue;
    const nlohmann::json& value = values.at(lever.key);
    const double number =
        value.is_boolean() ? (value.get<bool>() ? 1.0 : 0.0) : value.get<double>();
    set_parameter(scenario, lever.parameters.front(), number, schema);
  }
  // Compressed hours: the whole share on the chosen pattern, none on the other.
  if (values.at("flexitime_share") != own.at("flexitime_share") ||
      values.at("flexitime_pattern") != own.at("flexitime_pattern")) {
    const double share = values.at("flexitime_share").get<double>();
    const bool four_day = values.at("flexitime_pattern") == "four_day_week";
    set_parameter(scenario, kFourDay, four_day ? share : 0.0, schema);
    set_parameter(scenario, kNineDay, four_day ? 0.0 : share, schema);
  }
}

}  // namespace wfsim::serve
