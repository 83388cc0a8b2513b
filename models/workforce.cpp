// The workforce: who holds each post at week 0, and the personal attributes
// a newcomer brings (age, working pattern, desk, newly qualified). Where a
// team lists its `staff:`, whoever is employed in a post at week 0 takes the
// starting values given there instead of drawn ones; later newcomers are
// drawn as everywhere else.
#include <algorithm>
#include <cmath>
#include <memory>

#include "sim/context.hpp"
#include "sim/org_parameters.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kFill{"workforce.fill"};
constexpr Purpose kTenure{"workforce.tenure"};
constexpr Purpose kPerson{"workforce.person"};

class Workforce final : public Process {
 public:
  explicit Workforce(const Scenario& scenario)
      : vacancy_rate_(per_organisation(scenario, "workforce.initial_vacancy_rate")),
        agency_cover_(per_organisation(scenario, "workforce.initial_agency_cover")),
        mean_tenure_weeks_(52.0 * scenario.parameters.real("workforce.initial_mean_tenure_years")),
        four_day_share_(per_organisation(scenario, "working.four_day_week_share")),
        nine_day_share_(per_organisation(scenario, "working.nine_day_fortnight_share")),
        hot_desk_share_(per_organisation(scenario, "working.hot_desking_share")),
        newly_qualified_share_(per_organisation(scenario, "recruitment.newly_qualified_share")),
        admin_share_(per_organisation(scenario, "demand.admin_share")),
        minority_share_(per_organisation(scenario, "workforce.minority_share")),
        burnout_on_(mechanism_enabled(scenario, "burnout")),
        leaving_on_(mechanism_enabled(scenario, "leaving")) {}

  std::string_view name() const override { return "workforce"; }
  Phase phase() const override { return Phase::workforce; }
  ColumnAccess access() const override {
    return {{"occupancy", "newly_qualified", "minority", "age_years", "hot_desk", "admin_share"},
            {"tenure_weeks", "pattern", "burnout", "intention"},
            {"newly_qualified", "minority", "age_years", "pattern", "hot_desk", "admin_share"},
            true};
  }

  void start(WeekContext& context) const override {
    ReplicateState& s = context.state();
    context.for_each_post([&](std::uint32_t post) {
      if (context.world().posts.agency_only[post]) {
        context.arrive(post, Occupancy::agency);
        return;
      }
      const std::uint32_t org = context.world().posts.org[post];
      RandomStream fill = context.post_stream(post, kFill);
      if (fill.bernoulli(vacancy_rate_[org])) {
        if (fill.bernoulli(agency_cover_[org])) context.arrive(post, Occupancy::agency);
        return;
      }
      context.arrive(post, Occupancy::employed);
      const StartingValues& given = context.world().posts.start[post];
      if (given.tenure_years) {
        s.tenure_weeks[post] = static_cast<std::int32_t>(std::lround(52.0 * *given.tenure_years));
      } else {
        // Completed tenure of those in post: exponential, the stationary
        // distribution under a constant leaving hazard.
        RandomStream tenure = context.post_stream(post, kTenure);
        s.tenure_weeks[post] = static_cast<std::int32_t>(tenure.exponential(mean_tenure_weeks_));
      }
      apply_starting_values(s, post, given);
    });
  }

  // After every arrival hook has drawn its values: a switched-off mechanism
  // keeps its column at 0, as it would without `staff:`.
  void apply_starting_values(ReplicateState& s, std::uint32_t post,
                             const StartingValues& given) const {
    if (given.working_pattern) s.pattern[post] = *given.working_pattern;
    if (given.burnout && burnout_on_) s.burnout.current[post] = static_cast<float>(*given.burnout);
    if (given.intention && leaving_on_) s.intention[post] = static_cast<float>(*given.intention);
  }

