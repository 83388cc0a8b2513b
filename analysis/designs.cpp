#include "analysis/designs.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <stdexcept>
#include <string>

#include "analysis/sobol_directions.hpp"
#include "sim/random.hpp"

namespace wfsim {

namespace {

constexpr long long kMaxGridPoints = 10'000'000;

/// Uniform integer in [0, bound), unbiased (Lemire 2019, "Fast random integer
/// generation in an interval"): integers rather than floor(u * bound), whose
/// rounding could reach `bound` itself.
std::uint32_t bounded(RandomStream& stream, std::uint32_t bound) {
  std::uint64_t product = std::uint64_t{stream.next_u32()} * bound;
  auto low = static_cast<std::uint32_t>(product);
  if (low < bound) {
    const std::uint32_t threshold = (0u - bound) % bound;
    while (low < threshold) {
      product = std::uint64_t{stream.next_u32()} * bound;
      low = static_cast<std::uint32_t>(product);
    }
  }
  return static_cast<std::uint32_t>(product >> 32);
}

/// A point of stratum k of n, jittered uniformly within it. (k + u) / n is
/// rounded, and near the stratum's upper edge the rounding can carry it into
/// the next stratum; step back until the stratum is what callers recover.
double in_stratum(int k, int n, RandomStream& jitter) {
  const std::uint64_t bits = (std::uint64_t{jitter.next_u32()} << 21) | (jitter.next_u32() >> 11);
  const double u = static_cast<double>(bits) * 0x1.0p-53;  // [0, 1)
  double x = (k + u) / n;
  while (static_cast<int>(x * n) > k) x = std::nextafter(x, 0.0);
  while (static_cast<int>(x * n) < k) x = std::nextafter(x, 1.0);
  return x;
}

using Directions = std::array<std::uint32_t, 32>;

/// Direction numbers v_1..v_32 (as 32-bit fractions) of one dimension, by the
/// Bratley & Fox recurrence that Joe & Kuo state for their table.
Directions directions(int dimension) {
  Directions v{};
  if (dimension == 0) {  // van der Corput: polynomial x, all m_i = 1
    for (int k = 0; k < 32; ++k) v[k] = 1u << (31 - k);
    return v;
  }
  const detail::SobolRow& row = detail::kSobolRows[dimension - 1];
  const int s = row.degree;
  for (int k = 0; k < 32; ++k) {
    if (k < s) {
      v[k] = row.m[k] << (31 - k);
      continue;
    }
    std::uint32_t value = v[k - s] ^ (v[k - s] >> s);
    for (int l = 1; l < s; ++l) {
      if ((row.a >> (s - 1 - l)) & 1u) value ^= v[k - l];
    }
    v[k] = value;
  }
  return v;
}

}  // namespace

std::vector<std::vector<int>> full_grid(const std::vector<int>& levels) {
  if (levels.empty()) throw std::invalid_argument("full_grid: no factors");
  long long count = 1;
  for (const int level : levels) {
    if (level < 1) {
      throw std::invalid_argument("full_grid: a factor has " + std::to_string(level) +
                                  " levels; each needs at least 1");
    }
    count *= level;  // cannot overflow: count <= kMaxGridPoints and level < 2^31
    if (count > kMaxGridPoints) {
      throw std::invalid_argument("full_grid: more than " + std::to_string(kMaxGridPoints) +
                                  " points");
    }
  }
  std::vector<std::vector<int>> points(static_cast<std::size_t>(count));
  std::vector<int> point(levels.size(), 0);
  for (auto& out : points) {
    out = point;
    // Odometer step: the last factor turns fastest.
    for (std::size_t i = levels.size(); i-- > 0;) {
      if (++point[i] < levels[i]) break;
      point[i] = 0;
    }
  }
  return points;
}

std::vector<std::vector<double>> latin_hypercube(int n, int d, std::uint64_t seed) {
  if (n < 0) throw std::invalid_argument("latin_hypercube: n must be >= 0");
  if (d < 1) throw std::invalid_argument("latin_hypercube: d must be >= 1");
  std::vector<std::vector<double>> points(static_cast<std::size_t>(n),
                                          std::vector<double>(static_cast<std::size_t>(d)));
  std::vector<int> stratum(static_cast<std::size_t>(n));
  for (int j = 0; j < d; ++j) {
    const auto agent = static_cast<std::uint32_t>(j);
    RandomStream shuffle(StreamKey{seed, 0, 0, agent, Purpose("design.latin_hypercube.shuffle")});
    RandomStream jitter(StreamKey{seed, 0, 0, agent, Purpose("design.latin_hypercube.jitter")});
    // Fisher-Yates: stratum[i] is the stratum of point i in dimension j.
    std::iota(stratum.begin(), stratum.end(), 0);
    for (int i = n - 1; i > 0; --i) {
      const auto pick = bounded(shuffle, static_cast<std::uint32_t>(i) + 1);
      std::swap(stratum[static_cast<std::size_t>(i)], stratum[pick]);
    }
    for (int i = 0; i < n; ++i) {
      points[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] =
          in_stratum(stratum[static_cast<std::size_t>(i)], n, jitter);
    }
  }
  return points;
}

std::vector<std::vector<double>> sobol_points(int n, int d, int skip) {
  if (n < 0) throw std::invalid_argument("sobol_points: n must be >= 0");
  if (skip < 0) throw std::invalid_argument("sobol_points: skip must be >= 0");
  if (d < 1 || d > kSobolMaxDimensions) {
    throw std::invalid_argument("sobol_points: d must be in 1.." +
                                std::to_string(kSobolMaxDimensions));
  }
  static_assert(detail::kSobolRows.size() + 1 == kSobolMaxDimensions);
  std::vector<Directions> v(static_cast<std::size_t>(d));
  for (int j = 0; j < d; ++j) v[static_cast<std::size_t>(j)] = directions(j);

  // Point i is the XOR of the direction numbers picked by the bits of its Gray
  // code i ^ (i >> 1); consecutive Gray codes differ in bit countr_zero(i).
  auto index = static_cast<std::uint32_t>(skip);
  const std::uint32_t gray = index ^ (index >> 1);
  std::vector<std::uint32_t> x(static_cast<std::size_t>(d), 0);
  for (int k = 0; k < 32; ++k) {
    if ((gray >> k) & 1u) {
      for (std::size_t j = 0; j < x.size(); ++j) x[j] ^= v[j][static_cast<std::size_t>(k)];
    }
  }
  std::vector<std::vector<double>> points(static_cast<std::size_t>(n));
  for (auto& point : points) {
    point.resize(x.size());
    for (std::size_t j = 0; j < x.size(); ++j) point[j] = x[j] * 0x1.0p-32;
    ++index;
    const auto bit = static_cast<std::size_t>(std::countr_zero(index));
    for (std::size_t j = 0; j < x.size(); ++j) x[j] ^= v[j][bit];
  }
  return points;
}

}  // namespace wfsim
