// The limiting cases of model.md with known answers.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "tests/model_harness.hpp"

using namespace wfsim;

namespace {

// Sample standard error of the ensemble mean of a whole-system metric at one week.
double standard_error(const SeriesTable& series, std::size_t metric, int week, double mean) {
  double squares = 0;
  for (int r = 0; r < series.replicates(); ++r)
    squares += std::pow(series.at(0, metric, r, week) - mean, 2);
  return std::sqrt(squares / (series.replicates() - 1) / series.replicates());
}

}  // namespace

TEST_CASE("constant leaving hazard without recruitment gives geometric survival", "[limiting]") {
  // N0 posts all filled; each leaves independently with weekly probability
  // h = 1 - (1 - a)^(1/52), so headcount at week t is Binomial(N0, S_t) with
  // S_t = (1 - h)^t: mean N0 S_t, SE of the ensemble mean sqrt(N0 S_t (1 - S_t) / R).
  constexpr int kTeams = 50, kSize = 20, kReplicates = 40, kWeeks = 104;
  constexpr double kAnnualRate = 0.2;
  const Scenario scenario = test::scenario_from_yaml(
      test::minimal_scenario(kTeams, kSize, "workplace"),
      {"mechanisms.leaving=true", "parameters.leaving.modifiers=false",
       "parameters.leaving.annual_rate=0.2", "parameters.workforce.initial_vacancy_rate=0",
       "replicates=40", "weeks=104"});
  const SeriesTable series = test::run_scenario(scenario).series;
  const std::vector<double> headcount = test::mean_series(series, "headcount");
  const double n0 = kTeams * kSize;
  const double h = 1.0 - std::pow(1.0 - kAnnualRate, 1.0 / 52.0);
  REQUIRE(headcount[0] == n0);
  for (int week = 1; week <= kWeeks; ++week) {
    const double survival = std::pow(1.0 - h, week);
    const double se = std::sqrt(n0 * survival * (1 - survival) / kReplicates);
    INFO("week " << week);
    CHECK(std::abs(headcount[static_cast<std::size_t>(week)] - n0 * survival) <= 3 * se);
  }
}

namespace {

SeriesTable run_bass(int n, double p, double q, int replicates, int weeks) {
  const std::string yaml =
      test::minimal_scenario(1, n, "complete") +
      fmt::format("evidence:\n  - {{id: item, type: published, p: {}, q: {}, contagion: simple}}\n",
                  p, q);
  return test::run_scenario(
             test::scenario_from_yaml(
                 yaml, {"mechanisms.uptake=true", "parameters.uptake.modifiers=false",
                        fmt::format("replicates={}", replicates), fmt::format("weeks={}", weeks)}))
      .series;
}

}  // namespace

TEST_CASE("simple contagion adopts with probability exactly p + q x share", "[limiting]") {
  // Given U users among N (everyone present, nobody leaves), the N - U others
  // adopt independently with probability pi = p + q U / (N - 1) (their
  // contacts exclude themselves), so the week's adopters are Binomial(N - U, pi).
  // Standardised over all replicates of a week, Z_t = sum(dU - m) / sqrt(sum v)
  // is ~N(0, 1), and the Z_t of different weeks are uncorrelated (martingale
  // differences). Bounds: |Z_t| < 4 at each of up to 60 weeks (chance of a false
  // alarm 60 x 6.3e-5 = 0.4 %), and |sum Z_t / sqrt(weeks)| < 3. Weeks after
  // saturation carry no information and are skipped.
  constexpr int kN = 2000, kReplicates = 30, kWeeks = 60;
  for (auto [p, q] : {std::pair{0.01, 0.1}, std::pair{0.003, 0.3}}) {
    const SeriesTable series = run_bass(kN, p, q, kReplicates, kWeeks);
    const std::size_t metric = series.metric_index("uptake/item");
    double z_sum = 0.0;
    int informative_weeks = 0;
    for (int week = 0; week < kWeeks; ++week) {
      double deviation = 0.0, variance = 0.0;
      for (int r = 0; r < kReplicates; ++r) {
        const double users = std::round(series.at(0, metric, r, week) * kN);
        const double adopters = std::round(series.at(0, metric, r, week + 1) * kN) - users;
        const double probability = p + q * users / (kN - 1);
        deviation += adopters - (kN - users) * probability;
        variance += (kN - users) * probability * (1 - probability);
      }
      INFO("p " << p << " q " << q << " week " << week + 1);
      if (variance == 0.0) {  // everyone already uses it: nothing can happen
        CHECK(deviation == 0.0);
        continue;
      }
      const double z = deviation / std::sqrt(variance);
      CHECK(std::abs(z) < 4.0);
      z_sum += z;
      ++informative_weeks;
    }
    INFO("p " << p << " q " << q);
    CHECK(std::abs(z_sum / std::sqrt(static_cast<double>(informative_weeks))) < 3.0);
  }
}

