#include "analysis/what_flips.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/paired.hpp"

namespace wfsim {

namespace {

// Weighted quantile of one parameter's marginal: the value where the
// cumulative weight of the sorted particles first reaches p.
double weighted_marginal_quantile(const UncertaintySource& source, std::size_t parameter,
                                  double p) {
  std::vector<std::size_t> order(source.particles.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    return source.particles[i][parameter] < source.particles[j][parameter];
  });
  const double total = std::accumulate(source.weights.begin(), source.weights.end(), 0.0);
  double cumulative = 0.0;
  for (std::size_t i : order) {
    cumulative += source.weights[i];
    if (cumulative >= p * total) return source.particles[i][parameter];
  }
  return source.particles[order.back()][parameter];
}

int sign(double value) {
  return (value > 0) - (value < 0);
}

}  // namespace

std::pair<double, double> screening_range(const UncertaintySource& source, std::size_t parameter) {
  if (source.kind == "posterior") {
    return {weighted_marginal_quantile(source, parameter, 0.025),
            weighted_marginal_quantile(source, parameter, 0.975)};
  }
  const Prior& prior = source.parameters.at(parameter).prior;
  const bool bounded = prior.kind == PriorKind::uniform || prior.kind == PriorKind::beta;
  return bounded ? std::pair{prior.min, prior.max}
                 : std::pair{prior_quantile(prior, 0.025), prior_quantile(prior, 0.975)};
}

void rank_flips(FlipScreen& screen, std::vector<FlipRow> rows) {
  const int base = sign(screen.base_difference);
  // Clearly of the other sign: the whole interval beyond zero.
  const auto opposite = [base](double low, double high) { return base > 0 ? high < 0 : low > 0; };
  for (FlipRow& row : rows) {
    row.flips = base != 0 && (opposite(row.low_ci_low, row.low_ci_high) ||
                              opposite(row.high_ci_low, row.high_ci_high));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const FlipRow& x, const FlipRow& y) {
    return std::abs(x.high_difference - x.low_difference) >
           std::abs(y.high_difference - y.low_difference);
  });
  screen.rows = std::move(rows);
}

}  // namespace wfsim
