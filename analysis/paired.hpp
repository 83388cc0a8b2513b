// Paired comparisons of two arms run with common random numbers: replicate r
// of arm B is compared with replicate r of arm A, so the noise they share
// cancels in the difference.
#pragma once

#include <cstdint>
#include <vector>

namespace wfsim {

enum class IntervalMethod {
  t,          ///< Student's t on the paired differences
  bootstrap,  ///< percentile bootstrap over replicates (no normality assumed)
  /// The central `level` of the pairs' own differences (type-7 quantiles):
  /// with a parameter draw per pair, the range the effect may take given
  /// parameter uncertainty and chance, not the precision of its mean.
  pairs,
};

struct PairedInterval {
  double a_mean = 0.0;
  double b_mean = 0.0;
  double difference = 0.0;  ///< mean of b - a over the pairs
  double low = 0.0;         ///< interval for the mean difference
  double high = 0.0;
  int n = 0;  ///< pairs where both values are finite
  /// Share of pairs where b is better (higher, or lower when less is
  /// better); ties count half, as in the probability of superiority
  /// (Vargha and Delaney 2000).
  double probability_better = 0.0;
};

struct IntervalOptions {
  IntervalMethod method = IntervalMethod::t;
  double level = 0.95;
  int resamples = 2000;      ///< bootstrap only
  std::uint64_t seed = 0;    ///< bootstrap only: resampling is reproducible
  std::uint32_t stream = 0;  ///< bootstrap only: distinguishes the quantities compared
};

/// Mean of b - a with its interval, over the pairs (a[r], b[r]) that are both
/// finite. Identical arms give a difference and an interval of exactly zero.
PairedInterval paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                                 const IntervalOptions& options = {},
                                 bool higher_is_better = false);

/// Type-7 quantile (linear interpolation, as R's and NumPy's defaults) of
/// sorted values.
double sorted_quantile(const std::vector<double>& sorted, double p);

/// A ratio of two mean paired differences, e.g. extra cost per leaver avoided
/// = mean(d_cost) / mean(d_avoided), with Fieller's interval (Fieller 1954),
/// which stays honest when the denominator is uncertain: when the denominator
/// is not clearly away from zero the interval is unbounded, reported as NaN.
struct RatioInterval {
  double ratio = 0.0;
  double low = 0.0;
  double high = 0.0;
  bool bounded = false;
};

RatioInterval paired_ratio(const std::vector<double>& numerator,
                           const std::vector<double>& denominator, double level = 0.95);

}  // namespace wfsim
