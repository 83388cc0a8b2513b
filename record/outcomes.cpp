#include "record/outcomes.hpp"

#include <algorithm>
#include <chrono>

namespace wfsim {

const std::vector<std::string>& annual_outcome_names() {
  static const std::vector<std::string> names{"turnover",           "vacancy_rate",  "agency_share",
                                              "absence_rate",       "caseload_mean", "burnout_mean",
                                              "burnout_high_share", "leavers"};
  return names;
}

std::vector<Outcome> annual_outcomes(const SeriesTable& series, std::size_t scope, int end_week) {
  constexpr int kYear = 52;
  const int start = std::max(0, end_week - kYear);  // window is (start, end_week]
  const double annualise = static_cast<double>(kYear) / std::max(1, end_week - start);
  const auto value = [&](const char* metric, int replicate, int week) {
    return series.at(scope, series.metric_index(metric), replicate, week);
  };
  std::vector<Outcome> outcomes{
      {"turnover", "turnover (leavers / FTE, annual)", true, {}},
      {"vacancy_rate", "vacancy rate", true, {}},
      {"agency_share", "agency share of FTE", true, {}},
      {"absence_rate", "sickness absence rate", true, {}},
      {"caseload_mean", "caseload per case-holding FTE", false, {}},
      {"burnout_mean", "mean burnout (CBI 0-100)", false, {}},
      {"burnout_high_share", "high burnout (>= 50)", true, {}},
      {"leavers", "leavers (annual)", false, {}},
  };
  // Runs recorded before costs existed (or read back without them) have no cost series.
  const bool costed = series.has_metric("cost_total");
  if (costed) outcomes.push_back({"cost", "cost (annual, currency units)", false, {}});
  const std::size_t fixed = outcomes.size();  // uptake outcomes follow
  for (const std::string& metric : series.metrics()) {
    if (metric.rfind("uptake/", 0) == 0)
      outcomes.push_back({metric, "use of " + metric.substr(7), true, {}, true});
  }
  for (int r = 0; r < series.replicates(); ++r) {
    double leavers = 0.0, absence = 0.0;
    for (int week = start + 1; week <= end_week; ++week) {
      leavers += value("leavers", r, week);
      absence += value("absence_rate", r, week);
    }
    const double fte = value("fte", r, end_week);
    const double vacancies = value("vacancies", r, end_week);
    const double values[] = {
        leavers * annualise / fte,
        vacancies / (vacancies + fte),
        value("agency_share", r, end_week),
        absence / std::max(1, end_week - start),
        value("caseload_mean", r, end_week),
        value("burnout_mean", r, end_week),
        value("burnout_high_share", r, end_week),
        leavers * annualise,
    };
    for (std::size_t i = 0; i < std::size(values); ++i)
      outcomes[i].per_replicate.push_back(values[i]);
    if (costed) {
      double cost = 0.0;
      for (int week = start + 1; week <= end_week; ++week) cost += value("cost_total", r, week);
      outcomes[std::size(values)].per_replicate.push_back(cost * annualise);
    }
    for (std::size_t i = fixed; i < outcomes.size(); ++i) {
      outcomes[i].per_replicate.push_back(value(outcomes[i].name.c_str(), r, end_week));
    }
  }
  return outcomes;
}

int reporting_year(const std::optional<CalendarDate>& start, int k) {
  if (!start) return k;
  using namespace std::chrono;
  const sys_days week0{year{start->year} / month{static_cast<unsigned>(start->month)} /
                       day{static_cast<unsigned>(start->day)}};
  // Week w ends 7w days after week 0, so the year ends 364k days after it.
  const year_month_day last{week0 + days{7 * 52 * k}};
  const int calendar_year = static_cast<int>(last.year());
  return last.month() <= September ? calendar_year : calendar_year + 1;
}

}  // namespace wfsim
