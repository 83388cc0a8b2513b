// Demand: referrals arrive per team, cases close, and the team's open cases
// are shared among the case holders who are at work this week. Absence,
// vacancies and uncovered posts push work onto present colleagues (the
// "time-pressure displaced to other team members" of seed 004 pilot 2).
#include <cmath>
#include <memory>

#include "context.hpp"
#include "processes.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kReferrals{"demand.referrals"};
constexpr Purpose kClosures{"demand.closures"};

class Demand final : public Process {
 public:
  explicit Demand(const ParameterValues& p)
      : target_caseload_(p.real("demand.target_caseload")),
        closure_rate_(1.0 / p.real("demand.mean_case_weeks")),
        manageable_caseload_(p.real("demand.manageable_caseload")),
        max_pressure_(p.real("demand.max_pressure")) {}

  std::string_view name() const override { return "demand"; }
  Phase phase() const override { return Phase::demand; }

  void start(WeekContext& context) const override {
    ReplicateState& s = context.state();
    const Teams& teams = context.world().teams;
    context.for_each_team([&](std::uint32_t team) {
      s.open_cases[team] = std::llround(target_caseload_ * teams.case_holding_fte[team]);
      allocate(context, team);
    });
  }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    context.for_each_team([&](std::uint32_t team) {
      RandomStream closures = context.stream(team, kClosures);
      RandomStream referrals = context.stream(team, kReferrals);
      const std::int64_t closed = closures.binomial(s.open_cases[team], closure_rate_);
      s.open_cases[team] += referrals.poisson(inflow(context.world().teams, team)) - closed;
      allocate(context, team);
    });
  }

 private:
  // Steady-state open cases equal the target caseload per case-holding FTE
  // unless the scenario gives the team's referrals explicitly.
  double inflow(const Teams& teams, std::uint32_t team) const {
    const double explicit_rate = teams.referrals_per_week[team];
    if (!std::isnan(explicit_rate)) return explicit_rate;
    return target_caseload_ * teams.case_holding_fte[team] * closure_rate_;
  }

  void allocate(WeekContext& context, std::uint32_t team) const {
    const World& world = context.world();
    ReplicateState& s = context.state();
    const IndexRange posts = world.teams.posts[team];
    double holding_fte = 0.0, present_fte = 0.0;
    for (std::uint32_t post = posts.first; post < posts.end(); ++post) {
      if (!world.posts.case_holder[post] || s.occupancy[post] == Occupancy::vacant) continue;
      holding_fte += world.posts.fte[post];
      if (s.present[post]) present_fte += world.posts.fte[post];
    }
    const double cases = static_cast<double>(s.open_cases[team]);
    const double held = holding_fte > 0.0 ? cases / holding_fte : 0.0;
    // Work is done by those present: the team's pressure is what each present
    // case holder must carry, relative to a manageable caseload.
    const double carried =
        present_fte > 0.0 ? cases / present_fte : max_pressure_ * manageable_caseload_;
    const float pressure =
        static_cast<float>(std::min(carried / manageable_caseload_, max_pressure_));
    for (std::uint32_t post = posts.first; post < posts.end(); ++post) {
      const bool holds = world.posts.case_holder[post] && s.occupancy[post] != Occupancy::vacant;
      s.caseload[post] = holds ? static_cast<float>(held * world.posts.fte[post]) : 0.f;
      s.pressure[post] = pressure;
    }
  }

  double target_caseload_;
  double closure_rate_;
  double manageable_caseload_;
  double max_pressure_;
};

}  // namespace

ProcessRegistration demand_process() {
  return {"demand",
          "demand",
          {{"demand.target_caseload", ParameterSpec::Kind::real, 16.0, 0.0, 200.0,
            "cases per case-holding FTE",
            "open cases per funded case-holding FTE that referrals sustain in steady state",
            "DfE CSWW caseload per case-holding FTE, 2021-2024 (16.3, 16.6, 16.0, 15.4)"},
           {"demand.mean_case_weeks", ParameterSpec::Kind::real, 26.0, 1.0, 520.0, "weeks",
            "mean time a case stays open (weekly closure probability = 1 / this)", "assumed"},
           {"demand.manageable_caseload", ParameterSpec::Kind::real, 16.0, 1.0, 200.0,
            "cases per present FTE",
            "caseload at which pressure is neutral (1); above it demand raises burnout",
            "assumed: set at the national mean, where about half report workload too high "
            "(DfE longitudinal study 2018-2020: 51-58 %)"},
           {"demand.max_pressure", ParameterSpec::Kind::real, 3.0, 1.0, 100.0, "ratio",
            "cap on pressure when few or no case holders are present", "assumed"}},
          [](const Scenario& s) { return std::make_unique<Demand>(s.parameters); }};
}

}  // namespace wfsim::model
