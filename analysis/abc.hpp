// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC, the
// population Monte Carlo of Beaumont, Cornuet, Marin and Robert 2009) with
// adaptive tolerances (each generation's tolerance is a quantile of the
// previous generation's distances, after Del Moral, Doucet and Jasra 2012).
//
// Independent of the simulator: the caller supplies a function that turns a
// batch of proposals into distances. Proposals are numbered within each
// generation and drawn from counter-based streams keyed by (seed,
// generation, number), and accepted in number order, so the result depends
// only on the seed: not on threads, batch size or where a run was resumed.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "analysis/priors.hpp"

namespace wfsim {

struct AbcSettings {
  int particles = 400;
  int max_generations = 10;
  double quantile = 0.5;          ///< next tolerance: this quantile of the accepted distances
  double min_acceptance = 0.01;   ///< stop once a generation accepts less than this share
  double target_tolerance = 0.0;  ///< stop once the tolerance is at or below this
  int batch = 64;                 ///< proposals evaluated together (in parallel by the caller)
  std::uint64_t seed = 1;
};

struct Proposal {
  std::vector<double> theta;          ///< one value per prior
  std::uint64_t simulation_seed = 0;  ///< for the simulator's own randomness
};

/// Distances (>= 0; +inf for a proposal the model rejects) for a batch.
using DistanceFunction = std::function<std::vector<double>(const std::vector<Proposal>&)>;

struct Generation {
  int index = 0;
  std::vector<std::vector<double>> theta;  ///< [particle][parameter]
  std::vector<double> weight;              ///< normalised to sum 1
  std::vector<double> distance;
  double tolerance = 0.0;  ///< the distance every particle is within (+inf for generation 0)
  std::int64_t simulations = 0;
  double acceptance_rate = 0.0;
  double effective_sample_size = 0.0;  ///< (sum w)^2 / sum w^2
  bool exhausted = false;              ///< stopped at the simulation budget before filling up
};

class AbcSmc {
 public:
  AbcSmc(std::vector<Prior> priors, AbcSettings settings);

  /// Generation 0: draws from the prior, all with finite distances accepted.
  Generation first(const DistanceFunction& distances) const;

  /// The next generation from `previous`: tolerance the `quantile` of its
  /// distances, proposals perturbed by a Gaussian kernel with twice its
  /// weighted covariance (Beaumont et al. 2009), importance weights
  /// prior / mixture of kernels.
  Generation next(const Generation& previous, const DistanceFunction& distances) const;

  /// Whether to stop after `latest` (generation budget, acceptance, tolerance).
  bool finished(const Generation& latest) const;

  /// Weighted mean and standard deviation of parameter j.
  static std::pair<double, double> weighted_moments(const Generation& generation, std::size_t j);

  /// Weighted quantile of parameter j (for credible intervals).
  static double weighted_quantile(const Generation& generation, std::size_t j, double p);

 private:
  double prior_density(const std::vector<double>& theta) const;

  std::vector<Prior> priors_;
  AbcSettings settings_;
};

}  // namespace wfsim
