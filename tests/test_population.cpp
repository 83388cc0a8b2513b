// `wfsim population`: strict reading of survey microdata, weighted draws that
// respect the survey's weights, and the scenario key `staff:` that carries
// each post's role, FTE and starting values into week 0.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "io/csv.hpp"
#include "population/population.hpp"
#include "population/resampling.hpp"
#include "population/survey.hpp"
#include "population/survey_margins.hpp"
#include "tests/cli_harness.hpp"
#include "tests/model_harness.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using namespace wfsim;
using test::ProcessResult;
using test::run_wfsim;
using test::TempDir;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;

const std::string kHeader =
    "respondent_id,org_id,team_id,role,fte,tenure_years,working_pattern,burnout_work,"
    "intend_to_leave_12m,absence_days_12m,uses_published_research,weight\n";

// Two organisations, named teams and respondents without a team.
const std::string kSurvey = kHeader +
                            "r1,north,cp1,team_manager,1,9.5,standard,61.2,0,3,1,0.8\n"
                            "r2,north,cp1,social_worker,0.8,2.1,four_day_week,70.4,1,12,0,1.2\n"
                            "r3,north,cp1,social_worker,1,0.4,,55,1,,,1.2\n"
                            "r4,north,cp1,senior_practitioner,1,6,standard,,0,0,1,1\n"
                            "r5,north,,social_worker,1,3.2,standard,48.3,0,5,0,1.3\n"
                            "r6,north,,team_manager,1,12,nine_day_fortnight,40,,2,1,0.7\n"
                            "r7,south,fs1,family_support_worker,0.6,1.5,standard,35,0,4,0,1\n"
                            "r8,south,fs1,team_manager,1,7,standard,52,0,1,1,1\n";

std::vector<StaffSpec> all_staff(const Scenario& scenario) {
  std::vector<StaffSpec> staff;
  for (const OrganisationSpec& org : scenario.organisations) {
    for (const TeamSpec& team : org.teams)
      staff.insert(staff.end(), team.staff.begin(), team.staff.end());
  }
  return staff;
}

// A survey of two roles with strongly different weights and burnout, no teams.
std::string two_role_survey(int per_role) {
  std::string csv = "role,fte,tenure_years,burnout_work,weight\n";
  for (int i = 0; i < per_role; ++i) {
    // Spread within each role, so the burnout mean has a standard error.
    csv += fmt::format("social_worker,1,{},{},3\n", i % 10, 60 + i % 21 - 10);
    csv += fmt::format("family_support_worker,1,{},{},1\n", i % 7, 40 + i % 11 - 5);
  }
  return csv;
}

struct BadSurvey {
  std::string what;
  std::string csv;
  std::string expected;  ///< the start of the message: where, and the column
  std::string hint;      ///< part of the problem or hint
};

}  // namespace

