// Costs read the right way round (analysis/cost_effectiveness.hpp): every
// quadrant of the cost-effectiveness plane from injected effects, the ratio
// only where it means something, net monetary benefit and the acceptability
// curve; and the pieces a comparison under parameter uncertainty adds (the
// pairs' own interval, the probability that B is better, the what-flips
// ranking).
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "analysis/cost_effectiveness.hpp"
#include "analysis/paired.hpp"
#include "analysis/what_flips.hpp"

using namespace wfsim;

namespace {

// n pairs with costs and effects centred on the given means, with a spread
// small enough that every pair falls in the means' quadrant.
struct Pairs {
  std::vector<double> cost, gain;
};

Pairs around(double cost, double gain, int n = 20) {
  Pairs pairs;
  for (int i = 0; i < n; ++i) {
    const double wobble = (i % 5 - 2) * 0.01;  // -0.02 .. 0.02, mean 0
    pairs.cost.push_back(cost * (1 + wobble));
    pairs.gain.push_back(gain * (1 - wobble));
  }
  return pairs;
}

CostEffectiveness evaluate(const Pairs& pairs, double willingness_to_pay = NAN) {
  return cost_effectiveness("leavers_avoided", "leavers avoided", 52, pairs.cost, pairs.gain,
                            willingness_to_pay, {});
}

double share(const CostEffectiveness& ce, Quadrant q) {
  return ce.probability[static_cast<std::size_t>(q)];
}

}  // namespace

TEST_CASE("cost-effectiveness: each quadrant from injected effects", "[cost_effectiveness]") {
  SECTION("b saves money and avoids leavers: b dominates, no ratio") {
    const CostEffectiveness ce = evaluate(around(-5000, 2));
    CHECK(ce.quadrant == Quadrant::b_dominates);
    CHECK(share(ce, Quadrant::b_dominates) == 1.0);
    CHECK(std::isnan(ce.icer));  // a negative ratio here would read as a cost
  }
  SECTION("b costs more and loses leavers: b dominated, no ratio") {
    const CostEffectiveness ce = evaluate(around(5000, -2));
    CHECK(ce.quadrant == Quadrant::b_dominated);
    CHECK(share(ce, Quadrant::b_dominated) == 1.0);
    CHECK(std::isnan(ce.icer));
  }
  SECTION("b costs more and avoids more: the ratio is the price per leaver avoided") {
    const CostEffectiveness ce = evaluate(around(6000, 2));
    CHECK(ce.quadrant == Quadrant::b_costs_more_achieves_more);
    CHECK(share(ce, Quadrant::b_costs_more_achieves_more) == 1.0);
    // mean cost / mean effect: the wobbles cancel in both means.
    CHECK(ce.icer == Approx(3000).epsilon(1e-12));
    CHECK(ce.icer_low <= ce.icer);
    CHECK(ce.icer <= ce.icer_high);
  }
  SECTION("b saves money and avoids fewer: the ratio is the saving per leaver lost") {
    const CostEffectiveness ce = evaluate(around(-6000, -3));
    CHECK(ce.quadrant == Quadrant::b_costs_less_achieves_less);
    CHECK(share(ce, Quadrant::b_costs_less_achieves_less) == 1.0);
    CHECK(ce.icer == Approx(2000).epsilon(1e-12));
  }
  SECTION("identical arms: no difference, every share but that one zero") {
    const CostEffectiveness ce =
        evaluate(Pairs{std::vector<double>(8, 0.0), std::vector<double>(8, 0.0)});
    CHECK(ce.quadrant == Quadrant::no_difference);
    CHECK(share(ce, Quadrant::no_difference) == 1.0);
    CHECK(share(ce, Quadrant::b_dominates) == 0.0);
  }
}

TEST_CASE("cost-effectiveness: shares of pairs, ties and a mixed cloud", "[cost_effectiveness]") {
  // Four pairs, one in each trade-off quadrant, and ties on an axis: the
  // shares count pairs exactly and sum to 1.
  const std::vector<double> cost{-1, 1, 1, -1, 0, 2};
  const std::vector<double> gain{1, -1, 1, -1, 1, 0};
  const CostEffectiveness ce =
      cost_effectiveness("x", "x", 52, cost, gain, std::numeric_limits<double>::quiet_NaN(), {});
  // (-1, 1) and (0, 1) dominate; (1, -1) and (2, 0) are dominated.
  CHECK(share(ce, Quadrant::b_dominates) == Approx(2.0 / 6));
  CHECK(share(ce, Quadrant::b_dominated) == Approx(2.0 / 6));
  CHECK(share(ce, Quadrant::b_costs_more_achieves_more) == Approx(1.0 / 6));
  CHECK(share(ce, Quadrant::b_costs_less_achieves_less) == Approx(1.0 / 6));
  double total = 0;
  for (double p : ce.probability) total += p;
  CHECK(total == Approx(1.0));
  // Means: cost 1/3, effect 1/3: costs more, achieves more; but the effect
  // is not clearly away from zero (Fieller unbounded), so no ratio.
  CHECK(ce.quadrant == Quadrant::b_costs_more_achieves_more);
  CHECK(std::isnan(ce.icer));
}

