// An organisation's yearly factor (sim/yearly_variation.hpp): one value for
// every week of a model year, a new one each year, lognormal with mean 1 and
// the given spread on the log scale, and exactly 1 without a draw when the
// spread is 0.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cmath>

#include "model_harness.hpp"
#include "sim/world.hpp"
#include "sim/yearly_variation.hpp"

using namespace wfsim;

namespace {

constexpr int kOrganisations = 400;
constexpr int kYears = 5;

World organisations_world() {
  std::string yaml =
      "name: test\nseed: 11\nweeks: 52\nreplicates: 1\ngraph: {kind: complete}\n"
      "organisations:\n";
  for (int org = 0; org < kOrganisations; ++org) {
    yaml += fmt::format(
        "  - {{id: org_{}, sector: voluntary, teams: [{{id: t, function: youth, size: 1}}]}}\n",
        org);
  }
  return build_world(test::scenario_from_yaml(yaml));
}

}  // namespace

TEST_CASE("a yearly factor is constant within a year, new each year, lognormal with mean 1",
          "[yearly]") {
  const World world = organisations_world();
  ReplicateState state(world);
  WeekContext context(world, state, {}, 11, 0);
  constexpr double kSd = 0.3;
  const YearlyVariation variation(Purpose("test.year"), kSd);
  double sum_log = 0.0, sum_log_squares = 0.0, sum = 0.0;
  int changes = 0;
  for (std::uint32_t org = 0; org < kOrganisations; ++org) {
    double previous = 0.0;
    for (int year = 0; year < kYears; ++year) {
      context.set_week(52 * year);
      const double factor = variation.factor(context, org);
      context.set_week(52 * year + 51);
      CHECK(variation.factor(context, org) == factor);
      if (factor != previous) ++changes;
      previous = factor;
      sum_log += std::log(factor);
      sum_log_squares += std::log(factor) * std::log(factor);
      sum += factor;
    }
  }
  CHECK(changes == kOrganisations * kYears);
  const double n = kOrganisations * kYears;
  const double mean_log = sum_log / n;
  const double sd_log = std::sqrt(sum_log_squares / n - mean_log * mean_log);
  // log factor ~ N(-sd^2 / 2, sd^2): SE of its mean sd / sqrt(n) = 0.0067,
  // of its SD about sd / sqrt(2n) = 0.0047; the factor's own SD is
  // sqrt(exp(sd^2) - 1) = 0.307, so the SE of its mean is 0.0069.
  CHECK(std::abs(mean_log + kSd * kSd / 2) < 4 * kSd / std::sqrt(n));
  CHECK(std::abs(sd_log - kSd) < 4 * kSd / std::sqrt(2 * n));
  CHECK(std::abs(sum / n - 1.0) < 4 * std::sqrt(std::exp(kSd * kSd) - 1) / std::sqrt(n));

  const YearlyVariation none(Purpose("test.year"), 0.0);
  CHECK_FALSE(none.active());
  CHECK(none.factor(context, 0) == 1.0);
}
