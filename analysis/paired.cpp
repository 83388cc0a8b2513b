#include "analysis/paired.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/statistics.hpp"
#include "sim/random.hpp"

namespace wfsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Percentile interval of the mean of `differences` over bootstrap resamples of
// the replicates. Each resample has its own counter-based stream, so the
// interval does not depend on evaluation order.
void bootstrap_interval(const std::vector<double>& differences, const IntervalOptions& options,
                        PairedInterval& out) {
  const std::size_t n = differences.size();
  std::vector<double> means(static_cast<std::size_t>(options.resamples));
  for (int b = 0; b < options.resamples; ++b) {
    RandomStream stream(
        {options.seed, options.stream, 0, static_cast<std::uint32_t>(b), Purpose{"bootstrap"}});
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const auto pick = static_cast<std::size_t>(stream.uniform() * static_cast<double>(n));
      sum += differences[std::min(pick, n - 1)];
    }
    means[static_cast<std::size_t>(b)] = sum / static_cast<double>(n);
  }
  std::sort(means.begin(), means.end());
  const double tail = (1.0 - options.level) / 2.0;
  out.low = sorted_quantile(means, tail);
  out.high = sorted_quantile(means, 1.0 - tail);
}

void pairs_interval(std::vector<double> differences, double level, PairedInterval& out) {
  std::sort(differences.begin(), differences.end());
  const double tail = (1.0 - level) / 2.0;
  out.low = sorted_quantile(differences, tail);
  out.high = sorted_quantile(differences, 1.0 - tail);
}

}  // namespace

double sorted_quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNaN;
  const double position = p * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

PairedInterval paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                                 const IntervalOptions& options, bool higher_is_better) {
  std::vector<double> differences, a_used, b_used;
  const std::size_t pairs = std::min(a.size(), b.size());
  for (std::size_t r = 0; r < pairs; ++r) {
    if (!std::isfinite(a[r]) || !std::isfinite(b[r])) continue;
    a_used.push_back(a[r]);
    b_used.push_back(b[r]);
    differences.push_back(b[r] - a[r]);
  }
  PairedInterval out;
  out.a_mean = mean_interval(a_used).mean;
  out.b_mean = mean_interval(b_used).mean;
  const Interval t = mean_interval(differences, options.level);
  out.difference = t.mean;
  out.low = t.low;
  out.high = t.high;
  out.n = t.n;
  if (options.method == IntervalMethod::bootstrap && out.n > 1)
    bootstrap_interval(differences, options, out);
  if (options.method == IntervalMethod::pairs && out.n > 1)
    pairs_interval(differences, options.level, out);
  double better = 0.0;
  for (double d : differences) better += d == 0.0 ? 0.5 : ((d > 0) == higher_is_better ? 1.0 : 0.0);
  out.probability_better = differences.empty() ? kNaN : better / static_cast<double>(out.n);
  return out;
}

RatioInterval paired_ratio(const std::vector<double>& numerator,
                           const std::vector<double>& denominator, double level) {
  std::vector<double> x, y;
  const std::size_t pairs = std::min(numerator.size(), denominator.size());
  for (std::size_t r = 0; r < pairs; ++r) {
    if (!std::isfinite(numerator[r]) || !std::isfinite(denominator[r])) continue;
    x.push_back(numerator[r]);
    y.push_back(denominator[r]);
  }
  RatioInterval out{kNaN, kNaN, kNaN, false};
  const std::size_t n = x.size();
  if (n < 2) return out;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  if (my == 0.0) return out;
  out.ratio = mx / my;
  // Variances and covariance of the two means.
  double sxx = 0, syy = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  const double scale = 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n));
  const double v11 = sxx * scale, v22 = syy * scale, v12 = sxy * scale;
  const double t = student_t_quantile(0.5 + level / 2, static_cast<double>(n - 1));
  // Fieller: the set of R with (mx - R my)^2 <= t^2 Var(mx - R my). It is a
  // bounded interval only when my is significantly non-zero (g < 1).
  const double g = t * t * v22 / (my * my);
  if (g >= 1.0) return out;
  // A denominator without spread (g = 0) leaves the plain delta interval.
  const double conditional = v22 > 0 ? v11 - v12 * v12 / v22 : v11;
  const double centre = out.ratio - (v22 > 0 ? g * v12 / v22 : 0.0);
  const double discriminant =
      v11 - 2 * out.ratio * v12 + out.ratio * out.ratio * v22 - g * conditional;
  const double half = t / std::abs(my) * std::sqrt(std::max(0.0, discriminant));
  out.low = (centre - half) / (1 - g);
  out.high = (centre + half) / (1 - g);
  out.bounded = true;
  return out;
}

}  // namespace wfsim
