// Weighted allocation and resampling for synthetic populations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace wfsim {

/// Splits `total` whole units in proportion to `weights` by largest
/// remainders (Hamilton's method): each share is the floor of its quota or
/// one more, and ties go to the earlier entry. The weights must not all be 0.
std::vector<std::int64_t> apportion(std::span<const double> weights, std::int64_t total);

/// `n` indices into `weights` by systematic resampling (Kitagawa 1996) with
/// offset `u` in [0, 1): the points (u + k) / n, k = 0..n-1, of the
/// cumulative weight. Index i is drawn floor or ceil of n x weight_i / total
/// times, and n x weight_i / total times on average over u: a weighted
/// bootstrap with less spread than independent draws. Indices come out in
/// ascending order. The weights must not all be 0.
std::vector<std::size_t> systematic_resample(std::span<const double> weights, std::size_t n,
                                             double u);

}  // namespace wfsim
