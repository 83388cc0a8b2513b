#include "analysis/abc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace wfsim {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

RandomStream proposal_stream(std::uint64_t seed, int generation, std::int64_t number,
                             const char* purpose) {
  return RandomStream({seed, static_cast<std::uint32_t>(generation), 0,
                       static_cast<std::uint32_t>(number), Purpose{purpose}});
}

std::uint64_t simulation_seed(std::uint64_t seed, int generation, std::int64_t number) {
  RandomStream stream = proposal_stream(seed, generation, number, "abc simulation seed");
  const std::uint64_t high = stream.next_u32();
  return (high << 32) | stream.next_u32();
}

// Lower-triangular L with L L^T = a (d x d, row-major). A tiny ridge keeps a
// degenerate covariance (a parameter every particle agrees on) usable.
std::vector<double> cholesky(std::vector<double> a, std::size_t d) {
  double trace = 0.0;
  for (std::size_t i = 0; i < d; ++i) trace += a[i * d + i];
  for (std::size_t i = 0; i < d; ++i) a[i * d + i] += 1e-12 * std::max(trace / d, 1e-300);
  std::vector<double> l(d * d, 0.0);
  for (std::size_t i = 0; i < d; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double sum = a[i * d + j];
      for (std::size_t k = 0; k < j; ++k) sum -= l[i * d + k] * l[j * d + k];
      if (i == j) {
        l[i * d + i] = std::sqrt(std::max(sum, 1e-300));
      } else {
        l[i * d + j] = sum / l[j * d + j];
      }
    }
  }
  return l;
}

// x^T (L L^T)^{-1} x by forward substitution.
double mahalanobis(const std::vector<double>& l, const std::vector<double>& x, std::size_t d) {
  std::vector<double> y(d);
  double sum = 0.0;
  for (std::size_t i = 0; i < d; ++i) {
    double v = x[i];
    for (std::size_t k = 0; k < i; ++k) v -= l[i * d + k] * y[k];
    y[i] = v / l[i * d + i];
    sum += y[i] * y[i];
  }
  return sum;
}

void finish(Generation& g, std::int64_t simulations) {
  const double total = std::accumulate(g.weight.begin(), g.weight.end(), 0.0);
  double squares = 0.0;
  for (double& w : g.weight) {
    w /= total;
    squares += w * w;
  }
  g.simulations = simulations;
  g.acceptance_rate = simulations > 0 ? static_cast<double>(g.theta.size()) / simulations : 0.0;
  g.effective_sample_size = squares > 0 ? 1.0 / squares : 0.0;
}

// Proposes in numbered batches until `wanted` are accepted or the budget is
// spent; proposals are accepted strictly in number order.
template <typename Propose, typename Accept>
void fill(int wanted, int batch, std::int64_t budget, const DistanceFunction& distances,
          const Propose& propose, const Accept& accept, Generation& g) {
  std::int64_t number = 0;
  while (static_cast<int>(g.theta.size()) < wanted) {
    if (number >= budget) {
      g.exhausted = true;
      break;
    }
    std::vector<Proposal> proposals;
    for (int i = 0; i < batch && number + i < budget; ++i) proposals.push_back(propose(number + i));
    const std::vector<double> d = distances(proposals);
    for (std::size_t i = 0; i < proposals.size(); ++i) {
      ++number;
      if (accept(d[i])) {
        g.theta.push_back(proposals[i].theta);
        g.distance.push_back(d[i]);
        if (static_cast<int>(g.theta.size()) == wanted) break;
      }
    }
  }
  g.simulations = number;
}

}  // namespace

AbcSmc::AbcSmc(std::vector<Prior> priors, AbcSettings settings)
    : priors_(std::move(priors)), settings_(settings) {
  if (priors_.empty()) throw std::invalid_argument("ABC needs at least one prior");
  if (settings_.particles < 2) throw std::invalid_argument("ABC needs at least two particles");
}

double AbcSmc::prior_density(const std::vector<double>& theta) const {
  double density = 1.0;
  for (std::size_t j = 0; j < priors_.size(); ++j) density *= priors_[j].density(theta[j]);
  return density;
}

Generation AbcSmc::first(const DistanceFunction& distances) const {
  Generation g;
  g.index = 0;
  g.tolerance = kInfinity;
  const auto propose = [&](std::int64_t number) {
    RandomStream stream = proposal_stream(settings_.seed, 0, number, "abc prior draw");
    Proposal p;
    for (const Prior& prior : priors_) p.theta.push_back(prior.sample(stream));
    p.simulation_seed = simulation_seed(settings_.seed, 0, number);
    return p;
  };
  const auto budget =
      static_cast<std::int64_t>(std::ceil(settings_.particles / settings_.min_acceptance));
  fill(
      settings_.particles, settings_.batch, budget, distances, propose,
      [](double d) { return std::isfinite(d); }, g);
  const std::int64_t simulations = g.simulations;
  g.weight.assign(g.theta.size(), 1.0);
  finish(g, simulations);
  return g;
}

