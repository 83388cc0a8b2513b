// Leaving: each practitioner in post leaves with a weekly hazard.
//   employed: h = h0 * exp(burnout_log_hr * (burnout - 50) / 10) * (new_starter_hr if tenure < 2
//   years) agency:   h = h0_agency
// where h0 = 1 - (1 - annual_rate)^(1/52). With `leaving.modifiers: false` the
// hazard is exactly h0 (agency: h0_agency), giving geometric survival.
#include <cmath>
#include <memory>

#include "context.hpp"
#include "processes.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kLeaving{"leaving"};
constexpr std::int32_t kNewStarterWeeks = 104;  // "under 2 years' service" (DfE CSWW)

double weekly_hazard(double annual_probability) {
  return 1.0 - std::pow(1.0 - annual_probability, 1.0 / 52.0);
}

class Leaving final : public Process {
 public:
  explicit Leaving(const ParameterValues& p)
      : employed_hazard_(weekly_hazard(p.real("leaving.annual_rate"))),
        agency_hazard_(weekly_hazard(p.real("leaving.agency_annual_rate"))),
        modifiers_(p.boolean("leaving.modifiers")),
        burnout_log_hr_(p.real("leaving.burnout_log_hr_per_10")),
        new_starter_hr_(p.real("leaving.new_starter_hr")) {}

  std::string_view name() const override { return "leaving"; }
  Phase phase() const override { return Phase::leaving; }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    context.for_each_post([&](std::uint32_t post) {
      const Occupancy occupancy = s.occupancy[post];
      if (occupancy == Occupancy::vacant) return;
      double hazard = occupancy == Occupancy::agency ? agency_hazard_ : employed_hazard_;
      if (modifiers_ && occupancy == Occupancy::employed) {
        hazard *= std::exp(burnout_log_hr_ * (s.burnout.current[post] - 50.0) / 10.0);
        if (s.tenure_weeks[post] < kNewStarterWeeks) hazard *= new_starter_hr_;
      }
      RandomStream draw = context.stream(post, kLeaving);
      if (draw.bernoulli(hazard)) context.depart(post);
    });
  }

 private:
  double employed_hazard_;
  double agency_hazard_;
  bool modifiers_;
  double burnout_log_hr_;
  double new_starter_hr_;
};

}  // namespace

ProcessRegistration leaving_process() {
  using K = ParameterSpec::Kind;
  return {
      "leaving",
      "leaving",
      {{"leaving.annual_rate", K::real, 0.14, 0.0, 1.0, "1/year",
        "annual leaving probability of an employed practitioner when every modifier is neutral",
        "assumed starting value below the DfE CSWW 2021-2024 turnover (13.9-17.2 %), since the "
        "new-starter and burnout modifiers raise the realised rate"},
       {"leaving.modifiers", K::boolean, 1.0, 0.0, 1.0, "",
        "false makes the hazard exactly constant (geometric survival)", "contract.md"},
       {"leaving.agency_annual_rate", K::real, 0.6, 0.0, 1.0, "1/year",
        "annual probability that an agency worker leaves the post",
        "assumed (agency workers leave sooner)"},
       {"leaving.burnout_log_hr_per_10", K::real, 0.2, 0.0, 5.0, "log hazard ratio per 10 points",
        "rise in the log leaving hazard per 10 points of burnout above 50", "assumed"},
       {"leaving.new_starter_hr", K::real, 1.5, 0.1, 10.0, "hazard ratio",
        "leaving hazard ratio in the first two years in post",
        "assumed; DfE CSWW: 35 % of 2019 leavers had under 2 years' service"}},
      [](const Scenario& s) { return std::make_unique<Leaving>(s.parameters); }};
}

}  // namespace wfsim::model