TEST_CASE("cost-effectiveness: net monetary benefit and the acceptability curve",
          "[cost_effectiveness]") {
  // NMB_i = lambda effect_i - cost_i, so its mean is lambda mean(effect) -
  // mean(cost); the curve is the share of pairs with NMB > 0 at each lambda.
  const std::vector<double> cost{1000, 3000, 5000, 7000};
  const std::vector<double> gain{1, 1, 1, 1};
  const CostEffectiveness ce = cost_effectiveness("x", "x", 52, cost, gain, 4000.0, {});
  CHECK(ce.net_benefit.difference == Approx(4000 - 4000).margin(1e-9));
  CHECK(ce.probability_net_benefit == 0.5);  // 1000 and 3000 are below 4000
  const std::vector<double>& grid = acceptability_grid();
  REQUIRE(ce.acceptability.size() == grid.size());
  for (std::size_t i = 0; i < grid.size(); ++i) {
    int positive = 0;
    for (double c : cost) positive += grid[i] - c > 0;
    CHECK(ce.acceptability[i] == positive / 4.0);
  }
  CHECK(ce.acceptability.front() == 0.0);  // at 0 only savings count, and there are none
  CHECK(ce.acceptability.back() == 1.0);
  // Without a stated value there is no net benefit, but still a curve.
  const CostEffectiveness unstated =
      cost_effectiveness("x", "x", 52, cost, gain, std::numeric_limits<double>::quiet_NaN(), {});
  CHECK(std::isnan(unstated.net_benefit.difference));
  CHECK(unstated.acceptability == ce.acceptability);
}

TEST_CASE("paired: the pairs' own interval and the probability that b is better", "[compare]") {
  std::vector<double> a(101, 0.0), b(101);
  for (int i = 0; i <= 100; ++i) b[static_cast<std::size_t>(i)] = i - 20.0;  // -20 .. 80
  IntervalOptions pairs;
  pairs.method = IntervalMethod::pairs;
  const PairedInterval d = paired_difference(a, b, pairs);
  // Type-7 quantiles of -20..80 at 2.5 % and 97.5 %: positions 2.5 and 97.5.
  CHECK(d.low == Approx(-17.5));
  CHECK(d.high == Approx(77.5));
  CHECK(d.difference == Approx(30));
  // Less is better by default: 20 pairs below zero, one tie (counts half).
  CHECK(d.probability_better == Approx(20.5 / 101));
  const PairedInterval higher = paired_difference(a, b, pairs, true);
  CHECK(higher.probability_better == Approx(80.5 / 101));
}

TEST_CASE("what flips: ranked by swing, and only a clear change of sign is a flip", "[compare]") {
  FlipScreen screen{"burnout_mean", "mean burnout", false, 156, -0.5, {}};
  std::vector<FlipRow> rows{
      // parameter, low, high, b - a at low, at high, intervals at low, at high
      {"small", 0, 1, -0.45, -0.55, -0.6, -0.3, -0.7, -0.4, false},
      {"flips", 0, 1, 0.6, -1.2, 0.4, 0.8, -1.4, -1.0, false},
      {"noisy", 0, 1, 0.05, -0.9, -0.1, 0.2, -1.1, -0.7, false},  // above zero, not clearly
  };
  rank_flips(screen, rows);
  REQUIRE(screen.rows.size() == 3);
  CHECK(screen.rows[0].parameter == "flips");  // swing 1.8
  CHECK(screen.rows[1].parameter == "noisy");  // swing 0.95
  CHECK(screen.rows[2].parameter == "small");  // swing 0.1
  CHECK(screen.rows[0].flips);
  CHECK_FALSE(screen.rows[1].flips);
  CHECK_FALSE(screen.rows[2].flips);
  // A zero difference has no sign to flip.
  FlipScreen zero{"caseload_mean", "caseload", false, 156, 0.0, {}};
  rank_flips(zero, rows);
  for (const FlipRow& row : zero.rows) CHECK_FALSE(row.flips);
}