TEST_CASE("population: every class of bad survey is rejected, naming row and column",
          "[population]") {
  const std::string h = "role,fte,tenure_years,burnout_work,intend_to_leave_12m,weight\n";
  // Each row: the survey, then the expected "file:line:column: column name (number)" prefix.
  const std::vector<BadSurvey> cases{
      {"empty file", "", "survey.csv: the file is empty", "names the columns"},
      {"header only", h, "survey.csv:1:1: no respondents", "one row per respondent"},
      {"missing required column", "role,fte,tenure\nsocial_worker,1,2\n",
       "survey.csv:1:1: tenure_years: missing required column", "'tenure'"},
      {"empty column name", "role,fte,tenure_years,\nsocial_worker,1,2,\n",
       "survey.csv:1:23: column 4: the header has an empty name", "names every column"},
      {"duplicate column", "role,fte,fte,tenure_years\nsocial_worker,1,1,2\n",
       "survey.csv:1:10: column 3: column 'fte' appears twice", ""},
      {"non-numeric value", h + "social_worker,one,2,50,0,1\n",
       "survey.csv:2:15: fte (column 2): 'one' is not a number", "at most 1.5"},
      {"fte above 1.5", h + "social_worker,1.6,2,50,0,1\n",
       "survey.csv:2:15: fte (column 2): 1.6 is out of range", "at most 1.5"},
      {"fte of 0", h + "social_worker,0,2,50,0,1\n",
       "survey.csv:2:15: fte (column 2): an FTE of 0 is not a post", "more than 0"},
      {"negative tenure", h + "social_worker,1,-2,50,0,1\n",
       "survey.csv:2:17: tenure_years (column 3): -2 is out of range", "0 to 60"},
      {"burnout above 100", h + "social_worker,1,2,120,0,1\n",
       "survey.csv:2:19: burnout_work (column 4): 120 is out of range", "0 to 100"},
      {"not 0 or 1", h + "social_worker,1,2,50,yes,1\n",
       "survey.csv:2:22: intend_to_leave_12m (column 5): 'yes' is not 0 or 1", "1 for yes"},
      {"unknown role", h + "social_wroker,1,2,50,0,1\n",
       "survey.csv:2:1: role (column 1): unknown value 'social_wroker'",
       "did you mean 'social_worker'?"},
      {"unknown working pattern", "role,fte,tenure_years,working_pattern\nsocial_worker,1,2,4day\n",
       "survey.csv:2:19: working_pattern (column 4): unknown value '4day'", "one of: standard"},
      {"missing required value", h + "social_worker,,2,50,0,1\n",
       "survey.csv:2:15: fte (column 2): the value is missing", "needed on every row"},
      {"negative weight", h + "social_worker,1,2,50,0,-1\n",
       "survey.csv:2:24: weight (column 6): -1 is out of range", "0 to 1e9"},
      {"missing weight", h + "social_worker,1,2,50,0,\n",
       "survey.csv:2:24: weight (column 6): the weight is missing", "drop the weight column"},
      {"all weights 0", h + "social_worker,1,2,50,0,0\n",
       "survey.csv:1:56: weight (column 6): every weight is 0", "positive weight"},
      {"row too long", h + "social_worker,1,2,50,0,1,7\n",
       "survey.csv:2:26: column 7: the row has 7 values but the header names 6 columns",
       "double quotes"},
      {"row too short", h + "social_worker,1,2\n",
       "survey.csv:2:18: burnout_work (column 4): the row ends after 3 of its 6 columns", ""},
      {"unclosed quote", h + "\"social_worker,1,2,50,0,1\n",
       "survey.csv:2:1: a quoted field is never closed", "\"\""},
      {"stray quote", h + "social\"worker,1,2,50,0,1\n",
       "survey.csv:2:7: a double quote inside an unquoted field", "double quotes"},
      {"text after a closing quote", h + "\"social_worker\"x,1,2,50,0,1\n",
       "survey.csv:2:16: text after the closing quote", ""},
      {"invalid org id", "role,fte,tenure_years,org_id\nsocial_worker,1,2,north east\n",
       "survey.csv:2:19: org_id (column 4): invalid id 'north east'", "letters, digits"},
      {"repeated respondent",
       "respondent_id,role,fte,tenure_years\nr1,social_worker,1,2\nr1,"
       "social_worker,1,3\n",
       "survey.csv:3:1: respondent_id (column 1): respondent 'r1' also has line 2", "one row"},
  };
  for (const BadSurvey& bad : cases) {
    SECTION(bad.what) {
      const TempDir dir;
      dir.write("survey.csv", bad.csv);
      const std::set<std::string> before = dir.entries();
      const ProcessResult result =
          run_wfsim({"population", "--survey", "survey.csv", "-o", "pop.yaml"}, {dir.path()});
      INFO(result.describe());
      CHECK(result.exit_code == kExitBadInput);
      CHECK_THAT(result.err, Contains("wfsim: error: " + bad.expected));
      CHECK_THAT(result.err, Contains(bad.hint));
      CHECK(dir.entries() == before);  // no output, not even a temporary file
    }
  }
}

