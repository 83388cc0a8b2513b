// Intervention `champion_leaves`: at start_week (week 1 at the earliest) the
// research champion of each targeted organisation (target.org, or every
// organisation) leaves, and the post is recruited to like any other. A
// one-off event: end_week, target.team, target.role and target.share do not
// apply. Evidence use then depends on a new,
// not yet established champion (seed 000 6.3: organisations are "vulnerable
// to changes of personnel").
#include <algorithm>
#include <memory>

#include "sim/context.hpp"
#include "sim/intervention.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

// A one-off: the engine runs it in week max(1, start_week) (week 0 is the
// initial state, so an event at start_week 0 happens in week 1).
class ChampionLeaves final : public InterventionProcess {
 public:
  ChampionLeaves(const InterventionSpec& spec, const Scenario& scenario)
      : InterventionProcess(spec) {
    for (std::uint32_t org = 0; org < scenario.organisations.size(); ++org) {
      targeted_.push_back(spec.target.org.empty() ||
                          spec.target.org == scenario.organisations[org].id);
    }
  }

  ColumnAccess access() const override { return {{"occupancy"}, {}, {}, true}; }

  void step(WeekContext& context) const override {
    const World& world = context.world();
    for (std::uint32_t org = 0; org < world.orgs.size(); ++org) {
      const std::uint32_t champion = world.orgs.champion[org];
      if (!targeted_[org] || champion == kNoPost) continue;
      if (context.state().occupancy[champion] != Occupancy::vacant) context.depart(champion);
    }
  }

 private:
  std::vector<bool> targeted_;
};

}  // namespace

const InterventionRegistrar kRegisterChampionLeaves{[] {
  return InterventionRegistration{
      "champion_leaves",
      "the research champion leaves at start_week (seed 000 6.3)",
      {},
      [](const InterventionSpec& spec, const Scenario& scenario, const World&) {
        return std::make_unique<ChampionLeaves>(spec, scenario);
      },
      /*needs_evidence=*/false,
      /*one_off=*/true,
      {0.0, 0.0,
       "none: an event, not a programme; the cost of replacing the champion is in "
       "cost/recruitment"}};
}()};

}  // namespace wfsim::model
