#include "summary.hpp"

#include <fmt/format.h>

#include "outcomes.hpp"
#include "statistics.hpp"

namespace wfsim::cli {

void print_summary(std::FILE* out, const Scenario& scenario, const RunRecord& record) {
  const int end_week = record.weeks;
  fmt::print(out, "{}: {} replicates, seed {}; year to week {} (ensemble mean, 95% interval)\n\n",
             scenario.name, record.replicates, record.seed, end_week);
  fmt::print(out, "{:<34} {:>9}   {:<21}\n", "outcome", "mean", "95% interval");
  for (const Outcome& outcome : annual_outcomes(record.series, 0, end_week)) {
    const Interval ci = mean_interval(outcome.per_replicate);
    const double scale = outcome.percent ? 100.0 : 1.0;
    const char* unit = outcome.percent ? " %" : "";
    fmt::print(out, "{:<34} {:>7.1f}{:<2}   [{:.1f}, {:.1f}]\n", outcome.label, ci.mean * scale,
               unit, ci.low * scale, ci.high * scale);
  }
}

}  // namespace wfsim::cli
