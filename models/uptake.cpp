// Evidence uptake (diffusion of innovations; Bass 1969 in discrete time, on
// the contact graph). Each week a present non-user of an item starts using it
// ("trying") with probability
//     p + q * (contact-weighted share of its contacts who use it)
// for simple contagion; complex contagion (Centola & Macy 2007) counts the
// imitation term only once at least `uptake.complex_threshold` distinct
// contacts use it. With `uptake.modifiers` on, the probability is scaled by
// capacity: (1 - burnout_effect * burnout / 100), as "lack of time" is the
// first barrier (seed 000, 4.4). Triers embed the practice after a mean of
// `uptake.embed_weeks`. Users do not stop while they stay; a leaver's post
// starts again unaware.
#include <memory>

#include "context.hpp"
#include "neighbours.hpp"
#include "processes.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kInitialUse{"uptake.initial"};
constexpr Purpose kAdopt{"uptake.adopt"};
constexpr Purpose kEmbed{"uptake.embed"};

class Uptake final : public Process {
 public:
  explicit Uptake(const ParameterValues& p)
      : modifiers_(p.boolean("uptake.modifiers")),
        burnout_effect_(p.real("uptake.burnout_effect")),
        embed_probability_(1.0 / p.real("uptake.embed_weeks")),
        complex_threshold_(static_cast<std::uint32_t>(p.real("uptake.complex_threshold"))) {}

  std::string_view name() const override { return "uptake"; }
  Phase phase() const override { return Phase::uptake; }

  void start(WeekContext& context) const override {
    const World& world = context.world();
    ReplicateState& s = context.state();
    const std::size_t posts = world.posts.size();
    context.for_each_post([&](std::uint32_t post) {
      if (s.occupancy[post] == Occupancy::vacant) return;
      RandomStream draw = context.stream(post, kInitialUse);
      for (std::size_t item = 0; item < world.evidence.size(); ++item) {
        if (draw.bernoulli(world.evidence[item].initial_share)) {
          s.uptake.current[item * posts + post] = UptakeState::embedded;
        }
      }
    });
  }

  void step(WeekContext& context) const override {
    const World& world = context.world();
    for (std::size_t item = 0; item < world.evidence.size(); ++item) step_item(context, item);
  }

 private:
  void step_item(WeekContext& context, std::size_t item) const {
    const World& world = context.world();
    ReplicateState& s = context.state();
    const EvidenceSpec& evidence = world.evidence[item];
    const std::size_t offset = item * world.posts.size();
    const UptakeState* last_week = s.uptake.previous.data() + offset;
    UptakeState* now = s.uptake.current.data() + offset;
    const NeighbourSums users(context, [last_week](std::uint32_t other) {
      return uses_evidence(last_week[other]) ? 1.0 : 0.0;
    });
    const Purpose embed_purpose = kEmbed.indexed(static_cast<std::uint32_t>(item));
    const Purpose adopt_purpose = kAdopt.indexed(static_cast<std::uint32_t>(item));
    context.for_each_post([&](std::uint32_t post) {
      if (!s.present[post]) return;
      const UptakeState state = last_week[post];
      if (state == UptakeState::trying) {
        RandomStream embed = context.stream(post, embed_purpose);
        if (embed.bernoulli(embed_probability_)) now[post] = UptakeState::embedded;
        return;
      }
      if (uses_evidence(state)) return;
      const NeighbourSum near = users.at(post);
      double imitation = evidence.q * near.mean();
      if (evidence.contagion == Contagion::complex && near.positive < complex_threshold_)
        imitation = 0.0;
      double probability = evidence.p + imitation;
      if (modifiers_) probability *= 1.0 - burnout_effect_ * s.burnout.previous[post] / 100.0;
      RandomStream adopt = context.stream(post, adopt_purpose);
      if (adopt.bernoulli(probability)) now[post] = UptakeState::trying;
    });
  }

  bool modifiers_;
  double burnout_effect_;
  double embed_probability_;
  std::uint32_t complex_threshold_;
};

}  // namespace

ProcessRegistration uptake_process() {
  using K = ParameterSpec::Kind;
  return {"uptake",
          "uptake",
          {{"uptake.modifiers", K::boolean, 1.0, 0.0, 1.0, "",
            "false makes adoption exactly p + q x share (the Bass limiting case)", "contract.md"},
           {"uptake.burnout_effect", K::real, 0.5, 0.0, 1.0, "per 100 CBI points",
            "relative fall in adoption probability per 100 points of burnout",
            "assumed; direction from seed 000 4.4 (lack of time is the first barrier)"},
           {"uptake.embed_weeks", K::real, 26.0, 1.0, 520.0, "weeks",
            "mean time from trying a practice to embedding it", "assumed"},
           {"uptake.complex_threshold", K::integer, 2.0, 1.0, 100.0, "contacts",
            "distinct using contacts needed before imitation acts (complex contagion)",
            "Centola & Macy 2007 (reinforcement from at least two contacts)"}},
          [](const Scenario& s) { return std::make_unique<Uptake>(s.parameters); }};
}

}  // namespace wfsim::model
