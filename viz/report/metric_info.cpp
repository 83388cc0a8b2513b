#include "viz/report/metric_info.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace wfsim::report {

namespace {

// The contract's metrics first, in its order; then the documented extras.
const std::vector<std::string>& known_order() {
  static const std::vector<std::string> order{"headcount",
                                              "fte",
                                              "vacancies",
                                              "starters",
                                              "leavers",
                                              "absence_rate",
                                              "burnout_mean",
                                              "burnout_high_share",
                                              "burnout_high_count",
                                              "caseload_mean",
                                              "pressure_mean",
                                              "agency_share",
                                              "intention_to_leave_share",
                                              "supervision_contacts",
                                              "supervision_quality",
                                              "informal_contacts",
                                              "cross_team_contacts",
                                              "cross_agency_contacts",
                                              "manager_minority_share"};
  return order;
}

struct Known {
  const char* label;
  const char* unit;
  bool share;
  bool zero_based;
};

const std::map<std::string, Known>& known() {
  static const std::map<std::string, Known> table{
      {"headcount", {"Headcount (employed practitioners)", "people", false, false}},
      {"fte", {"FTE employed", "FTE", false, false}},
      {"vacancies", {"Vacancies", "FTE", false, true}},
      {"starters", {"Starters", "people per week", false, true}},
      {"leavers", {"Leavers", "people per week", false, true}},
      {"absence_rate", {"Sickness absence rate", "% of working days", true, true}},
      {"burnout_mean", {"Mean burnout", "CBI points, 0-100", false, false}},
      {"burnout_high_share", {"High burnout (CBI 50 or more)", "% of occupants", true, true}},
      {"burnout_high_count", {"High burnout count (CBI 50 or more)", "people", false, true}},
      {"caseload_mean", {"Caseload", "cases per FTE", false, false}},
      {"pressure_mean", {"Caseload pressure", "ratio, 1 = manageable", false, false}},
      {"agency_share", {"Agency share", "% of FTE", true, true}},
      {"intention_to_leave_share", {"Intending to leave", "% of employed", true, true}},
      {"supervision_contacts", {"Supervision contact", "hours per week", false, true}},
      {"supervision_quality", {"Supervision quality", "index, 0-1", false, true}},
      {"informal_contacts", {"Informal contact", "hours per week", false, true}},
      {"cross_team_contacts", {"Contact with other teams", "hours per week", false, true}},
      {"cross_agency_contacts",
       {"Contact with other organisations", "hours per week", false, true}},
      {"manager_minority_share",
       {"Managers from minority ethnic groups", "% of managers", true, true}},
  };
  return table;
}

std::string readable(std::string name) {
  std::replace(name.begin(), name.end(), '_', ' ');
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

int rank(const std::string& metric) {
  const auto& order = known_order();
  const auto it = std::find(order.begin(), order.end(), metric);
  if (it != order.end()) return static_cast<int>(it - order.begin());
  if (metric.rfind("uptake/", 0) == 0) return 1000;
  if (metric == "cost_total") return 2000;
  if (metric.rfind("cost/", 0) == 0) return 2001;
  return 3000;
}

}  // namespace

MetricInfo metric_info(const std::string& metric, const std::string& currency) {
  const auto it = known().find(metric);
  if (it != known().end()) {
    const Known& k = it->second;
    return {k.label, k.unit, k.share ? 100.0 : 1.0, false, k.zero_based};
  }
  if (metric.rfind("uptake/", 0) == 0)
    return {"Uses " + metric.substr(7), "% of present practitioners", 100.0, false, true};
  const std::string money_unit = (currency.empty() ? std::string("money") : currency) + " per week";
  if (metric == "cost_total") return {"Total cost", money_unit, 1.0, true, true};
  if (metric.rfind("cost/", 0) == 0)
    return {"Cost: " + readable(metric.substr(5)), money_unit, 1.0, true, true};
  return {readable(metric), "", 1.0, false, false};
}

std::vector<std::string> display_order(std::vector<std::string> metrics) {
  std::stable_sort(metrics.begin(), metrics.end(), [](const std::string& a, const std::string& b) {
    const int ra = rank(a), rb = rank(b);
    return ra != rb ? ra < rb : a < b;
  });
  return metrics;
}

OutcomeInfo outcome_info(const std::string& outcome) {
  static const std::map<std::string, OutcomeInfo> table{
      {"turnover", {"Turnover (leavers / FTE, annual)", true, false}},
      {"vacancy_rate", {"Vacancy rate", true, false}},
      {"agency_share", {"Agency share", true, false}},
      {"absence_rate", {"Sickness absence rate", true, false}},
      {"caseload_mean", {"Caseload (cases per FTE)", false, false}},
      {"burnout_mean", {"Mean burnout (CBI points)", false, false}},
      {"burnout_high_share", {"High burnout share", true, false}},
      {"leavers", {"Leavers in the year", false, false}},
      {"cost", {"Cost of the year", false, true}},
      {"cost_per_leaver_avoided", {"Extra cost per leaver avoided", false, true}},
      {"cost_per_high_burnout_case_avoided",
       {"Extra cost per high-burnout case avoided", false, true}},
  };
  const auto it = table.find(outcome);
  if (it != table.end()) return it->second;
  if (outcome.rfind("uptake/", 0) == 0) return {"Uses " + outcome.substr(7), true, false};
  return {readable(outcome), false, false};
}

std::string grouped(double value, int decimals) {
  const std::string digits = fmt::format("{:.{}f}", std::abs(value), decimals);
  const std::size_t point = std::min(digits.find('.'), digits.size());
  std::string out;
  for (std::size_t i = 0; i < point; ++i) {
    if (i > 0 && (point - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out += digits.substr(point);
  const bool zero = digits.find_first_not_of("0.") == std::string::npos;
  return (value < 0 && !zero ? "-" : "") + out;
}

std::string show_value(double value, const MetricInfo& info) {
  if (!std::isfinite(value)) return "n/a";
  const double shown = value * info.scale;
  if (info.money) return grouped(shown);
  if (info.scale == 100.0) return fmt::format("{:.1f} %", shown);
  if (std::abs(shown) >= 10000) return grouped(shown);
  return fmt::format("{:.4g}", shown);
}

}  // namespace wfsim::report
