// Organisations generated from published local-authority figures (a
// scenario's `population:` block): England's structure as documented, draws
// keyed by the authority so that the others do not move, repetition to a
// number of posts, the resolved scenario, and located errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/authority_population.hpp"
#include "io/input_error.hpp"
#include "io/scenario_io.hpp"
#include "models/model.hpp"

using namespace wfsim;

namespace {

const std::string kEngland = std::string(WFSIM_SOURCE_DIR) + "/data/england_la_size_2024.csv";

// A scenario that generates its organisations from `csv`, read as if it were
// a file in the repository's scenarios/ folder.
Scenario generated(const std::string& csv, const std::string& extra = "") {
  const std::string yaml =
      "name: generated\npopulation:\n  authorities: " + csv + "\n  seed: 2024\n" + extra;
  return parse_scenario(yaml, std::string(WFSIM_SOURCE_DIR) + "/scenarios/generated.yaml", {},
                        model::schema());
}

const OrganisationSpec& find(const Scenario& s, const std::string& id) {
  for (const OrganisationSpec& org : s.organisations) {
    if (org.id == id) return org;
  }
  FAIL("no organisation " << id);
  throw std::logic_error("unreachable");
}

int posts(const OrganisationSpec& org) {
  int total = 0;
  for (const TeamSpec& team : org.teams) total += team.size;
  return total;
}

// The first lines of England's figures (header included), written to a file.
std::string england_head(const std::filesystem::path& file, int authorities, int skip = 0) {
  std::ifstream in(kEngland);
  std::ofstream out(file);
  std::string line;
  std::getline(in, line);
  out << line << '\n';
  for (int i = 0; i < skip + authorities && std::getline(in, line); ++i) {
    if (i >= skip) out << line << '\n';
  }
  return file.string();
}

std::filesystem::path temp(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("wfsim_authorities_" + name);
}

}  // namespace

TEST_CASE("England's authorities give 41,516 posts in 5,304 teams", "[population]") {
  const Scenario england = generated("../data/england_la_size_2024.csv");
  REQUIRE(england.organisations.size() == 151);
  std::size_t teams = 0;
  int total = 0;
  for (const OrganisationSpec& org : england.organisations) {
    CHECK(org.sector == Sector::local_authority);
    teams += org.teams.size();
    total += posts(org);
  }
  CHECK(total == 41516);
  CHECK(teams == 5304);

  // Hartlepool (E06000001): 144.7 FTE in post, 79.8 case-holding, 1287 cases
  // -> round(144.7 / 0.827) = 175 posts, caseload 1287 / 79.8 = 16.13.
  const OrganisationSpec& hartlepool = find(england, "E06000001");
  CHECK(posts(hartlepool) == 175);
  CHECK(hartlepool.parameters.real("demand.target_caseload") == 16.13);
  const TeamSpec& management = hartlepool.teams.front();
  CHECK(management.id == "management");
  REQUIRE(management.roles.size() == 2);
  CHECK(management.roles[0].role == Role::middle_manager);
  CHECK(management.roles[0].count == 7);  // 20 practice teams / 3, rounded
  CHECK(management.roles[1].count == 4);  // 2 % of 175, rounded
  const TeamSpec& first = hartlepool.teams[1];
  CHECK(first.id == "assessment_1");
  CHECK(first.size == 7);

  // The Isles of Scilly publish 0 FTE in post and 1 case-holding FTE: one
  // post, in one practice team without a manager.
  const OrganisationSpec& scilly = find(england, "E06000053");
  CHECK(posts(scilly) == 1);
  REQUIRE(scilly.teams.size() == 1);
  CHECK(scilly.teams[0].id == "practice_1");
  // Birmingham publishes neither case-holding FTE nor cases: the national caseload.
  CHECK(find(england, "E08000025").parameters.real("demand.target_caseload") == 15.37);
}

TEST_CASE("an authority's id is its code, with runs of other characters as one '_'",
          "[population]") {
  CHECK(authority_id("E06000001") == "E06000001");
  CHECK(authority_id("E06000061 / E06000062") == "E06000061_E06000062");
  CHECK(authority_id(" / ").empty());
}

TEST_CASE("fill-time multipliers are lognormal with median 1 and sigma 0.3", "[population]") {
  const Scenario england = generated("../data/england_la_size_2024.csv");
  double sum = 0.0, squares = 0.0;
  for (const OrganisationSpec& org : england.organisations) {
    const double log_multiplier =
        std::log(org.parameter_overrides.at("recruitment.fill_time_multiplier"));
    sum += log_multiplier;
    squares += log_multiplier * log_multiplier;
  }
  const double n = static_cast<double>(england.organisations.size());
  const double mean = sum / n;
  const double sd = std::sqrt(squares / n - mean * mean);
  // Standard errors over 151 draws: of the mean 0.3 / sqrt(151) = 0.024; of
  // the sd about 0.3 / sqrt(2 x 151) = 0.017 (rounding to 0.001 adds < 0.001).
  CHECK(std::abs(mean) < 4 * 0.3 / std::sqrt(n));
  CHECK(std::abs(sd - 0.3) < 4 * 0.3 / std::sqrt(2 * n));
}

