#include "viz/report/bands.hpp"

#include <stdexcept>

#include "analysis/statistics.hpp"

namespace wfsim::report {

Band ensemble_band(const Array& series) {
  if (series.shape.size() != 2) throw std::runtime_error("a series must have two dimensions");
  const std::size_t replicates = series.rows(), columns = series.row_length();
  Band band;
  std::vector<double> column(replicates);
  for (std::size_t week = 0; week < columns; ++week) {
    for (std::size_t r = 0; r < replicates; ++r) column[r] = series.at(r, week);
    const Interval interval = mean_interval(column, 0.95);
    band.mean.push_back(interval.mean);
    band.low.push_back(interval.low);
    band.high.push_back(interval.high);
    band.n.push_back(interval.n);
  }
  return band;
}

}  // namespace wfsim::report
