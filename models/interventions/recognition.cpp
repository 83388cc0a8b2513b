// Interventions that recognise staff.
//
// `symbolic_award` (seed 004 RCT 1, messages of thanks from care leavers;
// Gallus 2017): at start_week the targeted staff receive full recognition,
// which then fades (resources.recognition_decay_weeks). Expected: a small
// effect on burnout and leaving that is largest early and fades.
//
// `peer_messages` (seed 004 RCT 2 and 3; Linos, Ruffini & Wilcoxen 2021):
// each week inside [start_week, end_week) the targeted staff's recognition is
// kept at least at `recognition_level`. The social-work replications found no
// detectable effect, so the default level is 0; Linos et al.'s 911
// dispatchers (burnout -8 points) correspond to a level near 1 and are a
// sensitivity case.
#include <algorithm>
#include <memory>

#include "models/interventions/targeting.hpp"
#include "sim/context.hpp"
#include "sim/intervention.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

class Recognition final : public InterventionProcess {
 public:
  Recognition(const InterventionSpec& spec, const Scenario& scenario, const World& world,
              double level)
      : InterventionProcess(spec),
        targeted_(targeted_posts(world, spec, scenario.seed)),
        level_(static_cast<float>(level)),
        bit_(intervention_bit(spec)) {}

  ColumnAccess access() const override {
    return {{"occupancy", "burnout"}, {"recognition", "participating"}, {}, false};
  }

  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    context.for_each_post([&](std::uint32_t post) {
      if (targeted_[post] && s.occupancy[post] != Occupancy::vacant) {
        s.recognition[post] = std::max(s.recognition[post], level_);
        s.participating[post] |= bit_;
      }
    });
  }

 private:
  std::vector<std::uint8_t> targeted_;
  float level_;
  std::uint32_t bit_;
};

}  // namespace

const InterventionRegistrar kRegisterSymbolicAward{[] {
  return InterventionRegistration{
      "symbolic_award",
      "one-off recognition that fades (seed 004 RCT 1; Gallus 2017)",
      {},
      [](const InterventionSpec& spec, const Scenario& scenario, const World& world) {
        return std::make_unique<Recognition>(spec, scenario, world, 1.0);
      },
      /*needs_evidence=*/false,
      /*one_off=*/true,
      {5.0, 500.0,
       "assumed: a card or certificate for each recipient and £500 to organise the award"}};
}()};

const InterventionRegistrar kRegisterPeerMessages{[] {
  using K = ParameterSpec::Kind;
  return InterventionRegistration{
      "peer_messages",
      "weekly peer-support messages (seed 004 RCT 2 and 3; Linos et al. 2021)",
      {{"recognition_level", K::real, 0.0, 0.0, 1.0, "0-1",
        "recognition the weekly messages sustain",
        "seed 004 RCT 2 and 3: no detectable effect in social work (0); Linos et al. 2021 "
        "found -8 burnout points in 911 dispatchers (about 1)"}},
      [](const InterventionSpec& spec, const Scenario& scenario, const World& world) {
        return std::make_unique<Recognition>(spec, scenario, world,
                                             spec.parameters.at("recognition_level"));
      },
      /*needs_evidence=*/false,
      /*one_off=*/false,
      {0.1, 0.0, "assumed: a text-messaging service, about 10p per person a week"}};
}()};

}  // namespace wfsim::model
