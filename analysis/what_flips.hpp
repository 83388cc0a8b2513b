// What could flip the answer: a one-at-a-time screen of uncertain
// parameters on a comparison's paired difference b - a. Each parameter is
// set to the low and then the high end of its range, the others left at the
// scenarios' values, and both arms rerun on common random numbers; the
// parameters are ranked by how far they move the difference (a tornado
// chart), and those at whose range ends the difference changes sign are
// named. One-at-a-time misses interactions (docs/sensitivity.md's Sobol
// indices measure them); it is the screen a decision maker can read.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analysis/uncertainty.hpp"

namespace wfsim {

struct FlipRow {
  std::string parameter;  ///< a scenario key path
  double low_value = 0.0, high_value = 0.0;
  double low_difference = 0.0, high_difference = 0.0;  ///< mean b - a at each end
  /// The 95 % interval of the mean b - a at each end (paired t).
  double low_ci_low = 0.0, low_ci_high = 0.0, high_ci_low = 0.0, high_ci_high = 0.0;
  bool flips = false;  ///< at an end of the range, b - a is clearly of the other sign
};

struct FlipScreen {
  std::string metric;
  std::string label;
  bool percent = false;
  int week = 0;
  double base_difference = 0.0;  ///< at the scenarios' own values
  std::vector<FlipRow> rows;     ///< by swing |high - low|, largest first
};

/// The range a parameter is screened over: a uniform or beta prior's
/// support, the central 95 % of a normal or lognormal prior, or the central
/// 95 % of a posterior's weighted marginal.
std::pair<double, double> screening_range(const UncertaintySource& source, std::size_t parameter);

/// Ranks `rows` by swing and marks those that flip the sign of a non-zero
/// `screen.base_difference`: at one end of the range, the interval of
/// b - a lies wholly on the other side of zero (a difference within the
/// noise of zero is not called a flip).
void rank_flips(FlipScreen& screen, std::vector<FlipRow> rows);

}  // namespace wfsim