TEST_CASE("simple contagion on a complete graph follows the discrete Bass recurrence",
          "[limiting]") {
  // F(t+1) = F(t) + (1 - F(t)) (p + q F(t)) is the N -> infinity limit. At
  // finite N the mean lags it by about q Var(F) each week (Jensen), and Var(F)
  // scales as 1/N: at N = 2,000 that lag is ~3 standard errors (checked by
  // hand), at N = 50,000 it is ~0.1 SE. The check: the ensemble mean of R = 10
  // replicates lies within 3 sample standard errors at every week.
  constexpr int kN = 50000, kReplicates = 10, kWeeks = 60;
  for (auto [p, q] : {std::pair{0.01, 0.1}, std::pair{0.003, 0.3}}) {
    const SeriesTable series = run_bass(kN, p, q, kReplicates, kWeeks);
    const std::size_t metric = series.metric_index("uptake/item");
    const std::vector<double> share = test::mean_series(series, "uptake/item");
    double bass = 0.0;
    REQUIRE(share[0] == 0.0);
    for (int week = 1; week <= kWeeks; ++week) {
      bass += (1 - bass) * (p + q * bass);
      const double mean = share[static_cast<std::size_t>(week)];
      INFO("p " << p << " q " << q << " week " << week << " simulated " << mean << " Bass "
                << bass);
      // Near saturation every replicate can reach exactly 1 and the sample SE
      // collapses to 0; the binomial sampling SE of a share of N people,
      // sqrt(F (1 - F) / (N R)), is the floor below which no estimate is exact.
      const double floor = std::sqrt(bass * (1 - bass) / (kN * kReplicates));
      CHECK(std::abs(mean - bass) <=
            3 * std::max(standard_error(series, metric, week, mean), floor));
    }
    CHECK(share.back() > 0.5);  // the run covers the whole S-curve, not just its foot
  }
}

TEST_CASE("burnout without demand, resources, contagion, efficacy or rest relaxes in closed form",
          "[limiting]") {
  // b(t+1) = b(t) + r (s - b(t))  =>  b(t) = s + (b0 - s)(1 - r)^t, exactly;
  // the only error is float rounding (24-bit mantissa, ~1e-5 relative over
  // 100 steps), so the tolerance is 1e-3 points on a 0-100 scale.
  const Scenario scenario = test::scenario_from_yaml(
      test::minimal_scenario(3, 8, "workplace"),
      {"mechanisms.burnout=true", "parameters.burnout.initial_mean=80",
       "parameters.burnout.initial_sd=0", "parameters.burnout.set_point_mean=30",
       "parameters.burnout.set_point_sd=0", "parameters.burnout.relaxation_rate=0.1",
       "parameters.burnout.support_effect=0", "parameters.burnout.crossover=0",
       "parameters.burnout.efficacy_effect=0", "parameters.burnout.rest_recovery=0",
       "parameters.workforce.initial_vacancy_rate=0", "weeks=100"});
  const std::vector<double> burnout =
      test::mean_series(test::run_scenario(scenario).series, "burnout_mean");
  for (int week = 0; week <= 100; ++week) {
    INFO("week " << week);
    CHECK(burnout[static_cast<std::size_t>(week)] ==
          Approx(30 + 50 * std::pow(0.9, week)).margin(1e-3));
  }
}
