// Small, dependency-free statistics for ensemble summaries.
#pragma once

#include <vector>

namespace wfsim {

/// Quantile of Student's t distribution with `df` degrees of freedom:
/// exact for df 1 and 2, Cornish-Fisher expansion (Abramowitz & Stegun
/// 26.7.5) above, accurate to ~1e-3 at df = 3 and better beyond.
double student_t_quantile(double probability, double df);

/// Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9).
double normal_quantile(double probability);

struct Interval {
  double mean = 0.0;
  double low = 0.0;
  double high = 0.0;
  int n = 0;  ///< finite values used
};

/// Mean with a t-based 95 % interval over the finite values (NaN skipped).
/// One value gives a zero-width interval; none gives NaN.
Interval mean_interval(const std::vector<double>& values, double level = 0.95);

}  // namespace wfsim