TEST_CASE("population: unknown columns are reported and ignored", "[population]") {
  const TempDir dir;
  dir.write("survey.csv", "role,fte,tenure_years,burnout,wave\nsocial_worker,1,2,50,3\n");
  const ProcessResult result =
      run_wfsim({"population", "--survey", "survey.csv", "-o", "pop.yaml"}, {dir.path()});
  INFO(result.describe());
  REQUIRE(result.exit_code == kExitOk);
  CHECK_THAT(result.err, Contains("wfsim: warning: survey.csv:1:23: column 4: 'burnout' is not a "
                                  "survey column and is ignored (hint: did you mean "
                                  "'burnout_work'?)"));
  CHECK_THAT(result.err, Contains("column 5: 'wave' is not a survey column"));
  CHECK(fs::exists(dir / "pop.yaml"));
}

TEST_CASE("population: CSV quoting follows RFC 4180", "[population]") {
  const std::vector<CsvRecord> records = parse_csv(
      "\xEF\xBB\xBF"
      "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\", \" two\nlines\" \r\n\n 3 ,,last",
      "t.csv");
  REQUIRE(records.size() == 3);  // the empty line is skipped
  CHECK(records[0].fields[0].text == "a");
  CHECK(records[1].fields[0].text == "x, y");
  CHECK(records[1].fields[1].text == "say \"hi\"");
  CHECK(records[1].fields[2].text == " two\nlines");
  CHECK(records[2].line == 5);
  CHECK(records[2].fields[0].text == "3");
  CHECK(records[2].fields[0].column == 2);
  CHECK(records[2].fields[1].text.empty());
  CHECK(records[2].fields[2].text == "last");
}

TEST_CASE("population: largest remainders and systematic resampling", "[population]") {
  const std::vector<double> weights{3.0, 1.0, 0.0, 2.0};
  const std::vector<std::int64_t> shares = apportion(weights, 10);
  CHECK(shares == std::vector<std::int64_t>{5, 2, 0, 3});  // quotas 5, 1.67, 0, 3.33
  for (const double u : {0.01, 0.5, 0.99}) {
    std::map<std::size_t, int> copies;
    for (const std::size_t i : systematic_resample(weights, 9, u)) ++copies[i];
    // Each index is drawn floor or ceil of 9 x weight / 6 times: 4.5, 1.5, 0, 3.
    CHECK((copies[0] == 4 || copies[0] == 5));
    CHECK((copies[1] == 1 || copies[1] == 2));
    CHECK(copies.count(2) == 0);
    CHECK(copies[3] == 3);
  }
}

TEST_CASE("population: the synthetic workforce respects the survey's weights", "[population]") {
  // 100 social workers with weight 3 and 100 family support workers with
  // weight 1: the weighted share of social workers is 3/4, not 1/2.
  const Survey survey = parse_survey(two_role_survey(100), "two_roles.csv");
  constexpr int kPosts = 400;
  const SyntheticWorkforce workforce = synthesise_workforce(survey, {7, kPosts, 0});
  int social_workers = 0, posts = 0;
  double burnout_sum = 0.0;
  for (const OrganisationSpec& org : workforce.organisations) {
    for (const TeamSpec& team : org.teams) {
      for (const StaffSpec& member : team.staff) {
        ++posts;
        social_workers += member.role == Role::social_worker ? 1 : 0;
        burnout_sum += *member.start.burnout;
      }
    }
  }
  REQUIRE(posts == kPosts);
  // Role share: within 3 binomial standard errors, SE = sqrt(p (1 - p) / n).
  const double p = 0.75;
  const double share = static_cast<double>(social_workers) / posts;
  CHECK(std::abs(share - p) < 3.0 * std::sqrt(p * (1.0 - p) / posts));
  // Mean burnout: within 3 standard errors of the weighted mean,
  // SE = sqrt(weighted variance / n), weighted variance = sum w (x - mean)^2 / sum w.
  double w_sum = 0.0, wx_sum = 0.0;
  for (const Respondent& r : survey.respondents) {
    w_sum += r.weight;
    wx_sum += r.weight * *r.burnout;
  }
  const double mean = wx_sum / w_sum;
  double w_var = 0.0;
  for (const Respondent& r : survey.respondents)
    w_var += r.weight * (*r.burnout - mean) * (*r.burnout - mean);
  w_var /= w_sum;
  CHECK(std::abs(burnout_sum / posts - mean) < 3.0 * std::sqrt(w_var / posts));
  CHECK(std::abs(mean - 55.0) < 0.5);  // far from the unweighted 50: weights matter
}

