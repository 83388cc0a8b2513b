#include "population/survey_margins.hpp"

#include <cmath>
#include <functional>
#include <limits>

namespace wfsim {

namespace {

using SurveyValue = std::function<std::optional<double>(const Respondent&)>;
using StaffValue = std::function<std::optional<double>(const StaffSpec&)>;

// One margin: how to read it from a respondent, and from a post (none when
// the scenario does not carry it).
struct Measure {
  std::string label;
  bool share;
  SurveyValue of_respondent;
  StaffValue of_post;
  bool only_if_held = false;  ///< a role: left out when nobody holds it
};

std::optional<double> indicator(bool value) {
  return value ? 1.0 : 0.0;
}

Margin measure(const Measure& m, const Survey& survey,
               const std::vector<OrganisationSpec>& organisations) {
  Margin margin{m.label, m.share, 0.0, std::numeric_limits<double>::quiet_NaN(), 0, {}, 0};
  double weight = 0.0, weighted_sum = 0.0;
  std::vector<std::pair<double, double>> values;  // (x, w)
  for (const Respondent& r : survey.respondents) {
    const std::optional<double> x = m.of_respondent(r);
    if (!x) continue;
    values.emplace_back(*x, r.weight);
    weight += r.weight;
    weighted_sum += r.weight * *x;
  }
  margin.respondents = values.size();
  margin.survey = weighted_sum / weight;
  if (values.size() >= 2) {
    double squares = 0.0;
    for (const auto& [x, w] : values) squares += w * w * (x - margin.survey) * (x - margin.survey);
    const double n = static_cast<double>(values.size());
    margin.standard_error = std::sqrt(n / (n - 1.0) * squares) / weight;
  }
  if (!m.of_post) return margin;
  double sum = 0.0;
  for (const OrganisationSpec& org : organisations) {
    for (const TeamSpec& team : org.teams) {
      for (const StaffSpec& member : team.staff) {
        const std::optional<double> x = m.of_post(member);
        if (!x) continue;
        sum += *x;
        ++margin.posts;
      }
    }
  }
  if (margin.posts > 0) margin.synthetic = sum / static_cast<double>(margin.posts);
  return margin;
}

std::vector<Measure> measures() {
  std::vector<Measure> list;
  for (std::size_t i = 0; i < role_names().size(); ++i) {
    const auto role = static_cast<Role>(i);
    list.push_back({"role " + role_names()[i], true,
                    [role](const Respondent& r) { return indicator(r.role == role); },
                    [role](const StaffSpec& s) { return indicator(s.role == role); }, true});
  }
  list.push_back({"mean FTE", false, [](const Respondent& r) { return std::optional(r.fte); },
                  [](const StaffSpec& s) { return std::optional(s.fte); }});
  list.push_back({"mean tenure (years)", false,
                  [](const Respondent& r) { return std::optional(r.tenure_years); },
                  [](const StaffSpec& s) { return s.start.tenure_years; }});
  list.push_back({"mean burnout (0-100)", false, [](const Respondent& r) { return r.burnout; },
                  [](const StaffSpec& s) { return s.start.burnout; }});
  list.push_back({"intending to leave", true,
                  [](const Respondent& r) -> std::optional<double> {
                    if (!r.intends_to_leave) return std::nullopt;
                    return indicator(*r.intends_to_leave);
                  },
                  [](const StaffSpec& s) { return s.start.intention; }});
  for (std::size_t i = 0; i < working_pattern_names().size(); ++i) {
    const auto pattern = static_cast<WorkingPattern>(i);
    list.push_back({"pattern " + working_pattern_names()[i], true,
                    [pattern](const Respondent& r) -> std::optional<double> {
                      if (!r.working_pattern) return std::nullopt;
                      return indicator(*r.working_pattern == pattern);
                    },
                    [pattern](const StaffSpec& s) -> std::optional<double> {
                      if (!s.start.working_pattern) return std::nullopt;
                      return indicator(*s.start.working_pattern == pattern);
                    }});
  }
  list.push_back({"mean absence days (12 months)", false,
                  [](const Respondent& r) { return r.absence_days; }, nullptr});
  list.push_back({"uses published research", true,
                  [](const Respondent& r) -> std::optional<double> {
                    if (!r.uses_published_research) return std::nullopt;
                    return indicator(*r.uses_published_research);
                  },
                  nullptr});
  return list;
}

}  // namespace

std::vector<Margin> compare_margins(const Survey& survey,
                                    const std::vector<OrganisationSpec>& organisations) {
  std::vector<Margin> margins;
  for (const Measure& m : measures()) {
    Margin margin = measure(m, survey, organisations);
    const bool unheld =
        m.only_if_held && margin.survey == 0.0 && margin.synthetic.value_or(0.0) == 0.0;
    if (margin.respondents > 0 && !unheld) margins.push_back(std::move(margin));
  }
  return margins;
}

}  // namespace wfsim
