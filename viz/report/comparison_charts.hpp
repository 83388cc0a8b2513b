// The charts of a comparison: the paired difference B - A over time, the
// cost-effectiveness plane and acceptability curves, and the tornado chart
// of what could flip the sign of a difference (docs/results.md).
#pragma once

#include <string>

#include "viz/report/h5_reader.hpp"

namespace wfsim::report {

/// Charts of B - A week by week for the headline series, with the paired
/// band (t, or the pairs' own spread under parameter uncertainty).
std::string difference_section(const H5Reader& file, const std::string& currency);

/// The cost-effectiveness plane (one point per pair) and acceptability
/// curve of each effect at the last horizon, and a table of every horizon.
/// Empty when the file has no cost-effectiveness results.
std::string cost_effectiveness_section(const H5Reader& file, const std::string& currency);

/// One tornado chart per screened outcome; empty when none was screened.
std::string what_flips_section(const H5Reader& file, const std::string& currency);

/// The parameter uncertainty the pairs were drawn under; empty without it.
std::string uncertainty_section(const H5Reader& file);

}  // namespace wfsim::report
