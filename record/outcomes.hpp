// Annual outcomes of a run, defined as the official statistics define them
// (data/README.md), computed per replicate from the weekly series.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "record/results.hpp"
#include "sim/scenario.hpp"

namespace wfsim {

struct Outcome {
  std::string name;     ///< e.g. "turnover"
  std::string label;    ///< e.g. "turnover (leavers / FTE, annual)"
  bool percent = true;  ///< shown as a percentage
  std::vector<double> per_replicate;
  bool higher_is_better = false;  ///< uptake; for the rest, less is better
};

/// Outcomes over the reporting year ending at `end_week` (the last 52 weeks,
/// or all weeks annualised when fewer): turnover = leavers / FTE in post at
/// the end; vacancy rate = vacancies / (vacancies + FTE); agency share and
/// caseload at the end; absence = mean weekly absence rate; burnout mean and
/// high-burnout share at the end; uptake of each evidence item at the end.
/// Names of the outcomes every run has (uptake/<item> come on top).
const std::vector<std::string>& annual_outcome_names();

std::vector<Outcome> annual_outcomes(const SeriesTable& series, std::size_t scope, int end_week);

/// The name of a run's k-th 52-week year (weeks 52(k-1)+1 to 52k, k >= 1):
/// with a start date (the date of week 0), the official statistics'
/// reporting year its last day falls in (1 October to 30 September, named
/// by the year it ends in: a run from 30 September 2021 has 2022 first);
/// without one, k.
int reporting_year(const std::optional<CalendarDate>& start, int k);

}  // namespace wfsim