TEST_CASE("an authority's draws do not depend on the other authorities", "[population]") {
  const Scenario all = generated(england_head(temp("ten.csv"), 10));
  const Scenario fewer = generated(england_head(temp("nine.csv"), 9, 1));  // without Hartlepool
  REQUIRE(fewer.organisations.size() == 9);
  for (const OrganisationSpec& org : fewer.organisations) {
    INFO(org.id);
    CHECK(org.parameter_overrides == find(all, org.id).parameter_overrides);
  }
}

TEST_CASE("population.posts takes authorities in order and repeats them", "[population]") {
  const Scenario region = generated("../data/england_la_size_2024.csv", "  posts: 10000\n");
  int total = 0;
  for (const OrganisationSpec& org : region.organisations) total += posts(org);
  // Stops at the first authority that reaches the count.
  CHECK(total >= 10000);
  CHECK(total - posts(region.organisations.back()) < 10000);
  CHECK(region.organisations.front().id == "E06000001");

  const Scenario twice = generated(england_head(temp("three.csv"), 3), "  posts: 1000\n");
  REQUIRE(twice.organisations.size() > 3);
  CHECK(twice.organisations[3].id == "E06000001_2");
  // A copy is drawn afresh: its multiplier is its own.
  CHECK(twice.organisations[3].teams.size() == twice.organisations[0].teams.size());
}

TEST_CASE("the resolved scenario keeps the population block and reads back the same",
          "[population]") {
  const ScenarioSchema schema = model::schema();
  const Scenario region = generated("../data/england_la_size_2024.csv", "  posts: 2000\n");
  const std::string yaml = to_yaml(region, schema);
  CHECK(yaml.find("population:") != std::string::npos);
  CHECK(yaml.find("organisations:") == std::string::npos);
  const Scenario again =
      parse_scenario(yaml, std::string(WFSIM_SOURCE_DIR) + "/scenarios/resolved.yaml", {}, schema);
  CHECK(to_yaml(again, schema) == yaml);
  REQUIRE(again.organisations.size() == region.organisations.size());
  for (std::size_t i = 0; i < again.organisations.size(); ++i) {
    CHECK(again.organisations[i].parameter_overrides ==
          region.organisations[i].parameter_overrides);
  }
}

TEST_CASE("population errors name the file, the line and the key", "[population]") {
  SECTION("both organisations and population") {
    const std::string yaml =
        "population: {authorities: ../data/england_la_size_2024.csv}\n"
        "organisations: [{id: a, sector: voluntary, teams: [{id: t, function: youth, size: 2}]}]\n";
    try {
      parse_scenario(yaml, std::string(WFSIM_SOURCE_DIR) + "/scenarios/both.yaml", {},
                     model::schema());
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(e.key_path() == "population");
      CHECK(e.where().line == 1);
    }
  }
  SECTION("a missing file") {
    CHECK_THROWS_AS(generated("no_such_file.csv"), InputError);
  }
  SECTION("a missing column") {
    const std::filesystem::path file = temp("no_cases.csv");
    std::ofstream(file) << "la_code,la_name,inpost_fte,case_holders_fte\nE1,Somewhere,100,60\n";
    try {
      generated(file.string());
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(e.where().file == file.string());
      CHECK(e.where().line == 1);
      CHECK(std::string(e.what()).find("cases") != std::string::npos);
    }
  }
  SECTION("an authority without FTE") {
    const std::filesystem::path file = temp("no_fte.csv");
    std::ofstream(file) << "la_code,la_name,inpost_fte,case_holders_fte,cases\n"
                           "E1,Somewhere,100,60,900\nE2,Nowhere,x,x,x\n";
    try {
      generated(file.string());
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(e.where().line == 3);
      CHECK(std::string(e.what()).find("Nowhere") != std::string::npos);
    }
  }
}

