// The cost series (docs/results.md, "Metrics"): each component is a unit cost
// from `costs:` times a quantity the model counts, so each is checked against
// the counts themselves, week by week, for the system and each organisation.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "record/metrics.hpp"
#include "tests/cli_harness.hpp"
#include "tests/model_harness.hpp"

using namespace wfsim;

namespace {

// Two organisations with several roles; every mechanism off and no vacancy,
// so the workforce is the same in every week. Tests switch on what they need.
const std::string kScenario = R"(name: costs
seed: 5
weeks: 12
replicates: 2
mechanisms: {demand: false, burnout: false, absence: false, leaving: false, recruitment: false, uptake: false}
parameters:
  workforce: {initial_vacancy_rate: 0}
organisations:
  - id: north
    sector: local_authority
    teams:
      - {id: cp, function: child_protection, size: 6, roles: {team_manager: 1, senior_practitioner: 2, social_worker: 3}}
      - {id: hv, function: health, size: 4}
  - id: south
    sector: voluntary
    teams:
      - {id: fs, function: family_support, size: 5}
      - {id: heads, function: management, size: 2}
evidence:
  - {id: briefings, type: published, p: 0.01, q: 0.05}
)";

const std::vector<std::string> kComponents{"cost/salary", "cost/agency_premium", "cost/recruitment",
                                           "cost/sickness", "cost/interventions"};

double value(const SeriesTable& series, std::size_t scope, const std::string& metric, int replicate,
             int week) {
  return series.at(scope, series.metric_index(metric), replicate, week);
}

// Calls f(scope, replicate, week) for every cell of the series.
template <class F>
void for_each_cell(const SeriesTable& series, F&& f) {
  for (std::size_t scope = 0; scope < series.scopes().size(); ++scope) {
    for (int replicate = 0; replicate < series.replicates(); ++replicate) {
      for (int week = 0; week <= series.weeks(); ++week) f(scope, replicate, week);
    }
  }
}

// The posts of a scope: every post for the system (scope 0), else organisation scope - 1.
bool in_scope(const World& world, std::size_t scope, std::uint32_t post) {
  return scope == 0 || world.posts.org[post] == scope - 1;
}

// One replicate run in process, recording the metrics and counting, per
// week and organisation, the occupants with intervention `index`'s participating bit.
struct Traced {
  SeriesTable series;
  std::vector<std::vector<double>> participants;  // [week][org]
};

Traced run_traced(const Scenario& scenario, int index) {
  const Simulation simulation = model::build_simulation(scenario);
  const World& world = simulation.world();
  const std::vector<std::string> scopes = metric_scopes(world);
  Traced traced{SeriesTable(scopes, metric_names(world), 1, scenario.weeks),
                std::vector<std::vector<double>>(static_cast<std::size_t>(scenario.weeks) + 1,
                                                 std::vector<double>(world.orgs.size(), 0.0))};
  MetricScratch scratch(world);
  simulation.run(scenario.seed, 0, scenario.weeks, [&](int week, const ReplicateState& state) {
    record_metrics(world, state, 0, week, scratch, traced.series);
    for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
      if (state.occupancy[post] != Occupancy::vacant &&
          (state.participating[post] & intervention_bit(index)))
        traced.participants[static_cast<std::size_t>(week)][world.posts.org[post]] += 1;
    }
  });
  return traced;
}

}  // namespace

TEST_CASE("costs: salaries are the employer cost of every post in post", "[costs]") {
  const Scenario scenario = test::scenario_from_yaml(
      kScenario + "costs:\n  salary_per_year: {social_worker: 41000, health_visitor: 47123.5}\n");
  const ScenarioSchema schema = model::schema();
  CHECK(scenario.costs.values.real("salary_per_year.social_worker") == 41000);
  for (const ParameterSpec& spec : schema.costs) {
    if (spec.path == "salary_per_year.team_manager")  // a role the block leaves out
      CHECK(scenario.costs.values.real(spec.path) == spec.default_value);
  }
  const World world = model::build_world(scenario);
  const SeriesTable series = test::run_scenario(scenario).series;
  for_each_cell(series, [&](std::size_t scope, int replicate, int week) {
    double expected = 0.0;
    for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
      if (!in_scope(world, scope, post)) continue;
      const std::string& role = name_of(world.posts.role[post], role_names());
      expected +=
          scenario.costs.values.real("salary_per_year." + role) * world.posts.fte[post] / 52;
    }
    INFO("scope " << scope << ", week " << week);
    CHECK(value(series, scope, "cost/salary", replicate, week) == Approx(expected).epsilon(1e-9));
    CHECK(value(series, scope, "cost_total", replicate, week) ==
          value(series, scope, "cost/salary", replicate, week));
    for (std::size_t c = 1; c < kComponents.size(); ++c)
      CHECK(value(series, scope, kComponents[c], replicate, week) == 0.0);
  });
}