TEST_CASE("population: teams are drawn from their own respondents", "[population]") {
  const Survey survey = parse_survey(kSurvey, "survey.csv");
  const SyntheticWorkforce workforce = synthesise_workforce(survey, {1, 16, 0});
  REQUIRE(workforce.organisations.size() == 2);
  const OrganisationSpec& north = workforce.organisations[0];
  CHECK(north.id == "north");
  REQUIRE(north.teams.size() == 2);
  CHECK(north.teams[0].id == "cp1");
  CHECK(north.teams[1].id == "pool_1");  // north's respondents without a team
  // Posts follow weight: cp1 has 4.2 of 8.2 weight in all, so about half.
  CHECK(north.teams[0].size + north.teams[1].size + workforce.organisations[1].teams[0].size == 16);
  CHECK(north.teams[0].size == 8);
  for (const TeamSpec& team : north.teams) {
    CHECK(team.roles.front().role == Role::team_manager);  // every team keeps a manager
    for (const StaffSpec& member : team.staff) {
      if (team.id == "pool_1")
        CHECK((member.start.tenure_years == 3.2 || member.start.tenure_years == 12.0));
    }
  }
  const TeamSpec& fs1 = workforce.organisations[1].teams[0];
  CHECK(fs1.id == "fs1");
  CHECK(fs1.function == TeamFunction::family_support);
}

TEST_CASE("population: the scenario round-trips, runs, and fills week 0 from staff",
          "[population]") {
  const TempDir dir;
  dir.write("survey.csv", kSurvey);
  const ProcessResult made = run_wfsim({"population", "--survey", "survey.csv", "-o", "pop.yaml",
                                        "--base", WFSIM_SOURCE_DIR "/scenarios/baseline.yaml"},
                                       {dir.path()});
  INFO(made.describe());
  REQUIRE(made.exit_code == kExitOk);
  CHECK_THAT(made.out, Contains("role social_worker"));
  CHECK_THAT(made.out, Contains("intending to leave"));

  const ScenarioSchema schema = model::schema();
  // Every post filled at week 0, so every staff entry is someone's start.
  const Scenario scenario =
      load_scenario(dir / "pop.yaml", {"parameters.workforce.initial_vacancy_rate=0"}, schema);
  const std::string resolved = to_yaml(scenario, schema);
  CHECK(to_yaml(parse_scenario(resolved, "resolved", {}, schema), schema) == resolved);
  CHECK(scenario.evidence.size() == 2);  // kept from the base
  const std::vector<StaffSpec> staff = all_staff(scenario);
  REQUIRE(staff.size() == 8);  // one post per respondent

  const Simulation simulation = model::build_simulation(scenario);
  const World& world = simulation.world();
  ReplicateState week0(world);
  simulation.run(
      scenario.seed, 0, 0, [](int, const ReplicateState&) {}, nullptr, week0);
  REQUIRE(world.posts.size() == staff.size());
  for (std::size_t post = 0; post < staff.size(); ++post) {
    INFO("post " << post);
    const StaffSpec& member = staff[post];
    CHECK(world.posts.role[post] == member.role);
    CHECK(world.posts.fte[post] == static_cast<float>(member.fte));
    REQUIRE(week0.occupancy[post] == Occupancy::employed);
    CHECK(week0.tenure_weeks[post] == std::lround(52.0 * *member.start.tenure_years));
    if (member.start.burnout)
      CHECK(week0.burnout.current[post] == static_cast<float>(*member.start.burnout));
    if (member.start.working_pattern) CHECK(week0.pattern[post] == *member.start.working_pattern);
    if (member.start.intention)
      CHECK(week0.intention[post] == static_cast<float>(*member.start.intention));
  }

  const ProcessResult ran = run_wfsim(
      {"run", "pop.yaml", "-o", "pop.h5", "--replicates", "1", "--weeks", "8", "--threads", "1"},
      {dir.path()});
  INFO(ran.describe());
  CHECK(ran.exit_code == kExitOk);
}

