#include "analysis/priors.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

namespace wfsim {

namespace {

// Marsaglia and Tsang (2000): Gamma(shape, 1) for shape >= 1, boosted below 1
// by U^(1/shape) (their section 6).
double gamma_sample(double shape, RandomStream& stream) {
  if (shape < 1.0)
    return gamma_sample(shape + 1.0, stream) * std::pow(stream.uniform(), 1.0 / shape);
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  while (true) {
    double x = 0.0, v = 0.0;
    do {
      x = stream.normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = stream.uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

}  // namespace

const std::vector<std::string>& prior_kind_names() {
  static const std::vector<std::string> names{"uniform", "normal", "lognormal", "beta"};
  return names;
}

double Prior::density(double x) const {
  constexpr double root_two_pi = 2.5066282746310002;
  switch (kind) {
    case PriorKind::uniform:
      return x >= min && x <= max ? 1.0 / (max - min) : 0.0;
    case PriorKind::normal: {
      const double z = (x - first) / second;
      return std::exp(-0.5 * z * z) / (second * root_two_pi);
    }
    case PriorKind::lognormal: {
      if (x <= 0.0) return 0.0;
      const double z = (std::log(x) - first) / second;
      return std::exp(-0.5 * z * z) / (x * second * root_two_pi);
    }
    case PriorKind::beta: {
      if (x < min || x > max) return 0.0;
      const double u = (x - min) / (max - min);
      const double log_norm =
          std::lgamma(first + second) - std::lgamma(first) - std::lgamma(second);
      return std::exp(log_norm + (first - 1) * std::log(u) + (second - 1) * std::log1p(-u)) /
             (max - min);
    }
  }
  return 0.0;
}

double Prior::sample(RandomStream& stream) const {
  switch (kind) {
    case PriorKind::uniform:
      return min + (max - min) * stream.uniform();
    case PriorKind::normal:
      return stream.normal(first, second);
    case PriorKind::lognormal:
      return std::exp(stream.normal(first, second));
    case PriorKind::beta: {
      const double x = gamma_sample(first, stream);
      const double y = gamma_sample(second, stream);
      return min + (max - min) * x / (x + y);
    }
  }
  return 0.0;
}

double Prior::mean() const {
  switch (kind) {
    case PriorKind::uniform:
      return (min + max) / 2;
    case PriorKind::normal:
      return first;
    case PriorKind::lognormal:
      return std::exp(first + second * second / 2);
    case PriorKind::beta:
      return min + (max - min) * first / (first + second);
  }
  return 0.0;
}

double Prior::sd() const {
  switch (kind) {
    case PriorKind::uniform:
      return (max - min) / std::sqrt(12.0);
    case PriorKind::normal:
      return second;
    case PriorKind::lognormal:
      return std::sqrt(std::expm1(second * second)) * std::exp(first + second * second / 2);
    case PriorKind::beta: {
      const double n = first + second;
      return (max - min) * std::sqrt(first * second / (n * n * (n + 1)));
    }
  }
  return 0.0;
}

std::string describe(const Prior& prior) {
  switch (prior.kind) {
    case PriorKind::uniform:
      return fmt::format("uniform({:.4g}, {:.4g})", prior.min, prior.max);
    case PriorKind::normal:
      return fmt::format("normal({:.4g}, {:.4g})", prior.first, prior.second);
    case PriorKind::lognormal:
      return fmt::format("lognormal({:.4g}, {:.4g})", prior.first, prior.second);
    case PriorKind::beta:
      return fmt::format("beta({:.4g}, {:.4g}) on [{:.4g}, {:.4g}]", prior.first, prior.second,
                         prior.min, prior.max);
  }
  return {};
}

}  // namespace wfsim
