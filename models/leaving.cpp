// Leaving. Each week an employed practitioner's intention to leave follows
// their burnout,
//   intention = logistic(intention_intercept + intention_slope x (burnout - 50) / 10),
// and they leave with weekly hazard
//   h = h0 x exp(intention_log_hr x (intention - intention_reference))
//         x (new_starter_hr if under 2 years' service) x exp(-recognition_log_hr x recognition)
//       + retirement hazard once aged retirement_age or more,
// where h0 = 1 - (1 - annual_rate)^(1/52), times the organisation's factor
// for the year (sim/yearly_variation.hpp; 1 unless year_to_year_sd > 0). Agency workers leave with
// their own constant hazard. With `leaving.modifiers: false` both hazards are exactly h0 (agency:
// its own rate), with no retirement: geometric survival.
#include <cmath>
#include <memory>

#include "sim/context.hpp"
#include "sim/org_parameters.hpp"
#include "sim/per_post_process.hpp"
#include "sim/registry.hpp"
#include "sim/yearly_variation.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kLeaving{"leaving"};
constexpr Purpose kLeavingYear{"leaving.year"};
constexpr std::int32_t kNewStarterWeeks = 104;  // "under 2 years' service" (DfE CSWW)
constexpr float kWeeksPerYear = 52.f;

double weekly_hazard(double annual_probability) {
  return 1.0 - std::pow(1.0 - annual_probability, 1.0 / 52.0);
}

class Leaving final : public PerPostProcess {
 public:
  explicit Leaving(const Scenario& scenario)
      : agency_hazard_(weekly_hazard(scenario.parameters.real("leaving.agency_annual_rate"))),
        modifiers_(scenario.parameters.boolean("leaving.modifiers")),
        intercept_(scenario.parameters.real("leaving.intention_intercept")),
        slope_(scenario.parameters.real("leaving.intention_slope_per_10")),
        intention_log_hr_(scenario.parameters.real("leaving.intention_log_hr")),
        new_starter_hr_(scenario.parameters.real("leaving.new_starter_hr")),
        retirement_age_(scenario.parameters.real("leaving.retirement_age")),
        retirement_hazard_(
            weekly_hazard(scenario.parameters.real("leaving.retirement_annual_rate"))),
        recognition_log_hr_(scenario.parameters.real("leaving.recognition_log_hr")),
        year_(kLeavingYear, scenario.parameters.real("leaving.year_to_year_sd")) {
    for (double rate : per_organisation(scenario, "leaving.annual_rate")) {
      employed_hazard_.push_back(weekly_hazard(rate));
    }
    reference_ = 1.0 / (1.0 + std::exp(-intercept_));  // intention at burnout 50
  }

  std::string_view name() const override { return "leaving"; }
  Phase phase() const override { return Phase::leaving; }
  ColumnAccess access() const override {
    return {{"occupancy", "tenure_weeks", "burnout", "recognition"},
            {"age_years", "intention"},
            {},
            true};
  }

  void step_posts(WeekContext& context, IndexRange chunk) const override {
    const PostDraws draws(context, chunk, kLeaving);
    // A chunk's posts mostly share one organisation: its factor is drawn once.
    std::uint32_t factor_org = kNoPost;
    double year_factor = 1.0;
    for (std::uint32_t post = chunk.first; post < chunk.end(); ++post) {
      const std::uint32_t org = context.world().posts.org[post];
      if (year_.active() && org != factor_org) {
        year_factor = year_.factor(context, org);
        factor_org = org;
      }
      step_post(context, post, draws[post], employed_hazard_[org] * year_factor);
    }
  }

