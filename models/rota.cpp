// The rota: each week, who works how many days, and how many of them in the
// office. Compressed patterns keep the contracted hours in fewer days; a
// nine-day fortnight takes its day off in alternate weeks (staggered by post
// so a team is not off together); home days are whole days drawn around the
// organisation's mean.
#include <algorithm>
#include <cmath>
#include <memory>

#include "models/processes.hpp"
#include "models/rota.hpp"
#include "sim/context.hpp"
#include "sim/org_parameters.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kHomeDays{"rota.home_days"};

class Rota final : public Process {
 public:
  explicit Rota(const Scenario& scenario)
      : home_days_(per_organisation(scenario, "working.home_days_per_week")) {}

  std::string_view name() const override { return "rota"; }
  Phase phase() const override { return Phase::workforce; }
  ColumnAccess access() const override {
    return {{"pattern", "present"}, {"working_days", "office_days"}, {}, false};
  }
  void start(WeekContext& context) const override { step(context); }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    const int week = context.week();
    context.for_each_post([&](std::uint32_t post) {
      if (!s.present[post]) {
        s.working_days[post] = 0;
        s.office_days[post] = 0;
        return;
      }
      const int days = rota_working_days(s.pattern[post], week, post);
      const double mean_home = home_days_[context.world().posts.org[post]];
      const double whole = std::floor(mean_home);
      RandomStream draw = context.stream(post, kHomeDays);
      const int home = static_cast<int>(whole) + (draw.bernoulli(mean_home - whole) ? 1 : 0);
      s.working_days[post] = static_cast<std::uint8_t>(days);
      s.office_days[post] = static_cast<std::uint8_t>(std::max(0, days - home));
    });
  }

 private:
  std::vector<double> home_days_;
};

}  // namespace

ProcessRegistration rota_process() {
  return {"rota",
          "",
          {{"working.home_days_per_week", ParameterSpec::Kind::real, 0.0, 0.0, 5.0, "days/week",
            "mean days a week worked from home", "assumed none at baseline", Scope::organisation}},
          [](const Scenario& s) { return std::make_unique<Rota>(s); }};
}

}  // namespace wfsim::model
