// The workshop's levers against the model's parameters: a lever's unit,
// default and bounds are its parameter's, and moving levers changes the
// loaded scenario exactly as the equivalent overrides of its file would.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "server/levers.hpp"
#include "tests/serve_harness.hpp"  // serve_catalogue

using namespace wfsim;
using namespace wfsim::test;

namespace {

const ParameterSpec& spec_of(const ScenarioSchema& schema, const std::string& path) {
  for (const ParameterSpec& spec : schema.parameters)
    if (spec.path == path) return spec;
  FAIL("no parameter " << path);
  throw std::logic_error("unreachable");
}

// The "KEY=VALUE" overrides of the scenario's file that give `values`: each
// moved lever's parameters for the whole scenario and for every organisation
// that sets its own (docs/workshop.md, "Levers").
std::vector<std::string> file_overrides(const Scenario& scenario, const nlohmann::json& values) {
  const nlohmann::json own = serve::scenario_lever_values(scenario);
  std::vector<std::string> overrides;
  const auto set = [&](const std::string& path, const std::string& value) {
    overrides.push_back(fmt::format("parameters.{}={}", path, value));
    for (std::size_t org = 0; org < scenario.organisations.size(); ++org) {
      if (scenario.organisations[org].parameter_overrides.count(path) != 0)
        overrides.push_back(fmt::format("organisations.{}.parameters.{}={}", org, path, value));
    }
  };
  for (const serve::LeverDefinition& lever : serve::lever_definitions()) {
    if (lever.key == "flexitime_share" || lever.key == "flexitime_pattern") continue;
    const nlohmann::json& value = values.at(lever.key);
    if (value == own.at(lever.key)) continue;
    set(lever.parameters.front(), value.is_boolean() ? (value.get<bool>() ? "true" : "false")
                                                     : fmt::format("{}", value.get<double>()));
  }
  if (values.at("flexitime_share") != own.at("flexitime_share") ||
      values.at("flexitime_pattern") != own.at("flexitime_pattern")) {
    const double share = values.at("flexitime_share").get<double>();
    const bool four_day = values.at("flexitime_pattern") == "four_day_week";
    set("working.four_day_week_share", fmt::format("{}", four_day ? share : 0.0));
    set("working.nine_day_fortnight_share", fmt::format("{}", four_day ? 0.0 : share));
  }
  return overrides;
}

}  // namespace

TEST_CASE("serve levers: units, defaults and bounds are the parameters'", "[serve]") {
  const ScenarioSchema schema = model::schema();
  CHECK_NOTHROW(serve::check_levers(schema));
  const Scenario& scenario = serve_catalogue().find("sure_start_centre")->scenario;
  const nlohmann::json described = serve::lever_descriptions(scenario);
  REQUIRE(described.size() == serve::lever_definitions().size());
  for (std::size_t i = 0; i < described.size(); ++i) {
    const serve::LeverDefinition& lever = serve::lever_definitions()[i];
    const nlohmann::json& entry = described[i];
    INFO("lever " << lever.key);
    double model_default = 0;
    for (const std::string& path : lever.parameters) {
      const ParameterSpec& spec = spec_of(schema, path);
      model_default += spec.default_value;
      if (lever.kind == serve::LeverDefinition::Kind::slider) {
        // The workshop range lies inside every parameter's valid range.
        CHECK(spec.min <= lever.min);
        CHECK(lever.max <= spec.max);
        CHECK(lever.min < lever.max);
      }
    }
    const ParameterSpec& spec = spec_of(schema, lever.parameters.front());
    const std::string unit = lever.kind == serve::LeverDefinition::Kind::choice ? ""
                             : lever.unit_wording.empty()                       ? spec.unit
                                                          : lever.unit_wording;
    CHECK(entry.value("unit", std::string()) == unit);
    if (lever.kind == serve::LeverDefinition::Kind::slider)
      CHECK(entry["default"] == model_default);
    if (lever.kind == serve::LeverDefinition::Kind::toggle)
      CHECK(entry["default"] == (spec.default_value != 0.0));
    if (lever.kind != serve::LeverDefinition::Kind::choice) {
      CHECK(entry["source"] == spec.source);  // the default's citation, or "assumed"
      CHECK(!spec.source.empty());
    }
  }
  // What the page showed before units came from the parameters.
  const auto unit_of = [&](const std::string& key) {
    for (const nlohmann::json& entry : described)
      if (entry["key"] == key) return entry.value("unit", std::string());
    return std::string("?");
  };
  CHECK(unit_of("referral_multiplier") == "× usual");
  CHECK(unit_of("supervision_hours") == "hours/week");
  CHECK(unit_of("hot_desking_share") == "share of staff");
  CHECK(unit_of("home_days") == "days/week");
  CHECK(unit_of("flexitime_share") == "share of staff");
  CHECK(unit_of("flexitime_pattern").empty());
  CHECK(unit_of("hei_link") == "strength 0-1");
  CHECK(unit_of("training_hours") == "hours/FTE/year");
  CHECK(unit_of("research_champion").empty());
}

TEST_CASE("serve levers: a lever outside its parameter's bounds is refused", "[serve]") {
  ScenarioSchema schema = model::schema();
  for (ParameterSpec& spec : schema.parameters)
    if (spec.path == "working.home_days_per_week") spec.max = 4.0;  // the lever goes to 5
  CHECK_THROWS_WITH(serve::check_levers(schema), Catch::Contains("home_days"));
}

TEST_CASE("serve levers: moved levers set the loaded scenario as overrides of its file would",
          "[serve]") {
  const ScenarioSchema schema = model::schema();
  const std::vector<nlohmann::json> changes{
      nlohmann::json::object(),
      {{"referral_multiplier", 1.35}, {"training_hours", 50.0}, {"research_champion", false}},
      {{"hei_link", 0.45}, {"home_days", 2.5}, {"supervision_hours", 0.125}},
      {{"flexitime_share", 0.4}, {"flexitime_pattern", "nine_day_fortnight"}},
      {{"hot_desking_share", 0.7}, {"flexitime_share", 0.3}, {"research_champion", true}},
  };
  int compared = 0;
  for (const char* id : {"sure_start_centre", "la_childrens_trust", "council_agile_flexitime",
                         "national_voluntary"}) {
    const std::filesystem::path file =
        std::filesystem::path(WFSIM_SOURCE_DIR) / "scenarios" / (std::string(id) + ".yaml");
    const Scenario own = load_scenario(file, {}, schema);  // as the server loads a card
    for (const nlohmann::json& change : changes) {
      INFO(id << " " << change.dump());
      const nlohmann::json values =
          serve::apply_lever_changes(own, serve::scenario_lever_values(own), change);
      Scenario applied = own;
      serve::apply_levers(applied, values, schema);
      const Scenario loaded = load_scenario(file, file_overrides(own, values), schema);
      CHECK(to_yaml(applied, schema) == to_yaml(loaded, schema));
      REQUIRE(applied.organisations.size() == loaded.organisations.size());
      for (std::size_t org = 0; org < applied.organisations.size(); ++org) {
        CHECK(applied.organisations[org].parameters.all() ==
              loaded.organisations[org].parameters.all());
        CHECK(applied.organisations[org].parameter_overrides ==
              loaded.organisations[org].parameter_overrides);
      }
      CHECK(serve::scenario_lever_values(applied) == values);
      ++compared;
    }
  }
  CHECK(compared == 20);
}
