#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "analysis/designs.hpp"
#include "sim/random.hpp"

namespace wfsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kLevel = 0.95;

std::size_t to_size(int value) {
  return static_cast<std::size_t>(value);
}

/// A uniform index in [0, count). uniform() is below 1, so the product is
/// below count; the clamp guards the rounding of the last ulp.
std::size_t pick(RandomStream& stream, std::size_t count) {
  const auto index = static_cast<std::size_t>(stream.uniform() * static_cast<double>(count));
  return std::min(index, count - 1);
}

/// Type-7 quantile (linear interpolation, the default of R and NumPy) of sorted values.
double quantile(const std::vector<double>& sorted, double p) {
  const double position = p * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

/// The factor that differs between two points, or -1 unless exactly one does.
int moved_factor(const std::vector<double>& from, const std::vector<double>& to) {
  int moved = -1;
  for (std::size_t j = 0; j < from.size(); ++j) {
    if (from[j] == to[j]) continue;
    if (moved >= 0) return -1;
    moved = static_cast<int>(j);
  }
  return moved;
}

/// Point estimates of S_i and S_Ti over the samples in `rows` (indices into
/// the A block; the same sample of every block goes with it).
struct SobolEstimate {
  std::vector<double> first;
  std::vector<double> total;
};

SobolEstimate estimate(const std::vector<double>& y, std::size_t samples, std::size_t factors,
                       const std::vector<std::size_t>& rows) {
  const auto n = static_cast<double>(rows.size());
  double mean = 0.0;
  for (const std::size_t r : rows) mean += y[r] + y[samples + r];
  mean /= 2 * n;
  double variance = 0.0;
  for (const std::size_t r : rows) {
    variance += (y[r] - mean) * (y[r] - mean) + (y[samples + r] - mean) * (y[samples + r] - mean);
  }
  variance /= 2 * n;
  SobolEstimate out{std::vector<double>(factors), std::vector<double>(factors)};
  for (std::size_t i = 0; i < factors; ++i) {
    const std::size_t block = (2 + i) * samples;
    double first = 0.0, total = 0.0;
    for (const std::size_t r : rows) {
      const double a = y[r] - mean, b = y[samples + r] - mean, ab = y[block + r] - mean;
      first += b * (ab - a);         // Saltelli et al. 2010
      total += (a - ab) * (a - ab);  // Jansen 1999
    }
    // A constant output has no variance to share out, so no index.
    out.first[i] = variance > 0 ? first / n / variance : kNaN;
    out.total[i] = variance > 0 ? total / (2 * n) / variance : kNaN;
  }
  return out;
}

}  // namespace

MorrisDesign morris_design(int factors, int trajectories, int levels, std::uint64_t seed) {
  if (factors < 1) throw std::invalid_argument("morris_design: needs at least one factor");
  if (trajectories < 1) throw std::invalid_argument("morris_design: needs at least one trajectory");
  if (levels < 2 || levels % 2 != 0) {
    throw std::invalid_argument("morris_design: levels must be even and at least 2, not " +
                                std::to_string(levels));
  }
  MorrisDesign design{
      factors, trajectories, levels, static_cast<double>(levels) / (2.0 * (levels - 1)), {}};
  // Coordinates are kept as level indices 0..p-1 and divided by p - 1 only at
  // the end, so every point lies exactly on the grid; a step is p/2 levels.
  const int step = levels / 2;
  const auto grid = static_cast<double>(levels - 1);
  design.points.reserve(to_size(trajectories) * (to_size(factors) + 1));
  std::vector<int> level(to_size(factors)), direction(to_size(factors)), order(to_size(factors));
  for (int t = 0; t < trajectories; ++t) {
    RandomStream stream(StreamKey{seed, 0, 0, static_cast<std::uint32_t>(t),
                                  Purpose("sensitivity.morris.trajectory")});
    for (std::size_t j = 0; j < level.size(); ++j) {
      // A base level from 0..p/2-1 leaves room for the step up; a step down
      // starts from the level a step above the base.
      const auto base = static_cast<int>(pick(stream, to_size(step)));
      direction[j] = stream.bernoulli(0.5) ? 1 : -1;
      level[j] = direction[j] > 0 ? base : base + step;
    }
    std::iota(order.begin(), order.end(), 0);
    for (std::size_t i = order.size(); i-- > 1;) std::swap(order[i], order[pick(stream, i + 1)]);
    const auto record = [&] {
      std::vector<double> point(level.size());
      for (std::size_t j = 0; j < level.size(); ++j) point[j] = level[j] / grid;
      design.points.push_back(std::move(point));
    };
    record();
    for (const int j : order) {
      level[to_size(j)] += direction[to_size(j)] * step;
      record();
    }
  }
  return design;
}

