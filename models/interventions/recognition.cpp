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
#include "models/processes.hpp"
#include "sim/context.hpp"

namespace wfsim::model {

namespace {

class Recognition final : public Process {
 public:
  Recognition(const InterventionSpec& spec, const Scenario& scenario, const World& world,
              std::string_view name, bool one_off, double level)
      : spec_(spec),
        targeted_(targeted_posts(world, spec, scenario.seed)),
        name_(name),
        one_off_(one_off),
        level_(static_cast<float>(level)),
        bit_(touched_bit(spec)) {}

  std::string_view name() const override { return name_; }
  Phase phase() const override { return Phase::interventions; }
  ColumnAccess access() const override {
    return {{"occupancy", "burnout"}, {"recognition", "touched"}, {}, false};
  }

  void step(WeekContext& context) const override {
    const int week = context.week();
    if (one_off_ ? week != std::max(1, spec_.start_week) : !spec_.active(week)) return;
    ReplicateState& s = context.state();
    context.for_each_post([&](std::uint32_t post) {
      if (targeted_[post] && s.occupancy[post] != Occupancy::vacant) {
        s.recognition[post] = std::max(s.recognition[post], level_);
        s.touched[post] |= bit_;  // a participant, for the cost series
      }
    });
  }

 private:
  InterventionSpec spec_;
  std::vector<std::uint8_t> targeted_;
  std::string_view name_;
  bool one_off_;
  float level_;
  std::uint32_t bit_;
};

}  // namespace

InterventionRegistration symbolic_award_intervention() {
  return {"symbolic_award",
          "one-off recognition that fades (seed 004 RCT 1; Gallus 2017)",
          {},
          [](const InterventionSpec& spec, const Scenario& scenario, const World& world) {
            return std::make_unique<Recognition>(spec, scenario, world, "symbolic_award", true,
                                                 1.0);
          },
          /*needs_evidence=*/false,
          /*one_off=*/true,
          {5.0, 500.0,
           "assumed: a card or certificate for each recipient and £500 to organise the award"}};
}

InterventionRegistration peer_messages_intervention() {
  using K = ParameterSpec::Kind;
  return {"peer_messages",
          "weekly peer-support messages (seed 004 RCT 2 and 3; Linos et al. 2021)",
          {{"recognition_level", K::real, 0.0, 0.0, 1.0, "0-1",
            "recognition the weekly messages sustain",
            "seed 004 RCT 2 and 3: no detectable effect in social work (0); Linos et al. 2021 "
            "found -8 burnout points in 911 dispatchers (about 1)"}},
          [](const InterventionSpec& spec, const Scenario& scenario, const World& world) {
            return std::make_unique<Recognition>(spec, scenario, world, "peer_messages", false,
                                                 spec.parameters.at("recognition_level"));
          },
          /*needs_evidence=*/false,
          /*one_off=*/false,
          {0.1, 0.0, "assumed: a text-messaging service, about 10p per person a week"}};
}

}  // namespace wfsim::model
