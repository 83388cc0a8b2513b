// Interventions that develop practice in groups.
//
// `key_worker` (seed 001, key worker services for disabled children): the
// targeted staff take on a key worker role with protected time for it
// (`protected_share` of their time comes off their capacity for cases, so
// their team carries more pressure unless posts are added) and are supported
// by multi-agency group supervision (`group_supervision_hours` a week, a
// resource). Seed 001: protected time, training and supervision were what
// made the service consistent.
//
// `action_research_groups` (seed 002, What Works Scotland collaborative action
// research): the targeted staff meet on top of their usual duties
// (`meeting_hours_per_week` off their capacity for cases) and develop the
// practice named by target.evidence, which they start using. After
// `publish_after_weeks` the group's findings are published to the rest of the
// organisation (each present non-user starts trying the practice with
// probability `publication_reach`) unless a gatekeeper blocks publication,
// which happens with probability `block_probability` per replicate (seed 002:
// one of three completed case studies was not published).
#include <algorithm>
#include <memory>

#include "models/interventions/targeting.hpp"
#include "sim/context.hpp"
#include "sim/intervention.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

constexpr float kContractedHours = 37.f;  // a full-time week in local government (assumed)
constexpr Purpose kGatekeeper{"action_research_groups.gatekeeper"};
constexpr Purpose kPublication{"action_research_groups.publication"};

// Time taken from case work while an intervention runs (its participants),
// given back when it ends, only to those it was taken from.
void reserve_time(WeekContext& context, std::uint32_t bit,
                  const std::vector<std::uint8_t>& targeted, float share) {
  ReplicateState& s = context.state();
  context.for_each_post([&](std::uint32_t post) {
    if (!targeted[post] || s.occupancy[post] == Occupancy::vacant) return;
    if ((s.time_reserved[post] & bit) != 0) return;
    s.admin_share[post] = std::min(0.9f, s.admin_share[post] + share);
    s.time_reserved[post] |= bit;
    s.participating[post] |= bit;
  });
}

void release_time(WeekContext& context, std::uint32_t bit,
                  const std::vector<std::uint8_t>& targeted, float share) {
  ReplicateState& s = context.state();
  context.for_each_post([&](std::uint32_t post) {
    if (!targeted[post] || s.occupancy[post] == Occupancy::vacant) return;
    if ((s.time_reserved[post] & bit) == 0) return;
    s.admin_share[post] = std::max(0.f, s.admin_share[post] - share);
    s.time_reserved[post] &= ~bit;
    s.participating[post] &= ~bit;
  });
}

constexpr std::string_view kReservesTime[] = {"admin_share", "time_reserved", "participating"};

class KeyWorker final : public InterventionProcess {
 public:
  KeyWorker(const InterventionSpec& spec, const Scenario& scenario, const World& world)
      : InterventionProcess(spec),
        targeted_(targeted_posts(world, spec, scenario.seed)),
        protected_share_(static_cast<float>(spec.parameters.at("protected_share"))),
        group_hours_(static_cast<float>(spec.parameters.at("group_supervision_hours"))),
        bit_(intervention_bit(spec)) {}

  ColumnAccess access() const override {
    ColumnAccess access{{"occupancy", "present"}, {"extra_supervision"}, {}, false};
    access.writes.insert(access.writes.end(), std::begin(kReservesTime), std::end(kReservesTime));
    return access;
  }

  void step(WeekContext& context) const override {
    reserve_time(context, bit_, targeted_, protected_share_);
    ReplicateState& s = context.state();
    context.for_each_post([&](std::uint32_t post) {
      if (targeted_[post] && s.present[post]) s.extra_supervision[post] += group_hours_;
    });
  }
  void end(WeekContext& context) const override {
    release_time(context, bit_, targeted_, protected_share_);
  }

 private:
  std::vector<std::uint8_t> targeted_;
  float protected_share_;
  float group_hours_;
  std::uint32_t bit_;
};

class ActionResearchGroups final : public InterventionProcess {
 public:
  ActionResearchGroups(const InterventionSpec& spec, const Scenario& scenario, const World& world)
      : InterventionProcess(spec),
        targeted_(targeted_posts(world, spec, scenario.seed)),
        organisations_(targeted_organisations(world, spec)),
        readers_(posts_of(world, organisations_)),
        meeting_share_(static_cast<float>(spec.parameters.at("meeting_hours_per_week")) /
                       kContractedHours),
        publish_week_(std::max(1, spec.start_week) +
                      static_cast<int>(spec.parameters.at("publish_after_weeks"))),
        block_probability_(spec.parameters.at("block_probability")),
        reach_(spec.parameters.at("publication_reach")),
        bit_(intervention_bit(spec)) {
    for (std::size_t item = 0; item < world.evidence.size(); ++item) {
      if (world.evidence[item].id == spec.target.evidence) item_ = item;
    }
  }

