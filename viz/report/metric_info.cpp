#include "viz/report/metric_info.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <utility>

#include "record/metrics.hpp"

namespace wfsim::report {

namespace {

std::string readable(std::string name) {
  std::replace(name.begin(), name.end(), '_', ' ');
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

}  // namespace

MetricInfo metric_info(const std::string& metric, const std::string& currency) {
  MetricDescription described = describe_metric(metric, currency);
  return {std::move(described.label), std::move(described.unit), described.share ? 100.0 : 1.0,
          described.money, described.zero_based};
}

std::vector<std::string> display_order(std::vector<std::string> metrics) {
  return metric_display_order(std::move(metrics));
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
