// Recruitment, team by team. A vacant team-manager post is first offered
// internally: with weekly probability internal_promotion_rate the team's
// longest-serving employed senior practitioner (else social worker) moves up,
// leaving their own post vacant. Then each post without an employed
// practitioner is filled by a permanent hire with weekly probability
// 1 / (mean_weeks_to_fill x fill_time_multiplier x the organisation's factor
// for the year, sim/yearly_variation.hpp), a geometric delay; the
// hire replaces any agency cover. Meanwhile an uncovered vacancy gets agency
// cover with weekly probability agency_cover_rate. A post held by agency
// workers only (a team's `agency_posts`) is never filled permanently: when
// empty it gets its next agency worker with that same probability. A post
// takes at most one new occupant a week.
#include <algorithm>
#include <memory>

#include "sim/context.hpp"
#include "sim/org_parameters.hpp"
#include "sim/registry.hpp"
#include "sim/yearly_variation.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kRecruit{"recruitment"};
constexpr Purpose kPromotion{"recruitment.promotion"};
constexpr Purpose kRecruitmentYear{"recruitment.year"};

class Recruitment final : public Process {
 public:
  explicit Recruitment(const Scenario& scenario)
      : agency_cover_rate_(per_organisation(scenario, "recruitment.agency_cover_rate")),
        promotion_bias_(scenario.parameters.real("recruitment.promotion_bias")),
        promotion_rate_(per_organisation(scenario, "recruitment.internal_promotion_rate")),
        year_(kRecruitmentYear, scenario.parameters.real("recruitment.year_to_year_sd")) {
    const std::vector<double> weeks = per_organisation(scenario, "recruitment.mean_weeks_to_fill");
    const std::vector<double> multiplier =
        per_organisation(scenario, "recruitment.fill_time_multiplier");
    for (std::size_t org = 0; org < weeks.size(); ++org) {
      fill_probability_.push_back(1.0 / std::max(1.0, weeks[org] * multiplier[org]));
    }
  }

  std::string_view name() const override { return "recruitment"; }
  Phase phase() const override { return Phase::recruitment; }
  ColumnAccess access() const override {
    return {{"occupancy", "tenure_weeks", "minority", "present"}, {"promotion_bias"}, {}, true};
  }

  void start(WeekContext& context) const override {
    ReplicateState& s = context.state();
    std::fill(s.promotion_bias.begin(), s.promotion_bias.end(),
              static_cast<float>(promotion_bias_));
  }

  void step(WeekContext& context) const override {
    const World& world = context.world();
    context.for_each_team([&](std::uint32_t team) {
      const std::uint32_t org = world.teams.org[team];
      promote(context, team, org);
      // A longer time to fill this year: the weekly probability divided by the factor.
      const double fill_probability =
          year_.active() ? std::min(1.0, fill_probability_[org] / year_.factor(context, org))
                         : fill_probability_[org];
      const IndexRange posts = world.teams.posts[team];
      for (std::uint32_t post = posts.first; post < posts.end(); ++post)
        fill(context, post, org, fill_probability);
    });
  }

 private:
  void promote(WeekContext& context, std::uint32_t team, std::uint32_t org) const {
    const World& world = context.world();
    ReplicateState& s = context.state();
    const std::uint32_t manager = world.teams.manager[team];
    if (manager == kNoPost || s.occupancy[manager] == Occupancy::employed) return;
    RandomStream draw = context.team_stream(team, kPromotion);
    if (!draw.bernoulli(promotion_rate_[org])) return;
    // Seniority decides, judged with the organisation's bias: a minority
    // ethnic candidate's experience counts for (1 - bias) of its worth
    // (seed 004 RCT 4). Senior practitioners come before social workers.
    const double bias = s.promotion_bias[org];
    const auto claim = [&](std::uint32_t post) {
      const double rank = world.posts.role[post] == Role::senior_practitioner ? 1e6 : 0.0;
      return rank + s.tenure_weeks[post] * (s.minority[post] ? 1.0 - bias : 1.0);
    };
    std::uint32_t candidate = kNoPost;
    const IndexRange posts = world.teams.posts[team];
    for (std::uint32_t post = posts.first; post < posts.end(); ++post) {
      const Role role = world.posts.role[post];
      if (s.occupancy[post] != Occupancy::employed || !s.present[post]) continue;
      if (role != Role::senior_practitioner && role != Role::social_worker) continue;
      if (candidate == kNoPost || claim(post) > claim(candidate)) candidate = post;
    }
    if (candidate != kNoPost) s.move_occupant(candidate, manager, world.evidence.size());
  }