TEST_CASE("costs: agency cover costs the salary plus the premium per working day", "[costs]") {
  const Scenario scenario =
      test::scenario_from_yaml(kScenario, {"parameters.workforce.initial_vacancy_rate=1",
                                           "parameters.workforce.initial_agency_cover=1",
                                           "costs.agency_premium_per_day=123"});
  const World world = model::build_world(scenario);
  const SeriesTable series = test::run_scenario(scenario).series;
  for_each_cell(series, [&](std::size_t scope, int replicate, int week) {
    double agency_fte = 0.0;
    for (std::uint32_t post = 0; post < world.posts.size(); ++post)
      if (in_scope(world, scope, post)) agency_fte += world.posts.fte[post];
    REQUIRE(value(series, scope, "agency_share", replicate, week) == 1.0);
    CHECK(value(series, scope, "cost/agency_premium", replicate, week) ==
          Approx(agency_fte * 5 * 123).epsilon(1e-9));
    CHECK(value(series, scope, "cost/salary", replicate, week) > 0.0);
  });
}

TEST_CASE("costs: recruitment costs each starter the cost per hire", "[costs]") {
  const Scenario scenario =
      test::scenario_from_yaml(kScenario, {"mechanisms.leaving=true", "mechanisms.recruitment=true",
                                           "parameters.leaving.annual_rate=0.6",
                                           "costs.recruitment_per_hire=4321.5", "weeks=52"});
  const SeriesTable series = test::run_scenario(scenario).series;
  double starters = 0.0;
  for_each_cell(series, [&](std::size_t scope, int replicate, int week) {
    const double hires = value(series, scope, "starters", replicate, week);
    starters += hires;
    CHECK(value(series, scope, "cost/recruitment", replicate, week) == hires * 4321.5);
  });
  CHECK(starters > 0.0);
}

TEST_CASE("costs: sickness costs each absent FTE five working days a week", "[costs]") {
  const Scenario scenario =
      test::scenario_from_yaml(kScenario, {"mechanisms.absence=true", "mechanisms.burnout=true",
                                           "costs.sickness_per_day=210", "weeks=52"});
  const SeriesTable series = test::run_scenario(scenario).series;
  double absent = 0.0;
  for_each_cell(series, [&](std::size_t scope, int replicate, int week) {
    const double absent_fte = value(series, scope, "absence_rate", replicate, week) *
                              value(series, scope, "fte", replicate, week);
    absent += absent_fte;
    CHECK(value(series, scope, "cost/sickness", replicate, week) ==
          Approx(absent_fte * 5 * 210).epsilon(1e-9).margin(1e-9));
  });
  CHECK(absent > 0.0);
}

TEST_CASE("costs: an intervention costs its participants' rate in the weeks it acts", "[costs]") {
  SECTION("weekly, per participant, in its organisation") {
    const Scenario scenario = test::scenario_from_yaml(
        kScenario +
        "interventions:\n"
        "  - {type: dictation_software, start_week: 2, end_week: 8, target: {org: north},\n"
        "     parameters: {adoption_rate: 0.3}}\n"
        "costs:\n"
        "  interventions: {dictation_software: {per_participant_per_week: 7.25}}\n");
    const Traced traced = run_traced(scenario, 0);
    double participants = 0.0;
    for (int week = 0; week <= scenario.weeks; ++week) {
      const std::vector<double>& count = traced.participants[static_cast<std::size_t>(week)];
      const bool acts = week >= 2 && week < 8;  // adopters keep it later, but it no longer runs
      INFO("week " << week);
      CHECK(value(traced.series, 1, "cost/interventions", 0, week) == (acts ? count[0] * 7.25 : 0));
      CHECK(count[1] == 0.0);
      CHECK(value(traced.series, 2, "cost/interventions", 0, week) == 0.0);
      CHECK(value(traced.series, 0, "cost/interventions", 0, week) ==
            value(traced.series, 1, "cost/interventions", 0, week));
      if (acts) participants += count[0];
    }
    CHECK(participants > 0.0);
  }
  SECTION("one-off, only in its week") {
    const Scenario scenario = test::scenario_from_yaml(
        kScenario +
        "interventions:\n"
        "  - {type: training_programme, start_week: 3, target: {evidence: briefings}}\n");
    const Traced traced = run_traced(scenario, 0);
    const double rate =
        scenario.costs.values.real("interventions.training_programme.per_participant_per_week");
    for (int week = 0; week <= scenario.weeks; ++week) {
      const std::vector<double>& count = traced.participants[static_cast<std::size_t>(week)];
      INFO("week " << week);
      CHECK(value(traced.series, 0, "cost/interventions", 0, week) ==
            (week == 3 ? (count[0] + count[1]) * rate : 0.0));
    }
    CHECK(traced.participants[3][0] == 10.0);  // everyone in post, nobody absent
  }
  SECTION("fixed costs: the target organisation's, or shared by funded FTE") {
    const auto fixed = [](const std::string& target) {
      return test::run_scenario(
                 test::scenario_from_yaml(
                     kScenario + "interventions:\n  - {type: hei_link, target: " + target + "}\n" +
                     "costs:\n  interventions: {hei_link: {fixed_per_week: 1700}}\n"))
          .series;
    };
    const SeriesTable shared = fixed("{}");
    const SeriesTable south = fixed("{org: south}");
    for (int week = 1; week <= shared.weeks(); ++week) {
      CHECK(value(shared, 1, "cost/interventions", 0, week) == Approx(1700.0 * 10 / 17));
      CHECK(value(shared, 2, "cost/interventions", 0, week) == Approx(1700.0 * 7 / 17));
      CHECK(value(shared, 0, "cost/interventions", 0, week) == Approx(1700.0));
      CHECK(value(south, 1, "cost/interventions", 0, week) == 0.0);
      CHECK(value(south, 2, "cost/interventions", 0, week) == 1700.0);
    }
    CHECK(value(shared, 0, "cost/interventions", 0, 0) == 0.0);  // week 0: nothing acts yet
  }
}

