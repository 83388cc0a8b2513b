// How each metric and outcome is named and shown: a readable label, the unit
// of its axis, and the scale (shares are stored as fractions, shown as %).
// Weekly metrics are described where they are recorded (record/metrics.hpp).
#pragma once

#include <string>
#include <vector>

namespace wfsim::report {

/// How a metric's values are shown.
struct MetricInfo {
  std::string label;        ///< e.g. "Agency share"
  std::string unit;         ///< axis unit, e.g. "%" or "FTE"
  double scale = 1.0;       ///< stored value x scale = shown value (100 for shares)
  bool money = false;       ///< shown with thousands separators
  bool zero_based = false;  ///< the axis starts at 0 (counts, costs, shares)
};

/// The display of a weekly series metric (e.g. "uptake/rip", "cost/salary").
/// `currency` (e.g. "GBP") names the unit of the cost series.
MetricInfo metric_info(const std::string& metric, const std::string& currency);

/// The order metrics are shown in (metric_display_order): the contract's list
/// first, then evidence uptake, then costs, then any other metric alphabetically.
std::vector<std::string> display_order(std::vector<std::string> metrics);

/// An annual outcome of a comparison row (sim/outcomes.hpp): its label and
/// whether it is a fraction shown as a percentage (differences in points).
struct OutcomeInfo {
  std::string label;
  bool percent = false;
  bool money = false;
};
OutcomeInfo outcome_info(const std::string& outcome);

/// `value` to `decimals` places with thousands separators, e.g. -1,234.5.
std::string grouped(double value, int decimals = 0);

/// A value for reading (not for machines): shares as "12.3 %", money
/// grouped, other values to 4 significant figures; "n/a" when not finite.
std::string show_value(double value, const MetricInfo& info);

}  // namespace wfsim::report
