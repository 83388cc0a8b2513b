#include "cli/population_summary.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace wfsim::cli {

namespace {

std::string value_text(double value, bool share) {
  if (std::isnan(value)) return "-";
  return share ? fmt::format("{:.1f} %", 100.0 * value) : fmt::format("{:.2f}", value);
}

void print_margins(std::FILE* out, const std::vector<Margin>& margins) {
  fmt::print(out, "{:<30} {:>9} {:>8} {:>6}   {:>9} {:>6}\n", "margin", "survey", "SE", "n",
             "synthetic", "posts");
  for (const Margin& m : margins) {
    const std::string synthetic = m.synthetic ? value_text(*m.synthetic, m.share) : "-";
    const std::string posts = m.synthetic ? fmt::format("{}", m.posts) : "-";
    fmt::print(out, "{:<30} {:>9} {:>8} {:>6}   {:>9} {:>6}\n", m.label,
               value_text(m.survey, m.share), value_text(m.standard_error, m.share), m.respondents,
               synthetic, posts);
  }
}

struct MissingValues {
  int posts = 0, burnout = 0, pattern = 0, intention = 0;
};

MissingValues count_missing(const Scenario& scenario) {
  MissingValues missing;
  for (const OrganisationSpec& org : scenario.organisations) {
    for (const TeamSpec& team : org.teams) {
      for (const StaffSpec& member : team.staff) {
        ++missing.posts;
        missing.burnout += member.start.burnout ? 0 : 1;
        missing.pattern += member.start.working_pattern ? 0 : 1;
        missing.intention += member.start.intention ? 0 : 1;
      }
    }
  }
  return missing;
}

// Where a respondent gave no value, whoever holds the post at week 0 gets the
// model's usual draw; say which, with the scenario's parameter values.
void print_defaults(std::FILE* out, const Scenario& scenario) {
  const ParameterValues& p = scenario.parameters;
  const MissingValues missing = count_missing(scenario);
  fmt::print(out, "\nAt week 0 (docs/ODD.md, section 5, \"Staff lists\"):\n");
  fmt::print(out,
             "  a post is vacant with probability {:g} (workforce.initial_vacancy_rate), and\n"
             "    then agency-covered with probability {:g} (workforce.initial_agency_cover);\n"
             "    starting values apply to employed holders only\n",
             p.real("workforce.initial_vacancy_rate"), p.real("workforce.initial_agency_cover"));
  if (missing.burnout > 0) {
    fmt::print(out,
               "  burnout, {} of {} posts without a value: N({:g}, {:g}) clamped to 0-100\n"
               "    (burnout.initial_mean, burnout.initial_sd)\n",
               missing.burnout, missing.posts, p.real("burnout.initial_mean"),
               p.real("burnout.initial_sd"));
  }
  if (missing.pattern > 0) {
    fmt::print(out,
               "  working pattern, {} of {} posts without a value: four-day week with\n"
               "    probability {:g} (working.four_day_week_share), nine-day fortnight {:g}\n"
               "    (working.nine_day_fortnight_share), else standard\n",
               missing.pattern, missing.posts, p.real("working.four_day_week_share"),
               p.real("working.nine_day_fortnight_share"));
  }
  if (missing.intention > 0) {
    fmt::print(out, "  intention to leave, {} of {} posts without a value: 0, as on any arrival\n",
               missing.intention, missing.posts);
  }
  fmt::print(out,
             "From week 1, intention to leave follows burnout (leaving.intention_*), and\n"
             "burnout moves towards each person's drawn resting level (burnout.set_point_mean\n"
             "{:g}, burnout.set_point_sd {:g}).\n",
             p.real("burnout.set_point_mean"), p.real("burnout.set_point_sd"));
}

}  // namespace

void print_population_summary(std::FILE* out, const std::vector<Margin>& margins,
                              const Scenario& scenario) {
  print_margins(out, margins);
  print_defaults(out, scenario);
}

}  // namespace wfsim::cli