TEST_CASE("population: the same survey and seed give the same file", "[population]") {
  const TempDir dir;
  dir.write("survey.csv", two_role_survey(30));
  const auto make = [&](const std::string& output, const std::string& seed) {
    const ProcessResult result = run_wfsim(
        {"population", "--survey", "survey.csv", "-o", output, "--seed", seed, "--posts", "50"},
        {dir.path()});
    INFO(result.describe());
    REQUIRE(result.exit_code == kExitOk);
    return test::read_file(dir / output);
  };
  const std::string first = make("a.yaml", "5");
  CHECK(make("b.yaml", "5") == first);
  CHECK(make("c.yaml", "6") != first);  // unequal weights: the seed moves the draw
}

// A scenario of two teams whose first is written as `team`, all mechanisms on.
std::string scenario_with_team(const std::string& team) {
  return "name: staff\nseed: 3\nweeks: 52\nreplicates: 3\n"
         "organisations:\n  - id: org\n    sector: local_authority\n    teams:\n" +
         team + "      - {id: t2, function: family_support, size: 5}\n";
}

TEST_CASE("staff: with roles only, a team runs exactly as its role counts", "[population]") {
  // Listed post by post at 1 FTE without starting values, a team is the team
  // its role counts describe: same posts, same draws, same results.
  const Scenario by_roles = test::scenario_from_yaml(scenario_with_team(
      "      - {id: t1, function: assessment, size: 4,\n"
      "         roles: {team_manager: 1, senior_practitioner: 1, social_worker: 2}}\n"));
  const Scenario by_staff = test::scenario_from_yaml(scenario_with_team(
      "      - id: t1\n        function: assessment\n        size: 4\n        staff:\n"
      "          - {role: social_worker}\n          - {role: team_manager}\n"
      "          - {role: senior_practitioner, fte: 1}\n          - {role: social_worker}\n"));
  const SeriesTable a = test::run_scenario(by_roles).series;
  const SeriesTable b = test::run_scenario(by_staff).series;
  for (const char* metric : {"burnout_mean", "leavers", "fte", "caseload_mean", "absence_rate"})
    CHECK(test::mean_series(a, metric) == test::mean_series(b, metric));
}

