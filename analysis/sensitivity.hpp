// Global sensitivity analysis: Morris elementary effects and Sobol indices.
// Pure estimators on the unit hypercube, independent of the simulator: a
// design gives points in [0,1]^d, the caller evaluates its model at each
// point (mapping coordinates to factor ranges), and the indices are computed
// from the vector of outputs, one per point in design order. This keeps them
// testable on functions whose indices are known analytically.
#pragma once

#include <cstdint>
#include <vector>

namespace wfsim {

/// Morris (1991) one-at-a-time trajectories on a p-level grid {0, 1/(p-1), ..., 1}.
struct MorrisDesign {
  int factors = 0;
  int trajectories = 0;
  int levels = 0;
  double delta = 0.0;  ///< the step, p / (2 (p - 1)): half the levels apart
  /// trajectories x (factors + 1) points, trajectory by trajectory: within one,
  /// each point moves exactly one factor of the previous one by +/- delta, and
  /// every factor moves once.
  std::vector<std::vector<double>> points;
};

/// r random trajectories (Morris 1991; Saltelli et al. 2008, "Global
/// Sensitivity Analysis: The Primer", section 3.3): a random base point on the
/// grid whose coordinates leave room for the step, random directions, and a
/// random order of the factors, drawn from counter-based streams keyed by
/// `seed` and the trajectory, so the design is reproducible. `levels` must be
/// even (so delta is a whole number of grid steps) and at least 2. Throws
/// std::invalid_argument on bad sizes.
MorrisDesign morris_design(int factors, int trajectories, int levels, std::uint64_t seed);

/// The statistics of one factor's elementary effects EE = (y(x + delta e_i) -
/// y(x)) / delta, on the unit scale: an effect is the change in the output per
/// whole range of the factor. Campolongo et al. (2007) mu* ranks importance
/// (signs cannot cancel); sigma measures interaction or non-linearity.
struct MorrisIndex {
  double mu = 0.0;       ///< mean of the effects
  double mu_star = 0.0;  ///< mean of their absolute values
  double sigma = 0.0;    ///< their standard deviation (n - 1); NaN with fewer than 2
  int effects = 0;       ///< effects used: those whose two outputs are finite
};

/// One index per factor from `outputs[k]` = the model at `design.points[k]`.
/// Non-finite outputs drop the effects they enter. Throws
/// std::invalid_argument if the sizes disagree or a step of the design does
/// not move exactly one factor.
std::vector<MorrisIndex> morris_indices(const MorrisDesign& design,
                                        const std::vector<double>& outputs);

/// Saltelli's (2002, 2010) design for Sobol indices from points N..2N-1 of
/// the 2d-dimensional Sobol sequence (designs.hpp), N = `samples`: matrix A
/// is their first d coordinates, B their last d. (The first N points include
/// two where A and B coincide, which carry no information; for N a power of
/// two, points N..2N-1 are as balanced as the first N.) Rows, block by block of `samples` rows: A,
/// B, then for each factor i, A_B^(i) (A with column i taken from B);
/// samples x (factors + 2) rows in all. Powers of two keep the sequence
/// balanced. Throws std::invalid_argument if samples < 1 or 2 x factors
/// exceeds kSobolMaxDimensions.
std::vector<std::vector<double>> saltelli_design(int samples, int factors);

/// First-order and total Sobol indices of one factor with 95 % percentile
/// bootstrap intervals.
struct SobolIndex {
  double first = 0.0;  ///< S_i: share of the output's variance due to the factor alone
  double first_low = 0.0;
  double first_high = 0.0;
  double total = 0.0;  ///< S_Ti: share due to the factor including all its interactions
  double total_low = 0.0;
  double total_high = 0.0;
};

/// Indices from `outputs[k]` = the model at row k of saltelli_design(samples,
/// factors): Saltelli et al. (2010, table 2 (b)) for S_i and Jansen (1999)
/// for S_Ti, both over the variance of the A and B outputs. Outputs are
/// centred on their mean first, as Sobol (2001) recommends: the estimators
/// stay consistent, and S_i's error no longer grows with the output's mean
/// (a council's annual cost is ~10^7 with a spread of ~10^4).
/// A sample whose d + 2 outputs are not all finite is left out. Intervals
/// resample the samples (`resamples` times, keeping each sample's d + 2
/// outputs together) with counter-based streams keyed by `seed`, so they are
/// reproducible. An output without variance gives NaN indices. Throws
/// std::invalid_argument if the sizes disagree or resamples < 1.
std::vector<SobolIndex> sobol_indices(const std::vector<double>& outputs, int samples, int factors,
                                      int resamples, std::uint64_t seed);

}  // namespace wfsim
