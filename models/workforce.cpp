// Initial workforce: who holds each post at week 0. Vacancies and agency
// cover start near the England figures so that runs begin close to their
// steady state rather than spending a year filling up.
#include <cmath>
#include <memory>

#include "context.hpp"
#include "processes.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kFill{"workforce.fill"};
constexpr Purpose kTenure{"workforce.tenure"};

class InitialWorkforce final : public Process {
 public:
  explicit InitialWorkforce(const ParameterValues& p)
      : vacancy_rate_(p.real("workforce.initial_vacancy_rate")),
        agency_cover_(p.real("workforce.initial_agency_cover")),
        mean_tenure_weeks_(52.0 * p.real("workforce.initial_mean_tenure_years")) {}

  std::string_view name() const override { return "workforce"; }
  Phase phase() const override { return Phase::workforce; }

  void start(WeekContext& context) const override {
    ReplicateState& s = context.state();
    context.for_each_post([&](std::uint32_t post) {
      RandomStream fill = context.stream(post, kFill);
      if (fill.bernoulli(vacancy_rate_)) {
        if (fill.bernoulli(agency_cover_)) context.arrive(post, Occupancy::agency);
        return;
      }
      context.arrive(post, Occupancy::employed);
      // Completed tenure of those in post: exponential, the stationary
      // distribution under a constant leaving hazard.
      RandomStream tenure = context.stream(post, kTenure);
      s.tenure_weeks[post] = static_cast<std::int32_t>(tenure.exponential(mean_tenure_weeks_));
    });
  }

 private:
  double vacancy_rate_;
  double agency_cover_;
  double mean_tenure_weeks_;
};

}  // namespace

ProcessRegistration workforce_process() {
  return {"workforce",
          "",
          {{"workforce.initial_vacancy_rate", ParameterSpec::Kind::real, 0.18, 0.0, 1.0,
            "share of posts", "share of posts without an employed practitioner at week 0",
            "DfE CSWW vacancy rate, mean of 2021-2024 (16.7, 20.0, 18.9, 17.3 %)"},
           {"workforce.initial_agency_cover", ParameterSpec::Kind::real, 0.9, 0.0, 1.0,
            "share of vacancies", "share of week-0 vacancies covered by an agency worker",
            "derived: DfE 2021-2024 agency rate 16.8 % with vacancy rate 18.2 % implies ~0.9"},
           {"workforce.initial_mean_tenure_years", ParameterSpec::Kind::real, 5.5, 0.1, 40.0,
            "years", "mean tenure in post of the week-0 workforce (exponential)",
            "DfE CSWW 2021: ~60 % under 5 years at current LA; exponential with P(T<5)=0.6 has "
            "mean 5.5"}},
          [](const Scenario& s) { return std::make_unique<InitialWorkforce>(s.parameters); }};
}

}  // namespace wfsim::model
