// Sickness absence: a spell starts with a weekly hazard that rises with
// burnout and ends with a constant weekly probability (geometric spells).
//   start hazard = base_hazard x exp(burnout_log_hr x (burnout - 50) / 10)
// The absent are not at work: they carry none of this week's team work and
// have no contact; their burnout recovers (models/burnout.cpp).
#include <cmath>
#include <memory>

#include "sim/context.hpp"
#include "sim/org_parameters.hpp"
#include "sim/per_post_process.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kAbsence{"absence"};

class Absence final : public PerPostProcess {
 public:
  explicit Absence(const Scenario& scenario)
      : base_hazard_(per_organisation(scenario, "absence.base_weekly_hazard")),
        burnout_log_hr_(scenario.parameters.real("absence.burnout_log_hr_per_10")),
        end_probability_(1.0 / scenario.parameters.real("absence.mean_spell_weeks")) {}

  std::string_view name() const override { return "absence"; }
  Phase phase() const override { return Phase::absence; }
  ColumnAccess access() const override { return {{"occupancy", "burnout"}, {"absent"}, {}, false}; }

  void step_posts(WeekContext& context, IndexRange chunk) const override {
    ReplicateState& s = context.state();
    const PostDraws draws(context, chunk, kAbsence);
    for (std::uint32_t post = chunk.first; post < chunk.end(); ++post) {
      if (s.occupancy[post] == Occupancy::vacant) continue;
      if (s.absent[post]) {
        if (draws[post].bernoulli(end_probability_)) s.absent[post] = 0;
        continue;
      }
      const double hazard = base_hazard_[context.world().posts.org[post]] *
                            std::exp(burnout_log_hr_ * (s.burnout.current[post] - 50.0) / 10.0);
      if (draws[post].bernoulli(hazard)) s.absent[post] = 1;
    }
  }

 private:
  std::vector<double> base_hazard_;
  double burnout_log_hr_;
  double end_probability_;
};

}  // namespace

const ProcessRegistrar kRegister{[] {
  using K = ParameterSpec::Kind;
  return ProcessRegistration{
      "absence",
      Phase::absence,
      mechanism_switch("absence", "nobody is ever absent"),
      {{"absence.base_weekly_hazard", K::real, 0.016, 0.0, 1.0, "1/week",
        "weekly probability that a sickness spell starts, at burnout 50",
        "derived: 2-week spells at this rate lose ~3.2 % of days, the DfE CSWW 2021-2024 "
        "absence rate (3.1-3.5 %)",
        Scope::organisation},
       {"absence.burnout_log_hr_per_10", K::real, 0.22, 0.0, 5.0, "log hazard ratio per 10 points",
        "rise in the log start hazard per 10 points of burnout",
        "derived: PUMA study, 13.9 vs 6.0 days a year in the top vs bottom work-burnout "
        "quartile (ratio 2.3 over ~38 points)"},
       {"absence.mean_spell_weeks", K::real, 2.0, 1.0, 104.0, "weeks",
        "mean length of a sickness spell", "assumed"}},
      [](const Scenario& s) { return std::make_unique<Absence>(s); }};
}()};

}  // namespace wfsim::model
