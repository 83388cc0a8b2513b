// Recruitment: a post without an employed practitioner is filled by a
// permanent hire with weekly probability 1 / mean_weeks_to_fill (a geometric
// delay); the hire replaces any agency cover. Meanwhile an uncovered vacancy
// gets agency cover with weekly probability agency_cover_rate. A post takes
// at most one new occupant a week.
#include <algorithm>
#include <memory>

#include "context.hpp"
#include "org_parameters.hpp"
#include "processes.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kRecruit{"recruitment"};
constexpr Purpose kNewlyQualified{"recruitment.newly_qualified"};

class Recruitment final : public Process {
 public:
  explicit Recruitment(const Scenario& scenario)
      : agency_cover_rate_(per_organisation(scenario, "recruitment.agency_cover_rate")),
        newly_qualified_share_(per_organisation(scenario, "recruitment.newly_qualified_share")) {
    const std::vector<double> weeks = per_organisation(scenario, "recruitment.mean_weeks_to_fill");
    const std::vector<double> multiplier =
        per_organisation(scenario, "recruitment.fill_time_multiplier");
    for (std::size_t org = 0; org < weeks.size(); ++org) {
      fill_probability_.push_back(1.0 / std::max(1.0, weeks[org] * multiplier[org]));
    }
  }

  std::string_view name() const override { return "recruitment"; }
  Phase phase() const override { return Phase::recruitment; }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    context.for_each_post([&](std::uint32_t post) {
      const Occupancy occupancy = s.occupancy[post];
      if (occupancy == Occupancy::employed) return;
      const std::uint32_t org = context.world().posts.org[post];
      RandomStream draw = context.stream(post, kRecruit);
      if (draw.bernoulli(fill_probability_[org])) {
        context.arrive(post, Occupancy::employed);
        RandomStream qualified = context.stream(post, kNewlyQualified);
        s.newly_qualified[post] = qualified.bernoulli(newly_qualified_share_[org]) ? 1 : 0;
      } else if (occupancy == Occupancy::vacant && draw.bernoulli(agency_cover_rate_[org])) {
        context.arrive(post, Occupancy::agency);
      }
    });
  }

 private:
  std::vector<double> fill_probability_;  // per organisation
  std::vector<double> agency_cover_rate_;
  std::vector<double> newly_qualified_share_;
};

}  // namespace

ProcessRegistration recruitment_process() {
  using K = ParameterSpec::Kind;
  return {"recruitment",
          "recruitment",
          {{"recruitment.mean_weeks_to_fill", K::real, 60.0, 1.0, 1000.0, "weeks",
            "mean time until a permanent practitioner fills a vacant post",
            "derived from flow balance: vacancy share v with weekly leaving h gives "
            "v / (1 - v) = h x weeks; DfE 2021-2024 vacancy 18 % and turnover 15.6 % give ~60"},
           {"recruitment.fill_time_multiplier", K::real, 1.0, 0.01, 100.0, "ratio",
            "an organisation's recruitment difficulty: multiplies mean_weeks_to_fill",
            "assumed neutral; set per organisation for heterogeneity (scenarios/england.yaml)"},
           {"recruitment.agency_cover_rate", K::real, 0.25, 0.0, 1.0, "1/week",
            "weekly probability that an uncovered vacancy gets an agency worker",
            "assumed (about four weeks to bring in cover)"},
           {"recruitment.newly_qualified_share", K::real, 0.3, 0.0, 1.0, "share of hires",
            "share of permanent hires who are newly qualified", "assumed"}},
          [](const Scenario& s) { return std::make_unique<Recruitment>(s); }};
}

}  // namespace wfsim::model