TEST_CASE("staff: starting values apply at week 0 only", "[population]") {
  // Everyone starts on a four-day week; newcomers draw their pattern as usual
  // (working.four_day_week_share 0: standard).
  const Scenario scenario = test::scenario_from_yaml(
      scenario_with_team(
          "      - id: t1\n        function: assessment\n        size: 6\n"
          "        staff: [{role: team_manager, working_pattern: four_day_week},\n"
          "          {role: social_worker, fte: 0.5, working_pattern: four_day_week},\n"
          "          {role: social_worker, working_pattern: four_day_week},\n"
          "          {role: social_worker, working_pattern: four_day_week},\n"
          "          {role: social_worker, working_pattern: four_day_week},\n"
          "          {role: social_worker, working_pattern: four_day_week}]\n"),
      {"parameters.leaving.annual_rate=0.6", "parameters.workforce.initial_vacancy_rate=0",
       "weeks=104"});
  const Simulation simulation = model::build_simulation(scenario);
  const World& world = simulation.world();
  ReplicateState state(world);
  simulation.run(
      scenario.seed, 0, scenario.weeks, [](int, const ReplicateState&) {}, nullptr, state);
  CHECK(world.posts.fte[1] == 0.5f);  // the post keeps its FTE for every holder
  int newcomers = 0;
  for (std::uint32_t post = 0; post < 6; ++post) {
    if (state.occupancy[post] != Occupancy::employed) continue;
    const bool newcomer = state.occupants[post] > 1;
    CHECK(state.pattern[post] ==
          (newcomer ? WorkingPattern::standard : WorkingPattern::four_day_week));
    if (newcomer) ++newcomers;
  }
  CHECK(newcomers > 0);
}

TEST_CASE("staff: is checked strictly", "[population]") {
  const auto error_of = [](const std::string& team) {
    try {
      test::scenario_from_yaml(scenario_with_team(team));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string head = "      - id: t1\n        function: assessment\n";
  CHECK_THAT(error_of(head + "        size: 3\n        staff: [{role: team_manager}]\n"),
             Contains("organisations.0.teams.0.staff: staff lists 1 posts but size is 3"));
  CHECK_THAT(error_of(head + "        size: 1\n        roles: {social_worker: 1}\n"
                             "        staff: [{role: team_manager}]\n"),
             Contains("organisations.0.teams.0.roles: role counts differ from the roles of staff"));
  CHECK_THAT(error_of(head + "        size: 1\n        staff: [{role: team_manager, fte: 0}]\n"),
             Contains("organisations.0.teams.0.staff.0.fte: an FTE of 0 is not a post"));
  CHECK_THAT(
      error_of(head + "        size: 1\n        staff: [{role: social_worker, burnout: 101}]\n"),
      Contains("organisations.0.teams.0.staff.0.burnout: 101 is out of range"));
  CHECK_THAT(
      error_of(head + "        size: 1\n        staff: [{role: social_worker, tenure: 2}]\n"),
      Contains("unknown key 'tenure' (hint: did you mean 'tenure_years'?)"));
  CHECK_THAT(error_of(head + "        size: 1\n        staff: [{fte: 1}]\n"),
             Contains("organisations.0.teams.0.staff.0.role: missing required key 'role'"));
}

TEST_CASE("population: the example survey gives a scenario that runs", "[population]") {
  // The worked example of docs/population.md and docs/calibration.md.
  const std::string survey_file = WFSIM_SOURCE_DIR "/examples/survey_example.csv";
  const Survey survey = read_survey(survey_file);
  CHECK(survey.warnings.empty());
  CHECK(survey.respondents.size() >= 300);
  const SyntheticWorkforce workforce = synthesise_workforce(survey, {1, 0, 0});
  for (const Margin& margin : compare_margins(survey, workforce.organisations)) {
    INFO(margin.label);
    if (margin.synthetic)
      CHECK(std::abs(*margin.synthetic - margin.survey) < 2.0 * margin.standard_error);
  }

  const TempDir dir;
  const ProcessResult made = run_wfsim({"population", "--survey", survey_file, "-o", "pop.yaml",
                                        "--base", WFSIM_SOURCE_DIR "/scenarios/baseline.yaml"},
                                       {dir.path()});
  INFO(made.describe());
  REQUIRE(made.exit_code == kExitOk);
  CHECK(made.err.empty());
  const ProcessResult ran = run_wfsim(
      {"run", "pop.yaml", "-o", "pop.h5", "--replicates", "1", "--weeks", "4", "--threads", "1"},
      {dir.path()});
  INFO(ran.describe());
  CHECK(ran.exit_code == kExitOk);
}
