#include "io/annual_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <string>
#include <vector>

#include "io/atomic_file.hpp"
#include "record/outcomes.hpp"

namespace wfsim {

namespace {

// Column name, annual outcome, scale (rates are published in percent), and
// whether the column has percentiles.
struct Column {
  const char* name;
  const char* outcome;
  double scale;
  bool percentiles;
};
constexpr std::array<Column, 5> kColumns{{
    {"turnover_rate_fte", "turnover", 100.0, true},
    {"vacancy_rate_fte", "vacancy_rate", 100.0, true},
    {"agency_rate_fte", "agency_share", 100.0, true},
    {"caseload_fte", "caseload_mean", 1.0, false},
    {"absence_rate_fte", "absence_rate", 100.0, true},
}};

// The p-quantile of sorted values, linear between order statistics.
double quantile(const std::vector<double>& sorted, double p) {
  const double position = p * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

// Mean, 5th and 95th percentiles of the finite values, or none.
struct Summary {
  bool defined = false;
  double mean = 0.0, p05 = 0.0, p95 = 0.0;
};
Summary summarise_finite(const std::vector<double>& values, double scale) {
  std::vector<double> finite;
  for (const double v : values)
    if (std::isfinite(v)) finite.push_back(v * scale);
  Summary summary;
  if (finite.empty()) return summary;
  std::sort(finite.begin(), finite.end());
  double sum = 0.0;
  for (const double v : finite) sum += v;
  summary = {true, sum / static_cast<double>(finite.size()), quantile(finite, 0.05),
             quantile(finite, 0.95)};
  return summary;
}

// A comma, then the value (shortest text that reads back the same double),
// or nothing when it is not defined.
void append_field(std::string& out, bool defined, double value) {
  out += ',';
  if (defined) fmt::format_to(std::back_inserter(out), "{}", value);
}

}  // namespace

void write_annual_csv(const std::filesystem::path& file, const RunRecord& record,
                      const std::optional<CalendarDate>& start_date) {
  std::string out = "year,la_code";
  for (const Column& column : kColumns) out += fmt::format(",{}", column.name);
  for (const Column& column : kColumns)
    if (column.percentiles) out += fmt::format(",{0}_p05,{0}_p95", column.name);
  out += '\n';
  const SeriesTable& series = record.series;
  const int weeks = *std::min_element(record.weeks_completed.begin(), record.weeks_completed.end());
  for (int k = 1; 52 * k <= weeks; ++k) {
    const int year = reporting_year(start_date, k);
    for (std::size_t scope = 1; scope < series.scopes().size(); ++scope) {
      const std::vector<Outcome> outcomes = annual_outcomes(series, scope, 52 * k);
      std::vector<Summary> summaries;
      for (const Column& column : kColumns) {
        const auto found = std::find_if(outcomes.begin(), outcomes.end(),
                                        [&](const Outcome& o) { return o.name == column.outcome; });
        summaries.push_back(summarise_finite(found->per_replicate, column.scale));
      }
      out += fmt::format("{},{}", year, series.scopes()[scope]);
      for (const Summary& summary : summaries) append_field(out, summary.defined, summary.mean);
      for (std::size_t i = 0; i < kColumns.size(); ++i) {
        if (!kColumns[i].percentiles) continue;
        append_field(out, summaries[i].defined, summaries[i].p05);
        append_field(out, summaries[i].defined, summaries[i].p95);
      }
      out += '\n';
    }
  }
  write_file_atomically(file, out);
}

}  // namespace wfsim
