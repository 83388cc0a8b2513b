// The rota: each week, who works how many days, and how many of them in the
// office. Compressed patterns keep the contracted hours in fewer days; a
// nine-day fortnight takes its day off in alternate weeks (staggered by slot
// in the team so a team is not off together); home days are whole days drawn around the
// organisation's mean, and at least those an intervention requires. It runs
// after the interventions, which set patterns and required home days.
#include <algorithm>
#include <cmath>
#include <memory>

#include "sim/context.hpp"
#include "sim/org_parameters.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kHomeDays{"rota.home_days"};

/// Days worked in `week` under `pattern`: five, or four on a compressed week;
/// a nine-day fortnight takes its day off in alternate weeks, staggered by the
/// post's slot in its team so that a team is not off together.
constexpr int rota_working_days(WorkingPattern pattern, int week, std::uint32_t slot) {
  if (pattern == WorkingPattern::four_day_week) return 4;
  if (pattern == WorkingPattern::nine_day_fortnight &&
      (week + static_cast<int>(slot % 2)) % 2 == 0) {
    return 4;
  }
  return 5;
}

class Rota final : public Process {
 public:
  explicit Rota(const Scenario& scenario)
      : home_days_(per_organisation(scenario, "working.home_days_per_week")) {}

  std::string_view name() const override { return "rota"; }
  Phase phase() const override { return Phase::rota; }
  ColumnAccess access() const override {
    return {
        {"pattern", "present", "required_home_days"}, {"working_days", "office_days"}, {}, false};
  }
  void start(WeekContext& context) const override { step(context); }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    const int week = context.week();
    const Posts& posts = context.world().posts;
    const Teams& teams = context.world().teams;
    context.for_each_post_chunk([&](IndexRange chunk) {
      const PostDraws draws(context, chunk, kHomeDays);
      for (std::uint32_t post = chunk.first; post < chunk.end(); ++post) {
        if (!s.present[post]) {
          s.working_days[post] = 0;
          s.office_days[post] = 0;
          continue;
        }
        const std::uint32_t slot = post - teams.posts[posts.team[post]].first;
        const int days = rota_working_days(s.pattern[post], week, slot);
        const double mean_home = home_days_[posts.org[post]];
        const double whole = std::floor(mean_home);
        const int drawn =
            static_cast<int>(whole) + (draws[post].bernoulli(mean_home - whole) ? 1 : 0);
        const int home = std::max<int>(drawn, s.required_home_days[post]);
        s.working_days[post] = static_cast<std::uint8_t>(days);
        s.office_days[post] = static_cast<std::uint8_t>(std::max(0, days - home));
      }
    });
  }

 private:
  std::vector<double> home_days_;
};

const ProcessRegistrar kRegisterRota{
    {"rota",
     Phase::rota,
     std::nullopt,
     {{"working.home_days_per_week", ParameterSpec::Kind::real, 0.0, 0.0, 5.0, "days/week",
       "mean days a week worked from home", "assumed none at baseline", Scope::organisation}},
     [](const Scenario& s) { return std::make_unique<Rota>(s); }}};

}  // namespace

}  // namespace wfsim::model