Generation AbcSmc::next(const Generation& previous, const DistanceFunction& distances) const {
  const std::size_t d = priors_.size();
  const std::size_t n = previous.theta.size();
  // Tolerance: the weighted-free quantile of the accepted distances.
  std::vector<double> sorted = previous.distance;
  std::sort(sorted.begin(), sorted.end());
  const double position = settings_.quantile * static_cast<double>(n - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, n - 1);
  const double tolerance =
      sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);

  // Kernel covariance: twice the weighted covariance of the previous particles.
  std::vector<double> mean(d, 0.0), covariance(d * d, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) mean[j] += previous.weight[i] * previous.theta[i][j];
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t a = 0; a < d; ++a) {
      for (std::size_t b = 0; b < d; ++b) {
        covariance[a * d + b] += 2.0 * previous.weight[i] * (previous.theta[i][a] - mean[a]) *
                                 (previous.theta[i][b] - mean[b]);
      }
    }
  }
  const std::vector<double> l = cholesky(covariance, d);
  std::vector<double> cumulative(n);
  std::partial_sum(previous.weight.begin(), previous.weight.end(), cumulative.begin());

  Generation g;
  g.index = previous.index + 1;
  g.tolerance = tolerance;
  const auto propose = [&](std::int64_t number) {
    RandomStream stream = proposal_stream(settings_.seed, g.index, number, "abc perturbation");
    Proposal p;
    while (true) {  // until inside the prior's support
      const double u = stream.uniform() * cumulative.back();
      const std::size_t parent = std::min<std::size_t>(
          static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                   cumulative.begin()),
          n - 1);
      std::vector<double> z(d);
      for (double& v : z) v = stream.normal();
      p.theta.assign(d, 0.0);
      for (std::size_t a = 0; a < d; ++a) {
        double shift = 0.0;
        for (std::size_t b = 0; b <= a; ++b) shift += l[a * d + b] * z[b];
        p.theta[a] = previous.theta[parent][a] + shift;
      }
      if (prior_density(p.theta) > 0.0) break;
    }
    p.simulation_seed = simulation_seed(settings_.seed, g.index, number);
    return p;
  };
  const auto budget =
      static_cast<std::int64_t>(std::ceil(settings_.particles / settings_.min_acceptance));
  fill(
      settings_.particles, settings_.batch, budget, distances, propose,
      [tolerance](double distance) { return distance <= tolerance; }, g);
  const std::int64_t simulations = g.simulations;
  // Importance weights: prior over the mixture of perturbation kernels (the
  // kernels' common normalising constant cancels).
  for (const std::vector<double>& theta : g.theta) {
    double mixture = 0.0;
    std::vector<double> x(d);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < d; ++j) x[j] = theta[j] - previous.theta[i][j];
      mixture += previous.weight[i] * std::exp(-0.5 * mahalanobis(l, x, d));
    }
    g.weight.push_back(prior_density(theta) / mixture);
  }
  if (!g.theta.empty()) finish(g, simulations);
  return g;
}

bool AbcSmc::finished(const Generation& latest) const {
  return latest.exhausted || latest.index + 1 >= settings_.max_generations ||
         (latest.index > 0 && latest.acceptance_rate < settings_.min_acceptance) ||
         latest.tolerance <= settings_.target_tolerance;
}

std::pair<double, double> AbcSmc::weighted_moments(const Generation& g, std::size_t j) {
  double mean = 0.0, squares = 0.0;
  for (std::size_t i = 0; i < g.theta.size(); ++i) mean += g.weight[i] * g.theta[i][j];
  for (std::size_t i = 0; i < g.theta.size(); ++i)
    squares += g.weight[i] * (g.theta[i][j] - mean) * (g.theta[i][j] - mean);
  return {mean, std::sqrt(squares)};
}

double AbcSmc::weighted_quantile(const Generation& g, std::size_t j, double p) {
  std::vector<std::size_t> order(g.theta.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return g.theta[a][j] < g.theta[b][j]; });
  double cumulative = 0.0;
  for (std::size_t i : order) {
    cumulative += g.weight[i];
    if (cumulative >= p) return g.theta[i][j];
  }
  return g.theta[order.back()][j];
}

}  // namespace wfsim