 private:
  void step_post(WeekContext& context, std::uint32_t post, const RandomBlock& draw,
                 double employed_hazard) const {
    ReplicateState& s = context.state();
    const Occupancy occupancy = s.occupancy[post];
    if (occupancy == Occupancy::vacant) return;
    s.age_years[post] += 1.f / kWeeksPerYear;
    double hazard = agency_hazard_;
    if (occupancy == Occupancy::employed) {
      hazard = employed_hazard;
      const double intention =
          1.0 / (1.0 + std::exp(-(intercept_ + slope_ * (s.burnout.current[post] - 50.0) / 10.0)));
      s.intention[post] = static_cast<float>(intention);
      if (modifiers_) {
        hazard *= std::exp(intention_log_hr_ * (intention - reference_));
        if (s.tenure_weeks[post] < kNewStarterWeeks) hazard *= new_starter_hr_;
        // exp(-x * 0) is exactly 1, and most people have no recognition
        // this week: skip the call (a quarter of this phase's exp calls).
        if (s.recognition[post] != 0.f)
          hazard *= std::exp(-recognition_log_hr_ * s.recognition[post]);
        if (s.age_years[post] >= retirement_age_) hazard += retirement_hazard_;
      }
    }
    if (draw.bernoulli(hazard)) context.depart(post);
  }

  std::vector<double> employed_hazard_;  // per organisation
  double agency_hazard_;
  bool modifiers_;
  double intercept_, slope_, intention_log_hr_, new_starter_hr_, retirement_age_,
      retirement_hazard_;
  double recognition_log_hr_;
  YearlyVariation year_;
  double reference_ = 0.0;
};

}  // namespace

const ProcessRegistrar kRegister{[] {
  using K = ParameterSpec::Kind;
  return ProcessRegistration{
      "leaving",
      Phase::leaving,
      mechanism_switch("leaving", "nobody leaves, ages or forms an intention to leave"),
      {{"leaving.annual_rate", K::real, 0.12, 0.0, 1.0, "1/year",
        "annual leaving probability of an employed practitioner when every modifier is neutral",
        "calibrated by hand (docs/ODD.md 7) so realised turnover matches DfE CSWW 2021-2024 "
        "(13.9-17.2 %) after the intention, new-starter and retirement modifiers",
        Scope::organisation},
       {"leaving.year_to_year_sd", K::real, 0.0, 0.0, 2.0, "log scale",
        "spread of an organisation's leaving hazard from one year to the next: each "
        "organisation's hazard is multiplied, for a whole year, by a lognormal factor of mean 1",
        "assumed 0 (no variation) by default; scenarios/england.yaml sets the value fitted to "
        "the year-to-year persistence of authorities' turnover in the DfE CSWW 2017-2021 returns"},
       {"leaving.modifiers", K::boolean, 1.0, 0.0, 1.0, "",
        "false makes the hazard exactly constant (geometric survival)",
        "limiting-case switch (constant hazard), for tests and teaching"},
       {"leaving.agency_annual_rate", K::real, 0.6, 0.0, 1.0, "1/year",
        "annual probability that an agency worker leaves the post",
        "assumed (agency workers leave sooner)"},
       {"leaving.intention_intercept", K::real, -0.2, -10.0, 10.0, "log odds",
        "log odds of intending to leave at burnout 50",
        "calibrated by hand so ~42 % intend to leave, within the 41-62 % of UK surveys "
        "(data/README)"},
       {"leaving.intention_slope_per_10", K::real, 0.5, 0.0, 10.0, "log odds per 10 points",
        "rise in the log odds of intending to leave per 10 points of burnout", "assumed"},
       {"leaving.intention_log_hr", K::real, 2.0, 0.0, 10.0, "log hazard ratio",
        "rise in the log leaving hazard from no intention to certain intention", "assumed"},
       {"leaving.new_starter_hr", K::real, 1.5, 0.1, 10.0, "hazard ratio",
        "leaving hazard ratio in the first two years of service",
        "assumed; DfE CSWW: 35 % of 2019 leavers had under 2 years' service"},
       {"leaving.retirement_age", K::real, 60.0, 40.0, 80.0, "years",
        "age from which practitioners may retire", "assumed"},
       {"leaving.retirement_annual_rate", K::real, 0.25, 0.0, 1.0, "1/year",
        "annual retirement probability from retirement_age", "assumed"},
       {"leaving.recognition_log_hr", K::real, 0.22, 0.0, 10.0, "log hazard ratio",
        "fall in the log leaving hazard at full recognition",
        "Gallus 2017: symbolic awards raised retention by about 20 % (relative); "
        "exp(-0.22) = 0.8"}},
      [](const Scenario& s) { return std::make_unique<Leaving>(s); }};
}()};

}  // namespace wfsim::model
