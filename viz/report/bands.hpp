// The bands of the report's time series: at each week, the mean over
// replicates and the 95 % Student-t interval of that mean.
#pragma once

#include <vector>

#include "viz/report/h5_reader.hpp"

namespace wfsim::report {

/// One series summarised week by week; index = week.
struct Band {
  std::vector<double> mean;
  std::vector<double> low;   ///< mean - t(0.975, n - 1) x sd / sqrt(n)
  std::vector<double> high;  ///< mean + t(0.975, n - 1) x sd / sqrt(n)
  std::vector<int> n;        ///< finite replicates used (NaN ones are skipped)
  std::size_t weeks() const { return mean.empty() ? 0 : mean.size() - 1; }
};

/// The band of a [replicates, weeks + 1] series (sim/statistics.hpp's
/// mean_interval in each column): NaN where no replicate is finite, a
/// zero-width band where only one is.
Band ensemble_band(const Array& series);

/// The mean of a [replicates, weeks + 1] series with, as its band, the 2.5 %
/// and 97.5 % percentiles of the replicates' own values (linear
/// interpolation between order statistics), finite values only.
Band percentile_band(const Array& series);

}  // namespace wfsim::report
