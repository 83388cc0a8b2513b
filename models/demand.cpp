// Demand: referrals arrive per team, cases close, and the team's open cases
// are carried by the case holders at work this week. Absence, vacancies,
// uncovered posts and days off push work onto present colleagues (the
// "time-pressure displaced to other team members" of seed 004 pilot 2):
//
//   capacity of a present case holder = FTE x (1 - duty_share + duty_share x days / 5)
//                                       x (1 - admin_share) / (1 - reference admin share)
//   pressure = min(open cases / team capacity / manageable caseload, max_pressure)
//
// Duty work needs someone there on the day, so a compressed day off moves it
// to colleagues; the rest of the caseload keeps its hours.
#include <cmath>
#include <memory>

#include "sim/context.hpp"
#include "sim/org_parameters.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kReferrals{"demand.referrals"};
constexpr Purpose kClosures{"demand.closures"};
constexpr double kStandardDays = 5.0;

class Demand final : public Process {
 public:
  explicit Demand(const Scenario& scenario)
      : target_caseload_(per_organisation(scenario, "demand.target_caseload")),
        referral_multiplier_(per_organisation(scenario, "demand.referral_multiplier")),
        manageable_caseload_(per_organisation(scenario, "demand.manageable_caseload")),
        reference_admin_(scenario.parameters.real("demand.admin_share")),
        closure_rate_(1.0 / scenario.parameters.real("demand.mean_case_weeks")),
        max_pressure_(scenario.parameters.real("demand.max_pressure")),
        duty_share_(scenario.parameters.real("demand.duty_share")) {}

  std::string_view name() const override { return "demand"; }
  Phase phase() const override { return Phase::demand; }
  ColumnAccess access() const override {
    return {{"occupancy", "working_days", "admin_share", "present", "burnout"},
            {"caseload", "pressure", "open_cases"},
            {},
            false};
  }

  void start(WeekContext& context) const override {
    ReplicateState& s = context.state();
    const Teams& teams = context.world().teams;
    context.for_each_team([&](std::uint32_t team) {
      s.open_cases[team] =
          std::llround(target_caseload_[teams.org[team]] * teams.case_holding_fte[team]);
      allocate(context, team);
    });
  }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    context.for_each_team([&](std::uint32_t team) {
      RandomStream closures = context.team_stream(team, kClosures);
      RandomStream referrals = context.team_stream(team, kReferrals);
      const std::int64_t closed = closures.binomial(s.open_cases[team], closure_rate_);
      s.open_cases[team] += referrals.poisson(inflow(context.world().teams, team)) - closed;
      allocate(context, team);
    });
  }

 private:
  // Steady-state open cases equal the target caseload per funded
  // case-holding FTE unless the scenario gives the team's referrals.
  double inflow(const Teams& teams, std::uint32_t team) const {
    const std::uint32_t org = teams.org[team];
    const double explicit_rate = teams.referrals_per_week[team];
    const double base = std::isnan(explicit_rate)
                            ? target_caseload_[org] * teams.case_holding_fte[team] * closure_rate_
                            : explicit_rate;
    return base * referral_multiplier_[org];
  }

  void allocate(WeekContext& context, std::uint32_t team) const {
    const World& world = context.world();
    ReplicateState& s = context.state();
    const std::uint32_t org = world.teams.org[team];
    const IndexRange posts = world.teams.posts[team];
    double holding_fte = 0.0, capacity = 0.0;
    for (std::uint32_t post = posts.first; post < posts.end(); ++post) {
      if (!world.posts.case_holder[post] || s.occupancy[post] == Occupancy::vacant) continue;
      holding_fte += world.posts.fte[post];
      if (!s.present[post]) continue;
      const double days = s.working_days[post] / kStandardDays;
      capacity += world.posts.fte[post] * (1.0 - duty_share_ + duty_share_ * days) *
                  (1.0 - s.admin_share[post]) / (1.0 - reference_admin_);
    }
    const double cases = static_cast<double>(s.open_cases[team]);
    const double held = holding_fte > 0.0 ? cases / holding_fte : 0.0;
    const double manageable = manageable_caseload_[org];
    // A team without case-holding posts (managers, administrators) carries
    // no caseload: neutral pressure. One whose case holders are all away
    // carries the most.
    double carried = max_pressure_ * manageable;
    if (world.teams.case_holding_fte[team] == 0.f) carried = manageable;
    if (capacity > 0.0) carried = cases / capacity;
    const auto pressure = static_cast<float>(std::min(carried / manageable, max_pressure_));
    for (std::uint32_t post = posts.first; post < posts.end(); ++post) {
      const bool holds = world.posts.case_holder[post] && s.occupancy[post] != Occupancy::vacant;
      s.caseload[post] = holds ? static_cast<float>(held * world.posts.fte[post]) : 0.f;
      s.pressure[post] = pressure;
    }
  }

  std::vector<double> target_caseload_, referral_multiplier_, manageable_caseload_;
  double reference_admin_;  // scenario-wide: an organisation's own admin share moves its capacity
  double closure_rate_;
  double max_pressure_;
  double duty_share_;
};

}  // namespace

const ProcessRegistrar kRegister{[] {
  using K = ParameterSpec::Kind;
  return ProcessRegistration{
      "demand",
      Phase::demand,
      mechanism_switch("demand",
                       "no referrals, closures or cases: caseloads are 0 and pressure stays at its "
                       "neutral value 1"),
      {{"demand.target_caseload", K::real, 16.0, 0.0, 200.0, "cases per case-holding FTE",
        "open cases per funded case-holding FTE that referrals sustain in steady state",
        "DfE CSWW caseload per case-holding FTE, 2021-2024 (16.3, 16.6, 16.0, 15.4)",
        Scope::organisation},
       {"demand.referral_multiplier", K::real, 1.0, 0.0, 100.0, "ratio",
        "scales every team's referral inflow (a what-if lever)", "neutral by definition",
        Scope::organisation},
       {"demand.mean_case_weeks", K::real, 26.0, 1.0, 520.0, "weeks",
        "mean time a case stays open (weekly closure probability = 1 / this)", "assumed"},
       {"demand.manageable_caseload", K::real, 16.0, 1.0, 200.0, "cases per present FTE",
        "caseload at which pressure is neutral (1); above it demand raises burnout",
        "assumed: set at the national mean, where about half report workload too high "
        "(DfE longitudinal study 2018-2020: 51-58 %)",
        Scope::organisation},
       {"demand.max_pressure", K::real, 3.0, 1.0, 100.0, "ratio",
        "cap on pressure when few or no case holders are present", "assumed"},
       {"demand.duty_share", K::real, 0.2, 0.0, 1.0, "share of work",
        "share of case work that needs someone at work on the day (duty), displaced onto "
        "colleagues on days off",
        "assumed; seed 004 pilot 2 (time pressure displaced to other team members)"}},
      [](const Scenario& s) { return std::make_unique<Demand>(s); }};
}()};

}  // namespace wfsim::model
