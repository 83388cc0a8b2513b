// The annual table (`wfsim run --annual-csv`): reporting years named as the
// official statistics name them, one row per organisation and year, values
// that are the annual outcomes' means and percentiles over replicates.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "io/annual_csv.hpp"
#include "io/input_error.hpp"
#include "io/scenario_io.hpp"
#include "record/outcomes.hpp"
#include "tests/cli_harness.hpp"
#include "tests/model_harness.hpp"

using namespace wfsim;

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

}  // namespace

TEST_CASE("reporting years end on 30 September and are named by the year they end in", "[annual]") {
  const CalendarDate autumn_2021{2021, 9, 30};
  CHECK(reporting_year(autumn_2021, 1) == 2022);  // weeks 1-52 end on 29 September 2022
  CHECK(reporting_year(autumn_2021, 4) == 2025);
  // Starting a week later, the first year ends on 6 October 2022: reporting year 2023.
  CHECK(reporting_year(CalendarDate{2021, 10, 7}, 1) == 2023);
  CHECK(reporting_year(std::nullopt, 3) == 3);  // without a start date, years are counted
}

TEST_CASE("start_date is read as a calendar date, written back, and checked", "[annual]") {
  const std::string yaml = test::minimal_scenario(2, 6, "workplace");
  const Scenario dated = test::scenario_from_yaml(yaml, {"start_date=2021-09-30"});
  REQUIRE(dated.start_date);
  CHECK(*dated.start_date == CalendarDate{2021, 9, 30});
  CHECK_THAT(to_yaml(dated, model::schema()), Catch::Contains("start_date: 2021-09-30"));
  for (const char* bad :
       {"start_date=2021-02-30", "start_date=30/09/2021", "start_date=2021-9-30"}) {
    INFO(bad);
    CHECK_THROWS_AS(test::scenario_from_yaml(yaml, {bad}), InputError);
  }
}

TEST_CASE("the annual table has a row per organisation and year of the outcomes' summaries",
          "[annual]") {
  std::string yaml = test::minimal_scenario(3, 8, "workplace");
  yaml +=
      "  - id: second\n    sector: local_authority\n    teams:\n"
      "      - {id: t1, function: assessment, size: 9}\n";
  const Scenario scenario = test::scenario_from_yaml(
      yaml, {"mechanisms.leaving=true", "mechanisms.recruitment=true", "mechanisms.absence=true",
             "mechanisms.demand=true", "weeks=110", "replicates=7", "start_date=2021-09-30"});
  EnsembleResult result = test::run_scenario(scenario);
  RunRecord record;
  record.series = std::move(result.series);
  record.weeks_completed = result.weeks_completed;
  const test::TempDir dir;
  write_annual_csv(dir / "annual.csv", record, scenario.start_date);
  const std::vector<std::string> lines = test::read_lines(dir / "annual.csv");
  REQUIRE(lines.size() == 1 + 2 * 2);  // two complete years (110 weeks), two organisations
  CHECK(lines[0] ==
        "year,la_code,turnover_rate_fte,vacancy_rate_fte,agency_rate_fte,caseload_fte,"
        "absence_rate_fte,turnover_rate_fte_p05,turnover_rate_fte_p95,vacancy_rate_fte_p05,"
        "vacancy_rate_fte_p95,agency_rate_fte_p05,agency_rate_fte_p95,absence_rate_fte_p05,"
        "absence_rate_fte_p95");
  for (int k = 1; k <= 2; ++k) {
    for (std::size_t scope = 1; scope <= 2; ++scope) {
      const std::vector<std::string> row = split(lines[2 * (k - 1) + scope]);
      REQUIRE(row.size() == 15);
      INFO(lines[2 * (k - 1) + scope]);
      CHECK(row[0] == std::to_string(2021 + k));
      CHECK(row[1] == record.series.scopes()[scope]);
      // The turnover columns: mean and percentiles of the replicates' annual turnover, in percent.
      const std::vector<Outcome> outcomes = annual_outcomes(record.series, scope, 52 * k);
      std::vector<double> turnover = outcomes.front().per_replicate;
      REQUIRE(outcomes.front().name == "turnover");
      for (double& value : turnover) value *= 100.0;
      std::sort(turnover.begin(), turnover.end());
      double mean = 0.0;
      for (const double value : turnover) mean += value / static_cast<double>(turnover.size());
      // 7 replicates: the 5th percentile lies 0.3 of the way from the 1st to
      // the 2nd order statistic, the 95th 0.7 of the way from the 6th to the 7th.
      const double p05 = turnover[0] + 0.3 * (turnover[1] - turnover[0]);
      const double p95 = turnover[5] + 0.7 * (turnover[6] - turnover[5]);
      CHECK(std::stod(row[2]) == Approx(mean).epsilon(1e-12));
      CHECK(std::stod(row[7]) == Approx(p05).epsilon(1e-12));
      CHECK(std::stod(row[8]) == Approx(p95).epsilon(1e-12));
      CHECK(std::stod(row[7]) <= std::stod(row[2]));
      CHECK(std::stod(row[2]) <= std::stod(row[8]));
    }
  }
}

TEST_CASE("wfsim run --annual-csv writes the table beside the results file", "[annual][cli]") {
  const test::TempDir dir;
  const test::ProcessResult result =
      test::run_wfsim({"run", WFSIM_SOURCE_DIR "/scenarios/baseline.yaml", "--weeks", "104",
                       "--replicates", "2", "--set", "start_date=2021-09-30", "-o",
                       (dir / "run.h5").string(), "--annual-csv", (dir / "annual.csv").string()});
  REQUIRE(result.exit_code == 0);
  const std::vector<std::string> lines = test::read_lines(dir / "annual.csv");
  REQUIRE(lines.size() == 3);
  CHECK(lines[1].rfind("2022,la_midshire,", 0) == 0);
  CHECK(lines[2].rfind("2023,la_midshire,", 0) == 0);
}
