// Prior distributions for calibration: uniform, normal, lognormal and beta,
// each with a density (up to a constant where that is all ABC needs) and a
// sampler on the project's counter-based random streams.
#pragma once

#include <string>
#include <vector>

#include "sim/random.hpp"

namespace wfsim {

enum class PriorKind { uniform, normal, lognormal, beta };

/// The names used in calibration files.
const std::vector<std::string>& prior_kind_names();

struct Prior {
  PriorKind kind = PriorKind::uniform;
  /// uniform: min, max; normal: mean, sd; lognormal: meanlog, sdlog (of the
  /// log); beta: alpha, beta, scaled to [min, max] (default [0, 1]).
  double first = 0.0;
  double second = 1.0;
  double min = 0.0;  ///< beta's support; uniform's min
  double max = 1.0;  ///< beta's support; uniform's max

  /// Probability density at x (exact, normalised); 0 outside the support.
  double density(double x) const;
  double sample(RandomStream& stream) const;
  double mean() const;
  double sd() const;
};

/// For people: e.g. "uniform(0.05, 0.3)", "beta(2, 5) on [0, 1]".
std::string describe(const Prior& prior);

}  // namespace wfsim
