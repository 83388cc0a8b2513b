// Burnout (job demands-resources; Bakker, Demerouti & Euwema 2005). Each week
// burnout b moves a fraction r of the way towards a target that mixes the
// week's working days and rest days:
//
//   work = s + demand_effect x (pressure - 1) x (5 / days) x (1 - buffering x R)
//            - support_effect x (2R - 1) - recognition_effect x recognition
//            + crossover x (colleagues' contact-weighted mean burnout - b)
//            - efficacy_effect x (share of evidence items embedded)
//   rest = s - rest_recovery
//   target = (days / 7) x work + (1 - days / 7) x rest
//   b' = clamp(b + r (target - b), 0, 100)
//
// s is the person's resting level; R the resources index (supervision and
// peer support, 0-1) that both buffers demands and lowers strain; days the
// days worked this week (0 when absent: a week of recovery). Compressed hours
// put the same demand into fewer days (5 / days) and add a rest day.
// Crossover follows Bakker, Le Blanc & Schaufeli (2005); self-efficacy from
// effective practice, Collins-Camargo & Royse (2010).
//
// With demand off (pressure 1) and support, crossover, efficacy and rest
// recovery at 0, target = s: the closed form b_t = s + (b_0 - s)(1 - r)^t.
#include <algorithm>
#include <memory>

#include "sim/context.hpp"
#include "sim/neighbours.hpp"
#include "sim/per_post_process.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kInitial{"burnout.initial"};
constexpr Purpose kSetPoint{"burnout.set_point"};
constexpr double kDaysPerWeek = 7.0;
constexpr double kStandardDays = 5.0;

float clamp_scale(double value) {
  return static_cast<float>(std::clamp(value, 0.0, 100.0));
}

class Burnout final : public PerPostProcess {
 public:
  explicit Burnout(const ParameterValues& p)
      : initial_mean_(p.real("burnout.initial_mean")),
        initial_sd_(p.real("burnout.initial_sd")),
        set_point_mean_(p.real("burnout.set_point_mean")),
        set_point_sd_(p.real("burnout.set_point_sd")),
        rate_(p.real("burnout.relaxation_rate")),
        demand_effect_(p.real("burnout.demand_effect")),
        buffering_(p.real("burnout.buffering")),
        support_effect_(p.real("burnout.support_effect")),
        crossover_(p.real("burnout.crossover")),
        efficacy_effect_(p.real("burnout.efficacy_effect")),
        rest_recovery_(p.real("burnout.rest_recovery")),
        recognition_effect_(p.real("burnout.recognition_effect")) {}

  std::string_view name() const override { return "burnout"; }
  Phase phase() const override { return Phase::burnout; }
  ColumnAccess access() const override {
    return {{"occupancy", "working_days", "caseload", "pressure", "burnout_set_point",
             "recognition", "resources", "uptake", "near_contact", "near_burnout"},
            {"burnout"},
            {"burnout", "burnout_set_point"},
            false};
  }

  void arrive(WeekContext& context, std::uint32_t post) const override {
    ReplicateState& s = context.state();
    RandomStream initial = context.post_stream(post, kInitial);
    RandomStream set_point = context.post_stream(post, kSetPoint);
    s.burnout.current[post] = clamp_scale(initial.normal(initial_mean_, initial_sd_));
    s.burnout_set_point[post] = clamp_scale(set_point.normal(set_point_mean_, set_point_sd_));
  }

  void step_posts(WeekContext& context, IndexRange chunk) const override {
    for (std::uint32_t post = chunk.first; post < chunk.end(); ++post) step_post(context, post);
  }

