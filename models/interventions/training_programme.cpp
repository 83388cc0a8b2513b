// Intervention `training_programme` (seed 000 case study 3: staff trained in
// an evidence-based course who then cascaded it to colleagues): at start_week
// the targeted staff who are at work start using the evidence item named by
// target.evidence (state "trying") and gain knowledge of its evidence type;
// from there it spreads, or not, by the item's own imitation (q) and
// contagion rule. Expected: higher use of that item, in the trained teams
// first and then beyond them.
#include <algorithm>
#include <memory>

#include "models/interventions/targeting.hpp"
#include "sim/context.hpp"
#include "sim/intervention.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

// A one-off: the engine runs it in week max(1, start_week) (week 0 is the
// initial state: a course at start_week 0 runs in week 1).
class TrainingProgramme final : public InterventionProcess {
 public:
  TrainingProgramme(const InterventionSpec& spec, const Scenario& scenario, const World& world)
      : InterventionProcess(spec),
        targeted_(targeted_posts(world, spec, scenario.seed)),
        knowledge_gain_(static_cast<float>(spec.parameters.at("knowledge_gain"))),
        bit_(intervention_bit(spec)) {
    for (std::size_t item = 0; item < world.evidence.size(); ++item) {
      if (world.evidence[item].id == spec.target.evidence) item_ = item;
    }
  }

  ColumnAccess access() const override {
    return {
        {"present", "knowledge", "uptake"}, {"participating", "knowledge", "uptake"}, {}, false};
  }

  void step(WeekContext& context) const override {
    const World& world = context.world();
    ReplicateState& s = context.state();
    const std::size_t posts = world.posts.size();
    const auto type = static_cast<std::size_t>(world.evidence[item_].type);
    context.for_each_post([&](std::uint32_t post) {
      if (!targeted_[post] || !s.present[post]) return;
      UptakeState& use = s.uptake.current[item_ * posts + post];
      if (!uses_evidence(use)) use = UptakeState::trying;
      float& known = s.knowledge[type * posts + post];
      known = std::min(1.f, known + knowledge_gain_);
      s.participating[post] |= bit_;
    });
  }

 private:
  std::vector<std::uint8_t> targeted_;
  float knowledge_gain_;
  std::uint32_t bit_;
  std::size_t item_ = 0;
};

}  // namespace

const InterventionRegistrar kRegisterTrainingProgramme{[] {
  using K = ParameterSpec::Kind;
  return InterventionRegistration{
      "training_programme",
      "an evidence-based course for the targeted staff, cascading to colleagues; names its "
      "item with target.evidence (seed 000 case study 3)",
      {{"knowledge_gain", K::real, 0.3, 0.0, 1.0, "0-1",
        "knowledge of the item's evidence type gained on the course", "assumed"}},
      [](const InterventionSpec& spec, const Scenario& scenario, const World& world) {
        return std::make_unique<TrainingProgramme>(spec, scenario, world);
      },
      /*needs_evidence=*/true,
      /*one_off=*/true,
      {600.0, 0.0,
       "assumed: a two-day external course at £300 a delegate a day; the participants' time is "
       "already in cost/salary"}};
}()};

}  // namespace wfsim::model
