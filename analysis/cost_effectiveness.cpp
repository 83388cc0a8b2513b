#include "analysis/cost_effectiveness.hpp"

#include <cmath>
#include <limits>

#include "sim/random.hpp"

namespace wfsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The mean of `values` with its interval: a paired difference from zero.
PairedInterval mean_of(const std::vector<double>& values, const IntervalOptions& interval,
                       std::uint32_t stream) {
  IntervalOptions options = interval;
  options.stream = stream;
  return paired_difference(std::vector<double>(values.size(), 0.0), values, options, true);
}

double share_positive(const std::vector<double>& cost, const std::vector<double>& gain,
                      double willingness_to_pay) {
  int positive = 0;
  for (std::size_t i = 0; i < cost.size(); ++i)
    positive += willingness_to_pay * gain[i] - cost[i] > 0 ? 1 : 0;
  return static_cast<double>(positive) / static_cast<double>(cost.size());
}

}  // namespace

const std::vector<std::string>& quadrant_names() {
  static const std::vector<std::string> names{"b_dominates", "b_dominated",
                                              "b_costs_more_achieves_more",
                                              "b_costs_less_achieves_less", "no_difference"};
  return names;
}

Quadrant quadrant_of(double extra_cost, double effect) {
  if (extra_cost == 0.0 && effect == 0.0) return Quadrant::no_difference;
  if (extra_cost <= 0.0 && effect >= 0.0) return Quadrant::b_dominates;
  if (extra_cost >= 0.0 && effect <= 0.0) return Quadrant::b_dominated;
  return extra_cost > 0.0 ? Quadrant::b_costs_more_achieves_more
                          : Quadrant::b_costs_less_achieves_less;
}

const std::vector<double>& acceptability_grid() {
  static const std::vector<double> grid = [] {
    std::vector<double> values;
    for (int step = 0; step <= 40; ++step) values.push_back(2500.0 * step);
    return values;
  }();
  return grid;
}

CostEffectiveness cost_effectiveness(const std::string& effect, const std::string& label, int week,
                                     const std::vector<double>& extra_cost,
                                     const std::vector<double>& gain, double willingness_to_pay,
                                     const IntervalOptions& interval) {
  std::vector<double> cost, achieved;
  for (std::size_t i = 0; i < std::min(extra_cost.size(), gain.size()); ++i) {
    if (!std::isfinite(extra_cost[i]) || !std::isfinite(gain[i])) continue;
    cost.push_back(extra_cost[i]);
    achieved.push_back(gain[i]);
  }
  CostEffectiveness out;
  out.effect = effect;
  out.label = label;
  out.week = week;
  // Distinct bootstrap streams for the three means drawn from the same pairs.
  out.cost = mean_of(cost, interval, interval.stream ^ fnv1a("extra cost"));
  out.gain = mean_of(achieved, interval, interval.stream ^ fnv1a("effect"));
  out.quadrant = quadrant_of(out.cost.difference, out.gain.difference);
  for (std::size_t i = 0; i < cost.size(); ++i)
    out.probability[static_cast<std::size_t>(quadrant_of(cost[i], achieved[i]))] += 1.0;
  for (double& p : out.probability) p = cost.empty() ? kNaN : p / static_cast<double>(cost.size());

  out.icer = out.icer_low = out.icer_high = kNaN;
  const bool trades = out.quadrant == Quadrant::b_costs_more_achieves_more ||
                      out.quadrant == Quadrant::b_costs_less_achieves_less;
  if (trades) {
    const RatioInterval ratio = paired_ratio(cost, achieved, interval.level);
    // Unbounded means the effect is not clearly away from zero, where the
    // ratio says nothing.
    if (ratio.bounded) {
      out.icer = ratio.ratio;
      out.icer_low = ratio.low;
      out.icer_high = ratio.high;
    }
  }

  out.willingness_to_pay = willingness_to_pay;
  out.net_benefit = PairedInterval{kNaN, kNaN, kNaN, kNaN, kNaN, 0, kNaN};
  out.probability_net_benefit = kNaN;
  if (std::isfinite(willingness_to_pay) && !cost.empty()) {
    std::vector<double> benefit(cost.size());
    for (std::size_t i = 0; i < cost.size(); ++i)
      benefit[i] = willingness_to_pay * achieved[i] - cost[i];
    out.net_benefit = mean_of(benefit, interval, interval.stream ^ fnv1a("net benefit"));
    out.probability_net_benefit = share_positive(cost, achieved, willingness_to_pay);
  }
  for (double lambda : acceptability_grid())
    out.acceptability.push_back(cost.empty() ? kNaN : share_positive(cost, achieved, lambda));
  return out;
}

}  // namespace wfsim
