// Every shipped scenario loads, validates and runs; its resolved form
// round-trips through the loader unchanged.
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "record/ensemble.hpp"
#include "tests/model_harness.hpp"

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
  CHECK_FALSE(scenario.mechanisms.boolean("uptake"));
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

TEST_CASE("docs/ODD.md lists every parameter and switch with its current default", "[scenarios]") {
  std::ifstream in(WFSIM_SOURCE_DIR "/docs/ODD.md");
  REQUIRE(in);
  const std::string odd((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const ScenarioSchema schema = model::schema();
  for (const auto& [block, specs] :
       {std::pair{"mechanisms", &schema.mechanisms}, std::pair{"parameters", &schema.parameters}}) {
    for (const ParameterSpec& spec : *specs) {
      // The row as `wfsim parameters` prints it: regenerate the table after changing a default.
      const std::string value = spec.kind == ParameterSpec::Kind::boolean
                                    ? (spec.default_value != 0 ? "true" : "false")
                                    : fmt::format("{}", spec.default_value);
      INFO(spec.path);
      CHECK(odd.find(fmt::format("| `{}.{}` | {} |", block, spec.path, value)) !=
            std::string::npos);
    }
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

namespace {

// Writes `text` to a fresh file under a per-test directory and returns its path.
std::filesystem::path write_scenario(const std::string& dir_name, const std::string& name,
                                     const std::string& text) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / dir_name;
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

}  // namespace

TEST_CASE("extends merges a scenario over its base, and errors name the right file",
          "[scenarios]") {
  const std::string dir = "wfsim_extends_" + std::to_string(::getpid());
  write_scenario(
      dir, "base.yaml",
      test::minimal_scenario(2, 6, "workplace") + "parameters:\n  leaving: {annual_rate: 0.2}\n");
  const auto child =
      write_scenario(dir, "child.yaml",
                     "extends: base.yaml\nname: child\nparameters:\n  burnout: {crossover: 0.3}\n");
  const Scenario scenario = load_scenario(child, {}, model::schema());
  CHECK(scenario.name == "child");                                // child wins
  CHECK(scenario.parameters.real("leaving.annual_rate") == 0.2);  // merged from base
  CHECK(scenario.parameters.real("burnout.crossover") == 0.3);    // merged from child
  CHECK(scenario.organisations.size() == 1);                      // lists from base
  CHECK(to_yaml(scenario, model::schema()).find("extends") == std::string::npos);

  SECTION("an error in the child names the child") {
    const auto bad = write_scenario(dir, "bad_child.yaml", "extends: base.yaml\nweeks: 0\n");
    try {
      load_scenario(bad, {}, model::schema());
      FAIL("accepted weeks: 0");
    } catch (const InputError& error) {
      CHECK(error.where().file == bad.string());
      CHECK(error.where().line == 2);
      CHECK(error.where().column == 8);
    }
  }
  SECTION("an error inherited from the base names the base") {
    write_scenario(dir, "bad_base.yaml", test::minimal_scenario(1, 6, "star"));
    const auto inherits = write_scenario(dir, "inherits.yaml", "extends: bad_base.yaml\nname: x\n");
    try {
      load_scenario(inherits, {}, model::schema());
      FAIL("accepted graph.kind: star");
    } catch (const InputError& error) {
      CHECK(error.where().file ==
            (std::filesystem::temp_directory_path() / dir / "bad_base.yaml").string());
      CHECK(error.key_path() == "graph.kind");
      CHECK(error.where().line > 0);
    }
  }
  SECTION("a cycle is reported, not followed forever") {
    const auto loop = write_scenario(dir, "loop.yaml", "extends: loop.yaml\n");
    CHECK_THROWS_AS(load_scenario(loop, {}, model::schema()), InputError);
  }
  SECTION("a missing base is reported at the extends line") {
    const auto orphan = write_scenario(dir, "orphan.yaml", "name: x\nextends: nowhere.yaml\n");
    try {
      load_scenario(orphan, {}, model::schema());
      FAIL("accepted a missing base");
    } catch (const InputError& error) {
      CHECK(error.key_path() == "extends");
      CHECK(error.where().line == 2);
    }
  }
  std::filesystem::remove_all(std::filesystem::temp_directory_path() / dir);
}

TEST_CASE("extends merges lists of items with ids by id", "[scenarios]") {
  const std::string dir = "wfsim_merge_" + std::to_string(::getpid());
  write_scenario(dir, "base.yaml",
                 test::minimal_scenario(2, 6, "workplace") +
                     "evidence:\n  - {id: a, type: published, p: 0.01, q: 0.1}\n");
  const auto child = write_scenario(dir, "child.yaml",
                                    "extends: base.yaml\n"
                                    "organisations:\n"
                                    "  - id: org_a\n"
                                    "    teams:\n"
                                    "      - {id: team_1, office: shared}\n"
                                    "  - {id: org_b, sector: health, teams: [{id: hv, function: "
                                    "health, size: 4, office: shared}]}\n");
  const Scenario merged = load_scenario(child, {}, model::schema());
  REQUIRE(merged.organisations.size() == 2);                   // org_b appended
  CHECK(merged.organisations[0].teams.size() == 2);            // org_a's teams kept
  CHECK(merged.organisations[0].teams[1].office == "shared");  // team_1 merged by id
  CHECK(merged.organisations[0].teams[1].size == 6);           // ...keeping its size
  CHECK(merged.evidence.size() == 1);                          // untouched list kept
  const auto emptied = write_scenario(dir, "emptied.yaml", "extends: base.yaml\nevidence: []\n");
  CHECK(load_scenario(emptied, {}, model::schema()).evidence.empty());  // [] replaces
  std::filesystem::remove_all(std::filesystem::temp_directory_path() / dir);
}
