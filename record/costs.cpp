#include "record/costs.hpp"

#include "sim/world.hpp"

namespace wfsim {

namespace {

constexpr double kWeeksPerYear = 52.0;

// Each organisation's share of a cost borne by the organisations `spec`
// targets: all of it for a named organisation, else a share by funded FTE.
std::vector<double> organisation_shares(const InterventionSpec& spec, const World& world) {
  std::vector<double> fte(world.orgs.size(), 0.0);
  for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
    const std::uint32_t org = world.posts.org[post];
    if (spec.target.org.empty() || world.orgs.id[org] == spec.target.org)
      fte[org] += world.posts.fte[post];
  }
  double total = 0.0;
  for (const double value : fte) total += value;
  for (double& value : fte) value /= total;
  return fte;
}

}  // namespace

CostRates build_cost_rates(const World& world) {
  const ParameterValues& costs = world.cost_prices.values;
  CostRates rates;
  rates.salary_per_week.resize(world.posts.size());
  for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
    const double per_year =
        costs.real("salary_per_year." + name_of(world.posts.role[post], role_names()));
    rates.salary_per_week[post] = per_year * world.posts.fte[post] / kWeeksPerYear;
  }
  rates.agency_premium_per_fte_week = costs.real("agency_premium_per_day") * kWorkingDaysPerWeek;
  rates.recruitment_per_hire = costs.real("recruitment_per_hire");
  rates.sickness_per_fte_week = costs.real("sickness_per_day") * kWorkingDaysPerWeek;
  for (const InterventionSpec& spec : world.interventions) {
    const std::string key = "interventions." + spec.type + ".";
    InterventionCostRate rate{spec, costs.real(key + "per_participant_per_week"),
                              organisation_shares(spec, world)};
    for (double& share : rate.fixed_by_org) share *= costs.real(key + "fixed_per_week");
    rates.interventions.push_back(std::move(rate));
  }
  return rates;
}

}  // namespace wfsim