  void arrive(WeekContext& context, std::uint32_t post) const override {
    ReplicateState& s = context.state();
    const std::uint32_t org = context.world().posts.org[post];
    RandomStream draw = context.post_stream(post, kPerson);
    const bool newcomer = context.week() > 0 && s.occupancy[post] == Occupancy::employed;
    s.newly_qualified[post] = newcomer && draw.bernoulli(newly_qualified_share_[org]) ? 1 : 0;
    // Ages (years): newly qualified ~ N(27, 5); others ~ N(40, 10); assumed.
    const double age = s.newly_qualified[post] ? draw.normal(27.0, 5.0) : draw.normal(40.0, 10.0);
    s.age_years[post] = static_cast<float>(std::clamp(age, 21.0, 67.0));
    const double pattern = draw.uniform();
    s.pattern[post] = pattern < four_day_share_[org] ? WorkingPattern::four_day_week
                      : pattern < four_day_share_[org] + nine_day_share_[org]
                          ? WorkingPattern::nine_day_fortnight
                          : WorkingPattern::standard;
    s.hot_desk[post] = draw.bernoulli(hot_desk_share_[org]) ? 1 : 0;
    s.minority[post] = draw.bernoulli(minority_share_[org]) ? 1 : 0;
    s.admin_share[post] = static_cast<float>(admin_share_[org]);
  }

 private:
  std::vector<double> vacancy_rate_, agency_cover_;  // per organisation
  double mean_tenure_weeks_;
  std::vector<double> four_day_share_, nine_day_share_, hot_desk_share_;
  std::vector<double> newly_qualified_share_, admin_share_, minority_share_;
  bool burnout_on_, leaving_on_;
};

}  // namespace

const ProcessRegistrar kRegister{[] {
  using K = ParameterSpec::Kind;
  return ProcessRegistration{
      "workforce",
      Phase::workforce,
      std::nullopt,
      {{"workforce.initial_vacancy_rate", K::real, 0.18, 0.0, 1.0, "share of posts",
        "share of posts without an employed practitioner at week 0",
        "DfE CSWW vacancy rate, mean of 2021-2024 (16.7, 20.0, 18.9, 17.3 %)", Scope::organisation},
       {"workforce.initial_agency_cover", K::real, 0.9, 0.0, 1.0, "share of vacancies",
        "share of week-0 vacancies covered by an agency worker",
        "derived: DfE 2021-2024 agency rate 16.8 % with vacancy rate 18.2 % implies ~0.9",
        Scope::organisation},
       {"workforce.initial_mean_tenure_years", K::real, 5.5, 0.1, 40.0, "years",
        "mean tenure in post of the week-0 workforce (exponential)",
        "DfE CSWW 2021: ~60 % under 5 years at current LA; exponential with P(T<5)=0.6 has "
        "mean 5.5"},
       {"workforce.minority_share", K::real, 0.25, 0.0, 1.0, "share of staff",
        "share of newcomers from a minority ethnic group",
        "assumed; seed 004 RCT 4: 12 % of children's social workers in England are Black "
        "(ADCS 2020), other minority groups add to that",
        Scope::organisation},
       {"working.four_day_week_share", K::real, 0.0, 0.0, 1.0, "share of staff",
        "share of newcomers on a compressed four-day week (same hours)",
        "assumed none at baseline; flexitime scenarios set it (seed 004 pilot 2)",
        Scope::organisation},
       {"working.nine_day_fortnight_share", K::real, 0.0, 0.0, 1.0, "share of staff",
        "share of newcomers on a nine-day fortnight (same hours)",
        "assumed none at baseline; flexitime scenarios set it (seed 004 pilot 2)",
        Scope::organisation},
       {"working.hot_desking_share", K::real, 0.0, 0.0, 1.0, "share of staff",
        "share of newcomers without a fixed desk (agile working)",
        "assumed none at baseline; 56 % of councils used hot-desking for child protection in "
        "2016 (seed 003), which agile scenarios set",
        Scope::organisation},
       {"recruitment.newly_qualified_share", K::real, 0.3, 0.0, 1.0, "share of hires",
        "share of permanent hires who are newly qualified", "assumed", Scope::organisation},
       {"demand.admin_share", K::real, 0.3, 0.0, 0.9, "share of working time",
        "time spent on administration (not available for cases)",
        "assumed; paperwork is the most cited cause of stress (68 %, DfE longitudinal study "
        "wave 1)",
        Scope::organisation}},
      [](const Scenario& s) { return std::make_unique<Workforce>(s); }};
}()};

}  // namespace wfsim::model
