// Experimental designs for parameter sweeps and sensitivity analysis. Every
// design lives on the unit hypercube [0,1)^d (or, for the grid, on level
// indices); the caller maps coordinates to factor ranges. Points are returned
// point-major: design[i][j] is coordinate j of point i.
#pragma once

#include <cstdint>
#include <vector>

namespace wfsim {

/// Full factorial grid: levels[i] = number of levels of factor i. Returns points row-major
/// (point-major), each coordinate the level index (0..levels[i]-1), last factor varying fastest.
/// Throws std::invalid_argument if there are no factors, any level is < 1, or the grid would
/// have more than 10'000'000 points.
std::vector<std::vector<int>> full_grid(const std::vector<int>& levels);

/// Latin hypercube: n points in d dimensions, each coordinate in [0,1); in every dimension
/// each of the n strata [k/n,(k+1)/n) holds exactly one point, and static_cast<int>(x * n)
/// recovers the stratum k of a coordinate x exactly. The permutations and the jitter within
/// strata come from counter-based streams (random.hpp) keyed by `seed` and the dimension, so
/// the design is reproducible and does not depend on thread count. Throws
/// std::invalid_argument if n < 0 or d < 1.
std::vector<std::vector<double>> latin_hypercube(int n, int d, std::uint64_t seed);

/// Dimensions for which sobol_points has Joe & Kuo direction numbers (sobol_directions.hpp).
inline constexpr int kSobolMaxDimensions = 128;

/// Unscrambled Sobol low-discrepancy sequence with the Joe & Kuo (2008) direction numbers
/// "new-joe-kuo-6.21201", 32-bit, in Gray-code order (the order of SciPy's
/// qmc.Sobol(scramble=False)): points skip..skip+n-1 in d dimensions. Point 0 is all zeros;
/// it is a legitimate member of the sequence, and keeping it (skip = 0) keeps the net
/// property: the first 2^m points of every dimension are exactly {k/2^m}, and those of
/// dimensions 1 and 2 form a (0,m,2)-net. Blocks of 2^m points starting at a multiple of 2^m
/// are nets too, so a non-zero skip should be such a multiple. Throws std::invalid_argument
/// if n < 0, skip < 0 or d is outside 1..kSobolMaxDimensions.
std::vector<std::vector<double>> sobol_points(int n, int d, int skip = 0);

}  // namespace wfsim