std::vector<MorrisIndex> morris_indices(const MorrisDesign& design,
                                        const std::vector<double>& outputs) {
  const std::size_t length = to_size(design.factors) + 1;
  if (design.points.size() != to_size(design.trajectories) * length ||
      outputs.size() != design.points.size()) {
    throw std::invalid_argument("morris_indices: expected one output per point of " +
                                std::to_string(design.trajectories) + " trajectories of " +
                                std::to_string(length) + " points");
  }
  std::vector<std::vector<double>> effects(to_size(design.factors));
  for (std::size_t k = 0; k < design.points.size(); ++k) {
    if (k % length == 0) continue;  // a trajectory's first point
    const std::vector<double>& from = design.points[k - 1];
    const std::vector<double>& to = design.points[k];
    const int j = moved_factor(from, to);
    if (j < 0) {
      throw std::invalid_argument("morris_indices: point " + std::to_string(k) +
                                  " does not move exactly one factor");
    }
    const double effect = (outputs[k] - outputs[k - 1]) / (to[to_size(j)] - from[to_size(j)]);
    if (std::isfinite(effect)) effects[to_size(j)].push_back(effect);
  }
  std::vector<MorrisIndex> indices;
  for (const std::vector<double>& ee : effects) {
    MorrisIndex index{kNaN, kNaN, kNaN, static_cast<int>(ee.size())};
    if (!ee.empty()) {
      const auto n = static_cast<double>(ee.size());
      index.mu = std::accumulate(ee.begin(), ee.end(), 0.0) / n;
      double absolute = 0.0;  // summed as mu is, so mu* == mu when no effect is negative
      for (const double e : ee) absolute += std::abs(e);
      index.mu_star = absolute / n;
    }
    if (ee.size() > 1) {
      double squares = 0.0;
      for (const double e : ee) squares += (e - index.mu) * (e - index.mu);
      index.sigma = std::sqrt(squares / static_cast<double>(ee.size() - 1));
    }
    indices.push_back(index);
  }
  return indices;
}

std::vector<std::vector<double>> saltelli_design(int samples, int factors) {
  if (samples < 1) throw std::invalid_argument("saltelli_design: needs at least one sample");
  if (factors < 1 || 2 * factors > kSobolMaxDimensions) {
    throw std::invalid_argument("saltelli_design: factors must be in 1.." +
                                std::to_string(kSobolMaxDimensions / 2));
  }
  // Points N..2N-1: among the first N are point 0 (all 0) and point 1 (all
  // 1/2), where A and B coincide and so say nothing of any index.
  const std::vector<std::vector<double>> base = sobol_points(samples, 2 * factors, samples);
  const auto d = static_cast<std::ptrdiff_t>(factors);
  std::vector<std::vector<double>> rows;
  rows.reserve(to_size(samples) * (to_size(factors) + 2));
  for (const std::vector<double>& point : base) rows.emplace_back(point.begin(), point.begin() + d);
  for (const std::vector<double>& point : base) rows.emplace_back(point.begin() + d, point.end());
  for (std::size_t i = 0; i < to_size(factors); ++i) {
    for (const std::vector<double>& point : base) {
      std::vector<double> row(point.begin(), point.begin() + d);
      row[i] = point[to_size(factors) + i];
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::vector<SobolIndex> sobol_indices(const std::vector<double>& outputs, int samples, int factors,
                                      int resamples, std::uint64_t seed) {
  if (samples < 1 || factors < 1 || outputs.size() != to_size(samples) * (to_size(factors) + 2)) {
    throw std::invalid_argument("sobol_indices: expected samples x (factors + 2) outputs");
  }
  if (resamples < 1) throw std::invalid_argument("sobol_indices: needs at least one resample");
  const std::size_t n = to_size(samples), d = to_size(factors);
  std::vector<std::size_t> usable;
  for (std::size_t r = 0; r < n; ++r) {
    bool finite = true;
    for (std::size_t block = 0; block < d + 2; ++block)
      finite = finite && std::isfinite(outputs[block * n + r]);
    if (finite) usable.push_back(r);
  }
  std::vector<SobolIndex> indices(d, SobolIndex{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN});
  if (usable.empty()) return indices;
  const SobolEstimate point = estimate(outputs, n, d, usable);

  // Each resample draws from its own stream, so the intervals do not depend
  // on the order in which resamples are computed.
  std::vector<std::vector<double>> first(d), total(d);
  std::vector<std::size_t> rows(usable.size());
  for (int b = 0; b < resamples; ++b) {
    RandomStream stream(StreamKey{seed, 0, 0, static_cast<std::uint32_t>(b),
                                  Purpose("sensitivity.sobol.bootstrap")});
    for (std::size_t& row : rows) row = usable[pick(stream, usable.size())];
    // A resample that repeats one sample has no variance and no estimate.
    const SobolEstimate resampled = estimate(outputs, n, d, rows);
    for (std::size_t i = 0; i < d; ++i) {
      if (std::isnan(resampled.first[i])) continue;
      first[i].push_back(resampled.first[i]);
      total[i].push_back(resampled.total[i]);
    }
  }
  const double tail = (1.0 - kLevel) / 2.0;
  for (std::size_t i = 0; i < d; ++i) {
    SobolIndex& index = indices[i];
    index.first = point.first[i];
    index.total = point.total[i];
    if (first[i].empty()) continue;
    std::sort(first[i].begin(), first[i].end());
    std::sort(total[i].begin(), total[i].end());
    index.first_low = quantile(first[i], tail);
    index.first_high = quantile(first[i], 1.0 - tail);
    index.total_low = quantile(total[i], tail);
    index.total_high = quantile(total[i], 1.0 - tail);
  }
  return indices;
}

}  // namespace wfsim