TEST_CASE("costs: --set scales a unit cost and nothing else", "[costs]") {
  const auto run = [](const std::string& per_hire) {
    return test::run_scenario(
               test::scenario_from_yaml(
                   kScenario, {"mechanisms.leaving=true", "mechanisms.recruitment=true",
                               "mechanisms.absence=true", "parameters.leaving.annual_rate=0.6",
                               "costs.recruitment_per_hire=" + per_hire, "weeks=52"}))
        .series;
  };
  const SeriesTable once = run("1000");
  const SeriesTable thrice = run("3000");
  for_each_cell(once, [&](std::size_t scope, int replicate, int week) {
    CHECK(value(thrice, scope, "cost/recruitment", replicate, week) ==
          3 * value(once, scope, "cost/recruitment", replicate, week));
    for (const char* other :
         {"cost/salary", "cost/agency_premium", "cost/sickness", "starters", "leavers"}) {
      CHECK(value(thrice, scope, other, replicate, week) ==
            value(once, scope, other, replicate, week));
    }
  });
}

TEST_CASE("costs: extends merges the block key by key, and it round-trips", "[costs]") {
  const test::TempDir dir;
  dir.write("base.yaml", kScenario +
                             "costs:\n  recruitment_per_hire: 1000\n"
                             "  salary_per_year: {social_worker: 45000}\n");
  const auto child = dir.write("child.yaml",
                               "extends: base.yaml\n"
                               "costs:\n  currency: EUR\n  salary_per_year: {team_manager: 70000}\n"
                               "  interventions: {hei_link: {fixed_per_week: 250}}\n");
  const ScenarioSchema schema = model::schema();
  const Scenario scenario = load_scenario(child, {}, schema);
  const ParameterValues& costs = scenario.costs.values;
  CHECK(scenario.costs.currency == "EUR");
  CHECK(costs.real("recruitment_per_hire") == 1000);            // from the base
  CHECK(costs.real("salary_per_year.social_worker") == 45000);  // from the base
  CHECK(costs.real("salary_per_year.team_manager") == 70000);   // from the child
  CHECK(costs.real("interventions.hei_link.fixed_per_week") == 250);
  CHECK(costs.real("interventions.hei_link.per_participant_per_week") == 0);  // default
  const std::string resolved = to_yaml(scenario, schema);
  CHECK(to_yaml(parse_scenario(resolved, "resolved", {}, schema), schema) == resolved);
}

TEST_CASE("costs: every default has a source and is in docs/scenarios.md", "[costs]") {
  std::ifstream in(WFSIM_SOURCE_DIR "/docs/scenarios.md");
  REQUIRE(in);
  const std::string docs((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const ScenarioSchema schema = model::schema();
  std::vector<std::string> paths;
  for (const ParameterSpec& spec : schema.costs) {
    INFO(spec.path);
    paths.push_back(spec.path);
    CHECK_FALSE(spec.source.empty());
    CHECK(spec.default_value >= spec.min);
    CHECK(docs.find(fmt::format("| `costs.{}` | {} |", spec.path, spec.default_value)) !=
          std::string::npos);
  }
  const auto has = [&](const std::string& path) {
    return std::find(paths.begin(), paths.end(), path) != paths.end();
  };
  for (const std::string& role : role_names()) CHECK(has("salary_per_year." + role));
  for (const InterventionSchema& type : schema.interventions) {
    CHECK(has("interventions." + type.type + ".per_participant_per_week"));
    CHECK(has("interventions." + type.type + ".fixed_per_week"));
  }
}