 private:
  void step_post(WeekContext& context, std::uint32_t post) const {
    const World& world = context.world();
    ReplicateState& s = context.state();
    const std::vector<float>& last_week = s.burnout.previous;
    const std::size_t posts = world.posts.size();
    const std::size_t items = world.evidence.size();
    if (s.occupancy[post] == Occupancy::vacant) return;
    const double burnout = last_week[post];
    const double set_point = s.burnout_set_point[post];
    const double days = s.working_days[post];
    double work = set_point;
    if (days > 0.0) {
      const double resources = s.resources[post];
      work += demand_effect_ * (s.pressure[post] - 1.0) * (kStandardDays / days) *
              (1.0 - buffering_ * resources);
      work -= support_effect_ * (2.0 * resources - 1.0);
      work -= recognition_effect_ * s.recognition[post];
      if (crossover_ > 0.0 && s.near_contact[post] > 0.0) {
        // The contacts' contact-weighted mean burnout last week (the contact walk's sums).
        work += crossover_ *
                (contact_weighted_mean(s.near_burnout[post], s.near_contact[post]) - burnout);
      }
      if (efficacy_effect_ > 0.0 && items > 0) {
        double embedded = 0.0;
        for (std::size_t item = 0; item < items; ++item) {
          embedded += s.uptake.previous[item * posts + post] == UptakeState::embedded ? 1.0 : 0.0;
        }
        work -= efficacy_effect_ * embedded / static_cast<double>(items);
      }
    }
    const double work_share = days / kDaysPerWeek;
    const double target = work_share * work + (1.0 - work_share) * (set_point - rest_recovery_);
    s.burnout.current[post] = clamp_scale(burnout + rate_ * (target - burnout));
  }

  double initial_mean_, initial_sd_, set_point_mean_, set_point_sd_, rate_;
  double demand_effect_, buffering_, support_effect_, crossover_, efficacy_effect_, rest_recovery_;
  double recognition_effect_;
};

}  // namespace

const ProcessRegistrar kRegister{[] {
  using K = ParameterSpec::Kind;
  return ProcessRegistration{
      "burnout",
      Phase::burnout,
      mechanism_switch("burnout", "burnout is never set or updated and stays at 0 for everyone"),
      {{"burnout.initial_mean", K::real, 52.0, 0.0, 100.0, "CBI points",
        "mean burnout of a practitioner on arrival (and at week 0)",
        "assumed: near the CBI high-burnout threshold of 50, as 51-60 % of LA social "
        "workers report being stressed by their job (DfE longitudinal study 2018-2020)"},
       {"burnout.initial_sd", K::real, 15.0, 0.0, 50.0, "CBI points",
        "between-person spread of burnout on arrival", "assumed"},
       {"burnout.set_point_mean", K::real, 56.0, 0.0, 100.0, "CBI points",
        "mean resting burnout level",
        "calibrated by hand (docs/ODD.md 7): high-burnout share 0.56 against 51-60 % stressed "
        "by their job (DfE longitudinal study 2018-2020)"},
       {"burnout.set_point_sd", K::real, 12.0, 0.0, 50.0, "CBI points",
        "between-person spread of resting burnout", "assumed"},
       {"burnout.relaxation_rate", K::real, 0.1, 0.0, 1.0, "1/week",
        "fraction of the gap to the target closed each week", "assumed"},
       {"burnout.demand_effect", K::real, 15.0, 0.0, 100.0, "CBI points per unit pressure",
        "rise in the working-day target per unit of pressure above a manageable caseload",
        "assumed; direction from job demands-resources (Bakker et al. 2005)"},
       {"burnout.buffering", K::real, 0.5, 0.0, 1.0, "share",
        "share of the demand effect that full resources buffer",
        "assumed; Bakker et al. 2005: high demands with low resources gave the highest "
        "exhaustion"},
       {"burnout.support_effect", K::real, 5.0, 0.0, 100.0, "CBI points",
        "fall in the working-day target from full resources (rise with none)",
        "assumed; direction from Bakker et al. 2005 (resources lower strain)"},
       {"burnout.crossover", K::real, 0.1, 0.0, 1.0, "per week",
        "pull of the target towards colleagues' contact-weighted mean burnout",
        "assumed; direction from Bakker, Le Blanc & Schaufeli 2005"},
       {"burnout.efficacy_effect", K::real, 3.0, 0.0, 100.0, "CBI points",
        "fall in the working-day target when every evidence item is embedded in practice",
        "assumed; direction from Collins-Camargo & Royse 2010 (self-efficacy)"},
       {"burnout.rest_recovery", K::real, 5.0, 0.0, 100.0, "CBI points",
        "how far below the resting level the target falls on a non-working day",
        "assumed; direction from the UK four-day-week pilot (71 % less burnout) and seed 004 "
        "pilot 2"},
       {"burnout.recognition_effect", K::real, 3.0, 0.0, 100.0, "CBI points",
        "fall in the working-day target at full recognition (an award just received)",
        "assumed small; seed 004 RCT 1 found a small, non-significant effect of thanks from "
        "care leavers"}},
      [](const Scenario& s) { return std::make_unique<Burnout>(s.parameters); }};
}()};

}  // namespace wfsim::model