  ColumnAccess access() const override {
    ColumnAccess access{{"occupancy", "present", "uptake"}, {"uptake"}, {}, false};
    access.writes.insert(access.writes.end(), std::begin(kReservesTime), std::end(kReservesTime));
    return access;
  }

  // The findings may be published after the groups have ended.
  bool acts(int week) const override {
    return InterventionProcess::acts(week) || week == publish_week_;
  }

  void step(WeekContext& context) const override {
    const int week = context.week();
    if (InterventionProcess::acts(week)) {
      reserve_time(context, bit_, targeted_, meeting_share_);
      if (week == std::max(1, spec().start_week)) start_using(context, targeted_, 1.0);
    }
    if (week != publish_week_) return;
    // One decision per replicate: does a gatekeeper block publication?
    RandomStream gatekeeper = context.stream(static_cast<std::uint64_t>(spec().index), kGatekeeper);
    if (gatekeeper.bernoulli(block_probability_)) return;
    start_using(context, readers_, reach_);
  }
  void end(WeekContext& context) const override {
    release_time(context, bit_, targeted_, meeting_share_);
  }

 private:
  void start_using(WeekContext& context, const std::vector<std::uint8_t>& who,
                   double probability) const {
    ReplicateState& s = context.state();
    const std::size_t posts = context.world().posts.size();
    const Purpose purpose = kPublication.indexed(static_cast<std::uint32_t>(spec().index));
    context.for_each_post([&](std::uint32_t post) {
      if (!who[post] || !s.present[post]) return;
      UptakeState& use = s.uptake.current[item_ * posts + post];
      if (uses_evidence(use)) return;
      RandomStream draw = context.post_stream(post, purpose);
      if (draw.bernoulli(probability)) use = UptakeState::trying;
    });
  }

  std::vector<std::uint8_t> targeted_;
  std::vector<std::uint8_t> organisations_;
  std::vector<std::uint8_t>
      readers_;  ///< per post: in a targeted organisation (the publication's reach)
  float meeting_share_;
  int publish_week_;
  double block_probability_;
  double reach_;
  std::uint32_t bit_;
  std::size_t item_ = 0;
};

}  // namespace

const InterventionRegistrar kRegisterKeyWorker{[] {
  using K = ParameterSpec::Kind;
  return InterventionRegistration{
      "key_worker",
      "a key worker role with protected time and multi-agency group supervision (seed 001)",
      {{"protected_share", K::real, 0.1, 0.0, 0.5, "share of time",
        "time reserved for the key worker role, off capacity for cases",
        "assumed; seed 001: "
        "protected time to carry out the role was important"},
       {"group_supervision_hours", K::real, 0.375, 0.0, 10.0, "hours/week",
        "multi-agency group supervision for key workers",
        "assumed (1.5 hours every 4 weeks); seed 001: on-going training, supervision and "
        "monitoring of key workers"}},
      [](const InterventionSpec& spec, const Scenario& scenario, const World& world) {
        return std::make_unique<KeyWorker>(spec, scenario, world);
      },
      /*needs_evidence=*/false,
      /*one_off=*/false,
      {0.0, 960.0,
       "seed 001: both sites judged a coordinator of the service essential; assumed one "
       "coordinator at the social worker employer cost (£50,000 a year). Key workers' "
       "protected time is modelled as lost capacity, not money"}};
}()};

const InterventionRegistrar kRegisterActionResearchGroups{[] {
  using K = ParameterSpec::Kind;
  return InterventionRegistration{
      "action_research_groups",
      "collaborative action research groups developing local evidence (target.evidence), "
      "with gatekeepers (seed 002)",
      {{"meeting_hours_per_week", K::real, 2.0, 0.0, 20.0, "hours/week",
        "time in group meetings, on top of usual duties",
        "assumed; seed 002: members "
        "participated on top of usual roles"},
       {"publish_after_weeks", K::integer, 26.0, 1.0, 520.0, "weeks",
        "time from the start of the groups to publishing their findings", "assumed"},
       {"block_probability", K::real, 0.33, 0.0, 1.0, "probability",
        "chance that a gatekeeper blocks publication",
        "seed 002: one of three completed case studies was not published"},
       {"publication_reach", K::real, 0.1, 0.0, 1.0, "probability",
        "chance that a colleague who reads the published findings starts trying the practice",
        "assumed"}},
      [](const InterventionSpec& spec, const Scenario& scenario, const World& world) {
        return std::make_unique<ActionResearchGroups>(spec, scenario, world);
      },
      /*needs_evidence=*/true,
      /*one_off=*/false,
      {0.0, 400.0,
       "assumed: one day a week of an external facilitator at about £400 a day (seed 002: "
       "university researchers facilitated the groups). Members' meeting time is modelled as "
       "lost capacity, not money"}};
}()};

}  // namespace wfsim::model
