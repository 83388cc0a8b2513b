#include "viz/report/bands.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
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

namespace {

// The p-quantile of sorted values (linear interpolation, R's type 7).
double quantile_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double position = p * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

}  // namespace

Band percentile_band(const Array& series) {
  if (series.shape.size() != 2) throw std::runtime_error("a series must have two dimensions");
  const std::size_t replicates = series.rows(), columns = series.row_length();
  Band band;
  std::vector<double> column;
  for (std::size_t week = 0; week < columns; ++week) {
    column.clear();
    double sum = 0;
    for (std::size_t r = 0; r < replicates; ++r) {
      const double v = series.at(r, week);
      if (!std::isfinite(v)) continue;
      column.push_back(v);
      sum += v;
    }
    std::sort(column.begin(), column.end());
    const double nan = std::numeric_limits<double>::quiet_NaN();
    band.mean.push_back(column.empty() ? nan : sum / static_cast<double>(column.size()));
    band.low.push_back(quantile_sorted(column, 0.025));
    band.high.push_back(quantile_sorted(column, 0.975));
    band.n.push_back(static_cast<int>(column.size()));
  }
  return band;
}

}  // namespace wfsim::report
