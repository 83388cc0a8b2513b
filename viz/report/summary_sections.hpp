// The tables of a report: a comparison's paired differences, and the
// summaries of sweep, calibration and sensitivity files (docs/results.md).
#pragma once

#include <string>
#include <vector>

#include "viz/report/h5_reader.hpp"

namespace wfsim::report {

/// /comparison as one table per horizon: both arms' means, the difference
/// B - A and its 95 % interval ("unbounded" where it has none). `currency`
/// names the money unit.
std::string comparison_section(const H5Reader& file, const std::string& currency);

/// A sweep's design with each point's outcomes (mean and 95 % interval over
/// replicates). Returns the legend label of each point in `point_labels`.
std::string sweep_section(const H5Reader& file, std::vector<std::string>& point_labels);

/// A calibration's posterior (weighted mean, sd, quantiles), priors,
/// generations and posterior predictive check.
std::string calibration_section(const H5Reader& file);

/// A sensitivity analysis's factors and indices (Morris or Sobol).
std::string sensitivity_section(const H5Reader& file);

}  // namespace wfsim::report
