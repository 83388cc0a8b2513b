// Posts held by agency workers only (a team's `agency_posts`): filled by
// agency workers from week 0, never by a permanent hire, and not vacancies
// when empty, while counting in the agency share.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "io/input_error.hpp"
#include "model_harness.hpp"

using namespace wfsim;

namespace {

// One team of a manager and 9 social workers, 3 of them agency-only; every
// other post filled at week 0.
std::string team_with_agency_posts(int agency_posts) {
  return fmt::format(
      "name: test\nseed: 11\nweeks: 104\nreplicates: 4\ngraph: {{kind: complete}}\n"
      "mechanisms: {{demand: false, burnout: false, absence: false, leaving: false, "
      "recruitment: false, uptake: false}}\n"
      "parameters: {{workforce: {{initial_vacancy_rate: 0}}}}\n"
      "organisations:\n  - id: org_a\n    sector: local_authority\n    teams:\n"
      "      - {{id: team, function: child_protection, size: 10, "
      "roles: {{team_manager: 1, social_worker: 9}}, agency_posts: {}}}\n",
      agency_posts);
}

}  // namespace

TEST_CASE("agency-only posts start with agency workers and are not vacancies", "[agency]") {
  const Scenario scenario = test::scenario_from_yaml(team_with_agency_posts(3));
  const SeriesTable series = test::run_scenario(scenario).series;
  CHECK(test::mean_series(series, "headcount")[0] == 7.0);
  CHECK(test::mean_series(series, "vacancies")[0] == 0.0);
  CHECK(test::mean_series(series, "agency_share")[0] == Approx(0.3).epsilon(1e-12));
}

TEST_CASE("an empty agency-only post waits for agency cover, never a permanent hire", "[agency]") {
  // Agency workers leave at 90 % a year, nobody else leaves; a vacancy would
  // be filled permanently within the week (mean time to fill 1 week), but
  // agency cover never comes. The agency-only posts empty and stay empty:
  // headcount stays 7 and vacancies 0 every week, while agency FTE falls.
  const Scenario scenario = test::scenario_from_yaml(
      team_with_agency_posts(3),
      {"mechanisms.leaving=true", "mechanisms.recruitment=true", "parameters.leaving.annual_rate=0",
       "parameters.leaving.modifiers=false", "parameters.leaving.agency_annual_rate=0.9",
       "parameters.recruitment.mean_weeks_to_fill=1",
       "parameters.recruitment.agency_cover_rate=0"});
  const SeriesTable series = test::run_scenario(scenario).series;
  const std::vector<double> headcount = test::mean_series(series, "headcount");
  const std::vector<double> vacancies = test::mean_series(series, "vacancies");
  for (std::size_t week = 0; week < headcount.size(); ++week) {
    INFO("week " << week);
    CHECK(headcount[week] == 7.0);
    CHECK(vacancies[week] == 0.0);
  }
  // P(an agency worker stays 104 weeks) = 0.1^2 = 0.01: the share is nearly 0.
  CHECK(test::mean_series(series, "agency_share").back() < 0.05);
}

TEST_CASE("agency posts must be social_worker posts", "[agency]") {
  try {
    test::scenario_from_yaml(team_with_agency_posts(10));
    FAIL("accepted");
  } catch (const InputError& e) {
    CHECK(e.key_path() == "organisations.0.teams.0.agency_posts");
    CHECK(std::string(e.what()).find("9 social_worker posts") != std::string::npos);
  }
}
