// Recruitment: a post without an employed practitioner is filled by a
// permanent hire with weekly probability 1 / mean_weeks_to_fill (a geometric
// delay); the hire replaces any agency cover. Meanwhile an uncovered vacancy
// gets agency cover with weekly probability agency_cover_rate. A post takes
// at most one new occupant a week.
#include <memory>

#include "context.hpp"
#include "processes.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kRecruit{"recruitment"};
constexpr Purpose kNewlyQualified{"recruitment.newly_qualified"};

class Recruitment final : public Process {
 public:
  explicit Recruitment(const ParameterValues& p)
      : fill_probability_(1.0 / p.real("recruitment.mean_weeks_to_fill")),
        agency_cover_rate_(p.real("recruitment.agency_cover_rate")),
        newly_qualified_share_(p.real("recruitment.newly_qualified_share")) {}

  std::string_view name() const override { return "recruitment"; }
  Phase phase() const override { return Phase::recruitment; }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    context.for_each_post([&](std::uint32_t post) {
      const Occupancy occupancy = s.occupancy[post];
      if (occupancy == Occupancy::employed) return;
      RandomStream draw = context.stream(post, kRecruit);
      if (draw.bernoulli(fill_probability_)) {
        context.arrive(post, Occupancy::employed);
        RandomStream qualified = context.stream(post, kNewlyQualified);
        s.newly_qualified[post] = qualified.bernoulli(newly_qualified_share_) ? 1 : 0;
      } else if (occupancy == Occupancy::vacant && draw.bernoulli(agency_cover_rate_)) {
        context.arrive(post, Occupancy::agency);
      }
    });
  }

 private:
  double fill_probability_;
  double agency_cover_rate_;
  double newly_qualified_share_;
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
           {"recruitment.agency_cover_rate", K::real, 0.25, 0.0, 1.0, "1/week",
            "weekly probability that an uncovered vacancy gets an agency worker",
            "assumed (about four weeks to bring in cover)"},
           {"recruitment.newly_qualified_share", K::real, 0.3, 0.0, 1.0, "share of hires",
            "share of permanent hires who are newly qualified", "assumed"}},
          [](const Scenario& s) { return std::make_unique<Recruitment>(s.parameters); }};
}

}  // namespace wfsim::model
