// The test of the worked example (admin_support.cpp): the mechanism's one
// file is enough for the engine to know its switch, parameter, column and
// metric, and to run it, with its declared writes checked.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "model_harness.hpp"
#include "models/model.hpp"
#include "record/metrics.hpp"
#include "sim/context.hpp"

using namespace wfsim;

namespace {

const std::string kScenario = test::minimal_scenario(3, 8, "workplace");

// The state at the end of week 1 of replicate 0, with access checks on.
ReplicateState week_one(const Scenario& scenario) {
  Simulation simulation = model::build_simulation(scenario);
  simulation.check_access(true);
  ReplicateState state(simulation.world());
  simulation.run(
      scenario.seed, 0, 1, [](int, const ReplicateState&) {}, nullptr, state);
  return state;
}

const std::vector<float>& support_column(const ReplicateState& state) {
  const auto& columns = extension_columns();
  const auto it = std::find_if(columns.begin(), columns.end(), [](const ExtensionColumn& c) {
    return std::string(c.spec.name) == "admin_support_hours";
  });
  REQUIRE(it != columns.end());
  return state.extension[static_cast<std::size_t>(it - columns.begin())];
}

}  // namespace

TEST_CASE("the example mechanism is registered from its own file", "[example]") {
  const ScenarioSchema schema = model::schema();
  const auto has = [](const std::vector<ParameterSpec>& specs, const std::string& path) {
    return std::any_of(specs.begin(), specs.end(),
                       [&](const ParameterSpec& s) { return s.path == path; });
  };
  CHECK(has(schema.mechanisms, "admin_support"));
  CHECK(has(schema.parameters, "admin_support.hours_per_week"));
  // Off by default: a scenario that does not switch it on does not build it.
  const Scenario off = test::scenario_from_yaml(kScenario);
  CHECK_FALSE(mechanism_enabled(off, "admin_support"));
  // The resolved scenario names the switch, and reads back the same.
  const Scenario on = test::scenario_from_yaml(kScenario, {"mechanisms.admin_support=true"});
  const std::string yaml = to_yaml(on, schema);
  CHECK(yaml.find("admin_support: true") != std::string::npos);
  CHECK(to_yaml(parse_scenario(yaml, "(resolved)", {}, schema), schema) == yaml);
}

TEST_CASE("the example mechanism writes its column and lowers pressure", "[example]") {
  const std::vector<std::string> demand{"mechanisms.demand=true",
                                        "parameters.admin_support.hours_per_week=3.7"};
  std::vector<std::string> with_support = demand;
  with_support.push_back("mechanisms.admin_support=true");
  const ReplicateState off = week_one(test::scenario_from_yaml(kScenario, demand));
  const ReplicateState on = week_one(test::scenario_from_yaml(kScenario, with_support));
  const std::vector<float>& support = support_column(on);
  int present = 0;
  for (std::size_t post = 0; post < on.present.size(); ++post) {
    INFO("post " << post);
    // Common random numbers: up to the resources phase of week 1 both arms
    // are the same, so pressure differs by exactly the support's factor,
    // 1 - 3.7 / 37 (rounded once to float, as the process does).
    REQUIRE(on.present[post] == off.present[post]);
    if (!on.present[post]) {
      CHECK(support[post] == 0.f);
      CHECK(on.pressure[post] == off.pressure[post]);
      continue;
    }
    ++present;
    CHECK(support[post] == 3.7f);
    CHECK(on.pressure[post] == off.pressure[post] * static_cast<float>(1.0 - 3.7f / 37.0));
  }
  CHECK(present > 0);
}

TEST_CASE("the example mechanism's metric is recorded and described", "[example]") {
  Scenario scenario = test::scenario_from_yaml(
      kScenario, {"mechanisms.admin_support=true", "parameters.admin_support.hours_per_week=3"});
  scenario.replicates = 2;
  scenario.weeks = 4;
  const EnsembleResult result = test::run_scenario(scenario);
  const std::vector<std::string> names = result.series.metrics();
  REQUIRE(std::find(names.begin(), names.end(), "admin_support_hours") != names.end());
  // Everyone at work gets 3 hours from week 1 on (week 0 is the state before
  // any step), so the mean over people at work is exactly 3 then.
  const std::vector<double> mean = test::mean_series(result.series, "admin_support_hours");
  REQUIRE(mean.size() == 5);
  CHECK(mean[0] == 0.0);
  for (std::size_t week = 1; week < mean.size(); ++week) CHECK(mean[week] == 3.0);
  const MetricDescription description = describe_metric("admin_support_hours", "GBP");
  CHECK(description.label == "Administrative support");
  CHECK(description.unit == "hours per person at work");
}