TEST_CASE("vacancies, agency workers and traits in the file set each authority's start",
          "[population]") {
  const std::filesystem::path file = temp("state.csv");
  // North: 90 FTE + 30 vacancies = 120 posts; vacancy rate 30 / 120 = 0.25;
  // agency 12 of 30 vacancies = 0.4. East has more agency workers than
  // vacancies: cover 1, and 8 - 5 = 3 agency-only posts (50 + 5 + 3 = 58).
  // South suppresses its vacancies and agency workers: the others' figures,
  // vacancy rate 35 / (35 + 140) = 0.2 (so round(60 / 0.8) = 75 posts),
  // cover (12 + 5) / 35 = 0.4857 (to 4 places) and 3 / 140 agency FTE
  // beyond vacancies per FTE in post: round(60 x 3 / 140) = 1 agency-only post.
  std::ofstream(file) << "la_code,la_name,inpost_fte,case_holders_fte,cases,vacancy_fte,agency_fte,"
                         "parameters.leaving.annual_rate,parameters.recruitment.agency_cover_rate\n"
                         "E1,North,90,60,900,30,12,0.2,0.5\n"
                         "E2,South,60,40,600,x,x,,0.3\n"
                         "E3,East,50,30,450,5,8,0.1,\n";
  const Scenario s = generated(file.string());
  REQUIRE(s.organisations.size() == 3);
  const OrganisationSpec& north = find(s, "E1");
  CHECK(posts(north) == 120);
  CHECK(north.parameters.real("workforce.initial_vacancy_rate") == 0.25);
  CHECK(north.parameters.real("workforce.initial_agency_cover") == 0.4);
  CHECK(north.parameters.real("leaving.annual_rate") == 0.2);
  CHECK(north.parameters.real("recruitment.agency_cover_rate") == 0.5);
  const OrganisationSpec& south = find(s, "E2");
  CHECK(posts(south) == 76);
  CHECK(south.parameters.real("workforce.initial_vacancy_rate") == 0.2);
  CHECK(south.parameters.real("workforce.initial_agency_cover") == 0.4857);
  // An empty field keeps the scenario's value (the default 0.12).
  CHECK(south.parameters.real("leaving.annual_rate") == 0.12);
  const OrganisationSpec& east = find(s, "E3");
  CHECK(east.parameters.real("workforce.initial_agency_cover") == 1.0);
  CHECK(posts(east) == 58);
  int agency_posts = 0;
  for (const TeamSpec& team : east.teams) {
    agency_posts += team.agency_posts;
    int total = 0;
    for (const RolePosts& r : team.roles) total += r.count;
    CHECK(total == team.size);
  }
  CHECK(agency_posts == 3);
  CHECK(north.teams[1].agency_posts == 0);
  // The file has no fill-time column, so each authority's multiplier is drawn.
  CHECK(north.parameter_overrides.count("recruitment.fill_time_multiplier") == 1);
}

TEST_CASE("a fill-time column replaces the drawn multiplier", "[population]") {
  const std::filesystem::path file = temp("fill.csv");
  std::ofstream(file) << "la_code,la_name,inpost_fte,case_holders_fte,cases,"
                         "parameters.recruitment.fill_time_multiplier\n"
                         "E1,North,90,60,900,1.7\nE2,South,60,40,600,\n";
  const Scenario s = generated(file.string());
  CHECK(find(s, "E1").parameters.real("recruitment.fill_time_multiplier") == 1.7);
  CHECK(find(s, "E2").parameter_overrides.count("recruitment.fill_time_multiplier") == 0);
  CHECK(find(s, "E2").parameters.real("recruitment.fill_time_multiplier") == 1.0);
}

TEST_CASE("bad columns in an authorities file are located", "[population]") {
  const auto rejected = [](const std::string& name, const std::string& csv, int line, int column,
                           const std::string& words) {
    const std::filesystem::path file = temp(name);
    std::ofstream(file) << csv;
    try {
      generated(file.string());
      FAIL("accepted");
    } catch (const InputError& e) {
      CHECK(e.where().file == file.string());
      CHECK(e.where().line == line);
      CHECK(e.where().column == column);
      INFO(e.what());
      CHECK(std::string(e.what()).find(words) != std::string::npos);
    }
  };
  const std::string head = "la_code,la_name,inpost_fte,case_holders_fte,cases";
  rejected("unknown.csv", head + ",parameters.leaving.no_such\nE1,North,90,60,900,1\n", 1, 6,
           "parameters.leaving.no_such");
  // A scenario-wide parameter cannot differ between authorities.
  rejected("scenario_wide.csv",
           head + ",parameters.leaving.intention_slope_per_10\nE1,N,9,6,90,1\n", 1, 6,
           "may differ");
  rejected("not_a_number.csv", head + ",parameters.leaving.annual_rate\nE1,North,90,60,900,high\n",
           2, 6, "high");
  rejected("agency_alone.csv", head + ",agency_fte\nE1,North,90,60,900,3\n", 1, 6, "vacancy_fte");
  rejected("out_of_range.csv", head + ",parameters.leaving.annual_rate\nE1,North,90,60,900,2\n", 2,
           1, "outside");
}