  void fill(WeekContext& context, std::uint32_t post, std::uint32_t org,
            double fill_probability) const {
    ReplicateState& s = context.state();
    const Occupancy occupancy = s.occupancy[post];
    if (occupancy == Occupancy::employed) return;
    RandomStream draw = context.post_stream(post, kRecruit);
    if (context.world().posts.agency_only[post]) {
      if (occupancy == Occupancy::vacant && draw.bernoulli(agency_cover_rate_[org]))
        context.arrive(post, Occupancy::agency);
      return;
    }
    if (draw.bernoulli(fill_probability)) {
      context.arrive(post, Occupancy::employed);
    } else if (occupancy == Occupancy::vacant && draw.bernoulli(agency_cover_rate_[org])) {
      context.arrive(post, Occupancy::agency);
    }
  }

  std::vector<double> fill_probability_;  // per organisation
  std::vector<double> agency_cover_rate_;
  double promotion_bias_;
  std::vector<double> promotion_rate_;
  YearlyVariation year_;
};

}  // namespace

const ProcessRegistrar kRegister{[] {
  using K = ParameterSpec::Kind;
  return ProcessRegistration{
      "recruitment",
      Phase::recruitment,
      mechanism_switch("recruitment",
                       "vacant posts are never filled, by a hire, a promotion or agency cover"),
      {{"recruitment.mean_weeks_to_fill", K::real, 72.0, 1.0, 1000.0, "weeks",
        "mean time until a permanent practitioner fills a vacant post",
        "calibrated by hand (docs/ODD.md 7), starting from flow balance v / (1 - v) = h x weeks "
        "with DfE 2021-2024 vacancy 18 % and turnover 15.6 %",
        Scope::organisation},
       {"recruitment.fill_time_multiplier", K::real, 1.0, 0.01, 100.0, "ratio",
        "an organisation's recruitment difficulty: multiplies mean_weeks_to_fill",
        "assumed neutral; set per organisation for heterogeneity (scenarios/england.yaml)",
        Scope::organisation},
       {"recruitment.year_to_year_sd", K::real, 0.0, 0.0, 2.0, "log scale",
        "spread of an organisation's time to fill from one year to the next: each "
        "organisation's time is multiplied, for a whole year, by a lognormal factor of mean 1",
        "assumed 0 (no variation) by default; scenarios/england.yaml sets the value fitted to "
        "the year-to-year persistence of authorities' vacancy rates in the DfE CSWW 2017-2021 "
        "returns"},
       {"recruitment.agency_cover_rate", K::real, 0.25, 0.0, 1.0, "1/week",
        "weekly probability that an uncovered vacancy gets an agency worker",
        "assumed (about four weeks to bring in cover)", Scope::organisation},
       {"recruitment.promotion_bias", K::real, 0.3, 0.0, 1.0, "share",
        "discount on a minority ethnic candidate's experience when choosing whom to promote",
        "assumed; seed 004 RCT 4: evaluators progressed minority ethnic candidates less often "
        "unless CVs were reviewed in pairs; 2 % of directors vs 12 % of social workers are Black"},
       {"recruitment.internal_promotion_rate", K::real, 0.1, 0.0, 1.0, "1/week",
        "weekly probability that a vacant team-manager post is filled from within the team",
        "assumed", Scope::organisation}},
      [](const Scenario& s) { return std::make_unique<Recruitment>(s); }};
}()};

}  // namespace wfsim::model
