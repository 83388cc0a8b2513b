// Burnout (job demands-resources; Bakker, Demerouti & Euwema 2005): each week
// burnout moves a fraction `relaxation_rate` of the way towards a target set
// by the person's resting level, raised by demand beyond a manageable
// caseload, lowered by supervision received (a resource), and pulled towards
// close colleagues' burnout (crossover; Bakker, Le Blanc & Schaufeli 2005).
// An absent week is recovery: the target is the resting level.
//
//   target = set_point + demand_effect * (pressure - 1)
//            - support_effect * (supervision_hours / expected - 1)
//            + crossover * (colleagues' contact-weighted mean - burnout)
//   burnout' = clamp(burnout + relaxation_rate * (target - burnout), 0, 100)
//
// With demand, support and crossover switched off this is the closed-form
// relaxation b_t = s + (b_0 - s)(1 - r)^t (model.md limiting case).
#include <algorithm>
#include <memory>

#include "context.hpp"
#include "neighbours.hpp"
#include "processes.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kInitial{"burnout.initial"};
constexpr Purpose kSetPoint{"burnout.set_point"};

float clamp_scale(double value) {
  return static_cast<float>(std::clamp(value, 0.0, 100.0));
}

class Burnout final : public Process {
 public:
  explicit Burnout(const ParameterValues& p)
      : initial_mean_(p.real("burnout.initial_mean")),
        initial_sd_(p.real("burnout.initial_sd")),
        set_point_mean_(p.real("burnout.set_point_mean")),
        set_point_sd_(p.real("burnout.set_point_sd")),
        rate_(p.real("burnout.relaxation_rate")),
        demand_effect_(p.real("burnout.demand_effect")),
        support_effect_(p.real("burnout.support_effect")),
        crossover_(p.real("burnout.crossover")),
        expected_supervision_(p.real("contact.supervision_hours_per_week")) {}

  std::string_view name() const override { return "burnout"; }
  Phase phase() const override { return Phase::burnout; }

  void arrive(WeekContext& context, std::uint32_t post) const override {
    ReplicateState& s = context.state();
    RandomStream initial = context.stream(post, kInitial);
    RandomStream set_point = context.stream(post, kSetPoint);
    s.burnout.current[post] = clamp_scale(initial.normal(initial_mean_, initial_sd_));
    s.burnout_set_point[post] = clamp_scale(set_point.normal(set_point_mean_, set_point_sd_));
  }

  void step(WeekContext& context) const override {
    const World& world = context.world();
    ReplicateState& s = context.state();
    const std::vector<float>& last_week = s.burnout.previous;
    const NeighbourSums colleagues(context,
                                   [&](std::uint32_t other) { return double{last_week[other]}; });
    context.for_each_post([&](std::uint32_t post) {
      if (s.occupancy[post] == Occupancy::vacant) return;
      const double burnout = last_week[post];
      double target = s.burnout_set_point[post];
      if (!s.absent[post]) {
        target += demand_effect_ * (s.pressure[post] - 1.0);
        if (expected_supervision_ > 0.0 && world.posts.role[post] != Role::team_manager) {
          target -= support_effect_ * (s.supervision_hours[post] / expected_supervision_ - 1.0);
        }
        if (crossover_ > 0.0) {
          const NeighbourSum near = colleagues.at(post);
          if (near.contact > 0.0) target += crossover_ * (near.mean() - burnout);
        }
      }
      s.burnout.current[post] = clamp_scale(burnout + rate_ * (target - burnout));
    });
  }

 private:
  double initial_mean_, initial_sd_, set_point_mean_, set_point_sd_;
  double rate_, demand_effect_, support_effect_, crossover_, expected_supervision_;
};

}  // namespace

ProcessRegistration burnout_process() {
  using K = ParameterSpec::Kind;
  return {"burnout",
          "burnout",
          {{"burnout.initial_mean", K::real, 48.0, 0.0, 100.0, "CBI points",
            "mean burnout of a practitioner on arrival (and at week 0)",
            "assumed: near the CBI high-burnout threshold of 50, as 51-60 % of LA social "
            "workers report being stressed by their job (DfE longitudinal study 2018-2020)"},
           {"burnout.initial_sd", K::real, 15.0, 0.0, 50.0, "CBI points",
            "between-person spread of burnout on arrival", "assumed"},
           {"burnout.set_point_mean", K::real, 45.0, 0.0, 100.0, "CBI points",
            "mean resting burnout level (neutral demand, expected supervision)", "assumed"},
           {"burnout.set_point_sd", K::real, 12.0, 0.0, 50.0, "CBI points",
            "between-person spread of resting burnout", "assumed"},
           {"burnout.relaxation_rate", K::real, 0.1, 0.0, 1.0, "1/week",
            "fraction of the gap to the target closed each week", "assumed"},
           {"burnout.demand_effect", K::real, 15.0, 0.0, 100.0, "CBI points per unit pressure",
            "rise in target burnout per unit of pressure above a manageable caseload",
            "assumed; direction from job demands-resources (Bakker et al. 2005)"},
           {"burnout.support_effect", K::real, 5.0, 0.0, 100.0, "CBI points",
            "fall in target burnout from receiving the expected supervision (rise without it)",
            "assumed; direction from Bakker et al. 2005 (resources buffer demands)"},
           {"burnout.crossover", K::real, 0.1, 0.0, 1.0, "per week",
            "pull of the target towards colleagues' contact-weighted mean burnout",
            "assumed; direction from Bakker, Le Blanc & Schaufeli 2005"}},
          [](const Scenario& s) { return std::make_unique<Burnout>(s.parameters); }};
}

}  // namespace wfsim::model
