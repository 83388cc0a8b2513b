#include "cli/comparison_output.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace wfsim::cli {

namespace {

// 17 significant digits: doubles survive the round trip through text.
std::string csv_number(double value) {
  return std::isfinite(value) ? fmt::format("{:.17g}", value) : std::string();
}

nlohmann::json json_number(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

// Money and counts with thousands separators, e.g. -1,234,567.
std::string grouped(double value) {
  const std::string digits = fmt::format("{:.0f}", std::abs(value));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (value < 0 && digits != "0" ? "-" : "") + out;
}

// Shares as percentages (differences as percentage points), money grouped,
// everything else to four significant figures.
std::string number(const ComparisonRow& row, double value) {
  if (!std::isfinite(value)) return "-";
  if (row.percent) return fmt::format("{:.2f}", value * 100);
  if (row.metric.rfind("cost", 0) == 0) return grouped(value);
  return fmt::format("{:.4g}", value);
}

std::string unit(const ComparisonRow& row, bool difference) {
  if (!row.percent) return "";
  return difference ? " pp" : " %";
}

std::string show(const ComparisonRow& row, double value, bool difference) {
  return std::isfinite(value) ? number(row, value) + unit(row, difference) : "-";
}

}  // namespace

void print_comparison_table(std::FILE* out, const ComparisonHeader& header,
                            const std::vector<ComparisonRow>& rows) {
  fmt::print(out, "a: {}\nb: {}\n", header.a_name, header.b_name);
  if (!header.only_in_a.empty())
    fmt::print(out, "organisations only in a: {}\n", fmt::join(header.only_in_a, ", "));
  if (!header.only_in_b.empty())
    fmt::print(out, "organisations only in b: {}\n", fmt::join(header.only_in_b, ", "));
  for (const auto& [overrides, arms] :
       {std::pair{&header.set_both, "both arms"}, std::pair{&header.set_a, "a"},
        std::pair{&header.set_b, "b"}}) {
    for (const std::string& override : *overrides)
      fmt::print(out, "set in {}: {}\n", arms, override);
  }
  if (!header.organisation.empty())
    fmt::print(out, "outcomes of organisation {} only\n", header.organisation);
  fmt::print(out, "{} replicate pairs, seed {}, {}; {} 95% intervals for b - a\n\n",
             header.replicates, header.seed,
             header.common_random_numbers ? "common random numbers" : "independent streams",
             header.interval == "bootstrap" ? "percentile-bootstrap" : "paired t");
  fmt::print(out, "{:<40} {:>5} {:>13} {:>13} {:>13}   {}\n", "outcome (year to week)", "week", "a",
             "b", "b - a", "95% interval");
  int last_week = -1;
  for (const ComparisonRow& row : rows) {
    if (row.week != last_week && last_week >= 0) fmt::print(out, "\n");
    last_week = row.week;
    const bool excludes_zero = std::isfinite(row.low) && (row.low > 0 || row.high < 0);
    const std::string interval =
        std::isfinite(row.low)
            ? fmt::format("[{}, {}]{}{}", number(row, row.low), number(row, row.high),
                          unit(row, true), excludes_zero ? " *" : "")
            : std::string("unbounded (effect not clearly non-zero)");
    fmt::print(out, "{:<40} {:>5} {:>13} {:>13} {:>13}   {}\n", row.label, row.week,
               show(row, row.a_mean, false), show(row, row.b_mean, false),
               show(row, row.difference, true), interval);
  }
  fmt::print(out, "\n* the 95% interval excludes zero\n");
}

void print_comparison_csv(std::FILE* out, const std::vector<ComparisonRow>& rows) {
  fmt::print(out, "metric,week,a_mean,b_mean,difference,ci_low,ci_high\n");
  for (const ComparisonRow& row : rows) {
    fmt::print(out, "{},{},{},{},{},{},{}\n", row.metric, row.week, csv_number(row.a_mean),
               csv_number(row.b_mean), csv_number(row.difference), csv_number(row.low),
               csv_number(row.high));
  }
}

void print_comparison_json(std::FILE* out, const ComparisonHeader& header,
                           const std::vector<ComparisonRow>& rows) {
  nlohmann::json document{
      {"a", header.a_name},
      {"b", header.b_name},
      {"replicates", header.replicates},
      {"seed", header.seed},
      {"common_random_numbers", header.common_random_numbers},
      {"interval", header.interval},
      {"organisation",
       header.organisation.empty() ? nlohmann::json(nullptr) : nlohmann::json(header.organisation)},
      {"organisations_only_in_a", header.only_in_a},
      {"organisations_only_in_b", header.only_in_b},
      {"set", header.set_both},
      {"set_a", header.set_a},
      {"set_b", header.set_b},
      {"rows", nlohmann::json::array()}};
  for (const ComparisonRow& row : rows) {
    document["rows"].push_back({{"metric", row.metric},
                                {"label", row.label},
                                {"week", row.week},
                                {"a_mean", json_number(row.a_mean)},
                                {"b_mean", json_number(row.b_mean)},
                                {"difference", json_number(row.difference)},
                                {"ci_low", json_number(row.low)},
                                {"ci_high", json_number(row.high)},
                                {"replicates", row.n}});
  }
  fmt::print(out, "{}\n", document.dump(2));
}

}  // namespace wfsim::cli
