#include "population/resampling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace wfsim {

std::vector<std::int64_t> apportion(std::span<const double> weights, std::int64_t total) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<std::int64_t> shares(weights.size(), 0);
  std::vector<double> remainder(weights.size(), 0.0);
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double quota = static_cast<double>(total) * weights[i] / sum;
    shares[i] = static_cast<std::int64_t>(std::floor(quota));
    remainder[i] = quota - static_cast<double>(shares[i]);
    given += shares[i];
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  // The remainders add up to what the floors lack, each below 1, so the
  // largest ones take one more each; rounding may also leave the floors past
  // the total, and then the smallest give one back.
  for (std::size_t k = 0; given < total; ++k, ++given) ++shares[order[k % order.size()]];
  for (auto it = order.rbegin(); given > total; ++it) {
    if (it == order.rend()) it = order.rbegin();
    if (shares[*it] > 0) {
      --shares[*it];
      --given;
    }
  }
  return shares;
}

std::vector<std::size_t> systematic_resample(std::span<const double> weights, std::size_t n,
                                             double u) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<std::size_t> drawn;
  drawn.reserve(n);
  // The last index with weight also takes any point that rounding puts past the end.
  std::size_t last = weights.size() - 1;
  while (last > 0 && weights[last] == 0.0) --last;
  std::size_t i = 0;
  double cumulative = weights[0];
  for (std::size_t k = 0; k < n; ++k) {
    const double point = (u + static_cast<double>(k)) / static_cast<double>(n) * sum;
    while (point >= cumulative && i < last) cumulative += weights[++i];
    drawn.push_back(i);
  }
  return drawn;
}

}  // namespace wfsim
