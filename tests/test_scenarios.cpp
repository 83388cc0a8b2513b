// Every shipped scenario loads, validates and runs; its resolved form
// round-trips through the loader unchanged.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "model_harness.hpp"

using namespace wfsim;

TEST_CASE("every shipped scenario is valid, round-trips and runs", "[scenarios]") {
  const ScenarioSchema schema = model::schema();
  int checked = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(WFSIM_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    if (entry.path().parent_path().filename() == "targets") continue;  // not scenarios
    INFO(entry.path().string());
    const Scenario scenario = load_scenario(entry.path(), {}, schema);
    const std::string resolved = to_yaml(scenario, schema);
    CHECK(to_yaml(parse_scenario(resolved, "resolved", {}, schema), schema) == resolved);
    Scenario smoke = scenario;
    smoke.weeks = 4;
    smoke.replicates = 1;
    const EnsembleResult result = test::run_scenario(smoke);
    CHECK(result.weeks_completed[0] == 4);
    ++checked;
  }
  CHECK(checked >= 1);
}

TEST_CASE("overrides (--set) reach nested keys and list entries", "[scenarios]") {
  const Scenario scenario = load_scenario(
      WFSIM_SOURCE_DIR "/scenarios/baseline.yaml",
      {"weeks=10", "parameters.leaving.annual_rate=0.25", "organisations.0.teams.1.size=12",
       "organisations.0.teams.1.roles={team_manager: 1, social_worker: 11}",
       "mechanisms.uptake=false"},
      model::schema());
  CHECK(scenario.weeks == 10);
  CHECK(scenario.parameters.real("leaving.annual_rate") == 0.25);
  CHECK(scenario.organisations[0].teams[1].size == 12);
  CHECK_FALSE(scenario.mechanisms.uptake);
}

TEST_CASE("defaults fill what a scenario leaves out", "[scenarios]") {
  const Scenario scenario = test::scenario_from_yaml(test::minimal_scenario(1, 6, "workplace"));
  const ScenarioSchema schema = model::schema();
  for (const ParameterSpec& spec : schema.parameters) {
    INFO(spec.path);
    CHECK(scenario.parameters.real(spec.path) == spec.default_value);
    CHECK_FALSE(spec.source.empty());  // every default cites a source or says "assumed"
    CHECK(spec.default_value >= spec.min);
    CHECK(spec.default_value <= spec.max);
  }
  // A team without roles: one manager supervising the function's main role.
  const TeamSpec& team = scenario.organisations[0].teams[0];
  REQUIRE(team.roles.size() == 2);
  CHECK(team.roles[0].role == Role::team_manager);
  CHECK(team.roles[1].count == 5);
}

TEST_CASE("docs/ODD.md lists every parameter with its current default", "[scenarios]") {
  std::ifstream in(WFSIM_SOURCE_DIR "/docs/ODD.md");
  REQUIRE(in);
  const std::string odd((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const ParameterSpec& spec : model::schema().parameters) {
    // The row as `wfsim parameters` prints it: regenerate the table after changing a default.
    const std::string value = spec.kind == ParameterSpec::Kind::boolean
                                  ? (spec.default_value != 0 ? "true" : "false")
                                  : fmt::format("{}", spec.default_value);
    INFO(spec.path);
    CHECK(odd.find(fmt::format("| `parameters.{}` | {} |", spec.path, value)) != std::string::npos);
  }
}

TEST_CASE("organisations may override only per-organisation parameters", "[scenarios]") {
  const std::string base = test::minimal_scenario(2, 6, "workplace");
  const auto with_org_parameters = [&](const std::string& block) {
    std::string yaml = base;
    yaml.insert(yaml.find("    teams:"), "    parameters: " + block + "\n");
    return yaml;
  };
  // Recruitment difficulty varies between organisations: accepted, and only there.
  const Scenario scenario =
      test::scenario_from_yaml(with_org_parameters("{recruitment: {fill_time_multiplier: 2.5}}"));
  CHECK(scenario.organisations[0].parameters.real("recruitment.fill_time_multiplier") == 2.5);
  CHECK(scenario.parameters.real("recruitment.fill_time_multiplier") == 1.0);
  // Burnout crossover is read scenario-wide: an organisation's value would be ignored, so it is an
  // error.
  try {
    test::scenario_from_yaml(with_org_parameters("{burnout: {crossover: 0.3}}"));
    FAIL("a scenario-wide parameter was accepted per organisation");
  } catch (const InputError& error) {
    CHECK(error.key_path() == "organisations.0.parameters.burnout.crossover");
    CHECK(error.where().line == 10);  // the organisation's parameters: line (minimal_scenario)
    CHECK(error.problem() == "this parameter is scenario-wide");
  }
}
