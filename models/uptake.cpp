// Evidence uptake (diffusion of innovations; discrete Bass 1969 on the
// contact graph). Each week a present non-user (unaware, or aware after
// giving it up) of item i starts trying it with probability
//
//   pi = p + q x (contact-weighted share of its contacts who use it)      simple contagion
//   pi = p + q x share x [k >= complex_threshold]                          complex contagion
//
// (k: distinct contacts using it; Centola & Macy 2007). With
// `uptake.modifiers` on, pi is multiplied by
//   capacity   (1 - burnout_effect x b / 100) x max(0, 1 - pressure_effect x (pressure - 1)+)
//              ("lack of time" is the first barrier, seed 000 4.4)
//   culture    (0.5 + research_culture) x (0.5 + leadership_commitment)
//   channel    by evidence type (seed 000 table 2): published 1 + hei_effect x hei_link;
//              reflection 0.5 + supervision quality; self-learning 0.5 + training / reference
//   knowledge  1 + knowledge of that evidence type
//   champion   1 + champion_effect x strength
// where the champion's strength is min(1, their tenure / champion_weeks) while the
// organisation's research lead post is held, else 0. Triers embed the
// practice after a mean of `embed_weeks` (agency workers more slowly). Users
// abandon an item with weekly probability abandon_rate x (1 - strength): practice is "vulnerable to
// changes of personnel" (seed 000 6.3); without a research lead there is no
// champion to hold practice, so the full rate applies. Knowledge of a type grows while one
// uses items of that type. A leaver's post starts again unaware.
#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <stdexcept>

#include "sim/context.hpp"
#include "sim/neighbours.hpp"
#include "sim/org_parameters.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kInitialUse{"uptake.initial"};
constexpr Purpose kWeek{"uptake.week"};

// One purpose per evidence item, named by the item's id, so that items draw
// independently and adding an item changes no other item's draws.
std::vector<Purpose> item_purposes(Purpose purpose, const std::vector<EvidenceSpec>& evidence) {
  std::vector<Purpose> purposes;
  for (const EvidenceSpec& item : evidence) {
    const Purpose named = purpose.indexed(fnv1a(item.id));
    // 32-bit names: two ids could share one (about 1 in 4e9 for a pair);
    // refuse rather than correlate the two items silently.
    for (std::size_t other = 0; other < purposes.size(); ++other) {
      if (purposes[other].id == named.id)
        throw std::runtime_error("evidence ids '" + evidence[other].id + "' and '" + item.id +
                                 "' share a random stream; rename one of them");
    }
    purposes.push_back(named);
  }
  return purposes;
}

class Uptake final : public Process {
 public:
  explicit Uptake(const Scenario& scenario)
      : modifiers_(scenario.parameters.boolean("uptake.modifiers")),
        burnout_effect_(scenario.parameters.real("uptake.burnout_effect")),
        pressure_effect_(scenario.parameters.real("uptake.pressure_effect")),
        embed_probability_(1.0 / scenario.parameters.real("uptake.embed_weeks")),
        agency_embed_factor_(scenario.parameters.real("uptake.agency_embed_factor")),
        complex_threshold_(
            static_cast<std::uint32_t>(scenario.parameters.real("uptake.complex_threshold"))),
        hei_effect_(scenario.parameters.real("uptake.hei_effect")),
        champion_effect_(scenario.parameters.real("uptake.champion_effect")),
        champion_weeks_(scenario.parameters.real("uptake.champion_weeks")),
        abandon_rate_(scenario.parameters.real("uptake.abandon_rate")),
        learning_rate_(scenario.parameters.real("uptake.knowledge_learning_rate")),
        reference_training_(scenario.parameters.real("contact.reference_training_hours")),
        culture_(per_organisation(scenario, "organisation.research_culture")),
        leadership_(per_organisation(scenario, "organisation.leadership_commitment")),
        research_lead_(per_organisation(scenario, "organisation.research_lead")),
        hei_link_(per_organisation(scenario, "organisation.hei_link")),
        training_(per_organisation(scenario, "organisation.training_hours_per_fte")),
        initial_purpose_(item_purposes(kInitialUse, scenario.evidence)),
        week_purpose_(item_purposes(kWeek, scenario.evidence)) {}

  std::string_view name() const override { return "uptake"; }
  Phase phase() const override { return Phase::uptake; }
  ColumnAccess access() const override {
    return {{"occupancy", "tenure_weeks", "present", "pressure", "burnout", "supervision_quality",
             "knowledge", "near_contact", "near_users", "near_user_count"},
            {"uptake", "hei_link", "knowledge"},
            {"knowledge"},
            false};
  }

  void start(WeekContext& context) const override {
    const World& world = context.world();
    ReplicateState& s = context.state();
    for (std::size_t org = 0; org < world.orgs.size(); ++org) {
      s.hei_link[org] = static_cast<float>(hei_link_[org]);  // interventions may change it
    }
    const std::size_t posts = world.posts.size();
    context.for_each_post_chunk([&](IndexRange chunk) {
      for (std::size_t item = 0; item < world.evidence.size(); ++item) {
        const PostDraws draws(context, chunk, initial_purpose_[item]);
        for (std::uint32_t post = chunk.first; post < chunk.end(); ++post) {
          if (s.occupancy[post] != Occupancy::vacant &&
              draws[post].bernoulli(world.evidence[item].initial_share)) {
            s.uptake.current[item * posts + post] = UptakeState::embedded;
          }
        }
      }
    });
  }

  void arrive(WeekContext& context, std::uint32_t post) const override {
    ReplicateState& s = context.state();
    const std::size_t posts = context.world().posts.size();
    for (std::size_t type = 0; type < kEvidenceTypes; ++type)
      s.knowledge[type * posts + post] = 0.f;
  }

  void step(WeekContext& context) const override {
    const World& world = context.world();
    // Items in groups, so that a chunk's blocks of random numbers for a
    // group fit on the stack.
    const std::size_t items = world.evidence.size();
    for (std::size_t first = 0; first < items; first += kItemsPerPass)
      step_items(context, first, std::min(items, first + kItemsPerPass));
    if (modifiers_) learn(context);
  }

 private:
  double champion_strength(const WeekContext& context, std::size_t org) const {
    const std::uint32_t champion = context.world().orgs.champion[org];
    const ReplicateState& s = context.state();
    if (research_lead_[org] == 0.0 || champion == kNoPost ||
        s.occupancy[champion] == Occupancy::vacant) {
      return 0.0;
    }
    return std::min(1.0, s.tenure_weeks[champion] / champion_weeks_);
  }

  double modifier(const WeekContext& context, std::uint32_t post, EvidenceType type) const {
    const World& world = context.world();
    const ReplicateState& s = context.state();
    const std::uint32_t org = world.posts.org[post];
    const double capacity =
        (1.0 - burnout_effect_ * s.burnout.previous[post] / 100.0) *
        std::max(0.0, 1.0 - pressure_effect_ * std::max(0.0, s.pressure[post] - 1.0));
    const double culture = (0.5 + culture_[org]) * (0.5 + leadership_[org]);
    double channel = 1.0;
    switch (type) {
      case EvidenceType::published:
        channel = 1.0 + hei_effect_ * s.hei_link[org];
        break;
      case EvidenceType::reflection:
        channel = 0.5 + s.supervision_quality[post];
        break;
      case EvidenceType::self_learning:
        channel = 0.5 + training_[org] / reference_training_;
        break;
    }
    const double knowledge =
        s.knowledge[static_cast<std::size_t>(type) * world.posts.size() + post];
    return capacity * culture * channel * (1.0 + knowledge) *
           (1.0 + champion_effect_ * champion_strength(context, org));
  }

  // Items [first, last) for every present post. Each post draws one block per
  // item a week: its first uniform decides abandoning (a user) or adopting (a
  // non-user), its second embedding.
  void step_items(WeekContext& context, std::size_t first, std::size_t last) const {
    const ReplicateState& s = context.state();
    context.for_each_post_chunk([&](IndexRange chunk) {
      std::array<std::optional<PostDraws>, kItemsPerPass> draws;
      for (std::size_t item = first; item < last; ++item)
        draws[item - first].emplace(context, chunk, week_purpose_[item]);
      for (std::uint32_t post = chunk.first; post < chunk.end(); ++post) {
        if (!s.present[post]) continue;
        for (std::size_t item = first; item < last; ++item)
          step_item(context, item, post, (*draws[item - first])[post]);
      }
    });
  }

  // One post and item: users may abandon it or embed it; non-users may adopt it.
  void step_item(WeekContext& context, std::size_t item, std::uint32_t post,
                 const RandomBlock& draw) const {
    const World& world = context.world();
    ReplicateState& s = context.state();
    const EvidenceSpec& evidence = world.evidence[item];
    const std::size_t index = item * world.posts.size() + post;
    const UptakeState state = s.uptake.previous[index];
    UptakeState& now = s.uptake.current[index];
    const std::uint32_t org = world.posts.org[post];
    if (uses_evidence(state)) {
      if (modifiers_) {
        if (draw.bernoulli(abandon_rate_ * (1.0 - champion_strength(context, org)), 0)) {
          now = UptakeState::aware;
          return;
        }
      }
      if (state == UptakeState::trying) {
        const double factor = s.occupancy[post] == Occupancy::agency ? agency_embed_factor_ : 1.0;
        if (draw.bernoulli(embed_probability_ * factor, 1)) now = UptakeState::embedded;
      }
      return;
    }
    // Last week's users among the post's contacts (the contact walk's sums).
    double imitation = 0.0;
    if (evidence.q != 0.0) {
      imitation = evidence.q * contact_weighted_mean(s.near_users[index], s.near_contact[post]);
      if (evidence.contagion == Contagion::complex && s.near_user_count[index] < complex_threshold_)
        imitation = 0.0;
    }
    double probability = evidence.p + imitation;
    if (modifiers_) probability *= modifier(context, post, evidence.type);
    if (draw.bernoulli(probability, 0)) now = UptakeState::trying;
  }

  // Knowledge of each evidence type grows while one uses items of that type.
  void learn(WeekContext& context) const {
    const World& world = context.world();
    ReplicateState& s = context.state();
    const std::size_t posts = world.posts.size();
    context.for_each_post([&](std::uint32_t post) {
      if (!s.present[post]) return;
      for (std::size_t item = 0; item < world.evidence.size(); ++item) {
        if (!uses_evidence(s.uptake.current[item * posts + post])) continue;
        float& known =
            s.knowledge[static_cast<std::size_t>(world.evidence[item].type) * posts + post];
        known += static_cast<float>(learning_rate_) * (1.f - known);
      }
    });
  }

  bool modifiers_;
  double burnout_effect_, pressure_effect_, embed_probability_, agency_embed_factor_;
  std::uint32_t complex_threshold_;
  double hei_effect_, champion_effect_, champion_weeks_, abandon_rate_, learning_rate_;
  double reference_training_;
  std::vector<double> culture_, leadership_, research_lead_, hei_link_, training_;
  std::vector<Purpose> initial_purpose_, week_purpose_;
};

}  // namespace

const ProcessRegistrar kRegister{[] {
  using K = ParameterSpec::Kind;
  return ProcessRegistration{
      "uptake",
      Phase::uptake,
      mechanism_switch("uptake", "no evidence is adopted and initial_share is not applied"),
      {{"uptake.modifiers", K::boolean, 1.0, 0.0, 1.0, "",
        "false makes adoption exactly p + q x share and stops abandonment (the Bass limiting "
        "case)",
        "limiting-case switch (Bass 1969 diffusion), for tests and teaching"},
       {"uptake.burnout_effect", K::real, 0.5, 0.0, 1.0, "per 100 CBI points",
        "relative fall in adoption probability per 100 points of burnout",
        "assumed; direction from seed 000 4.4 (lack of time is the first barrier)"},
       {"uptake.pressure_effect", K::real, 0.5, 0.0, 10.0, "per unit pressure",
        "relative fall in adoption probability per unit of pressure above neutral",
        "assumed; seed 000 4.4 (lack of time)"},
       {"uptake.embed_weeks", K::real, 26.0, 1.0, 520.0, "weeks",
        "mean time from trying a practice to embedding it", "assumed"},
       {"uptake.agency_embed_factor", K::real, 0.5, 0.0, 1.0, "ratio",
        "agency workers' embedding rate relative to employed staff",
        "assumed; conceptual model: agency workers embed less"},
       {"uptake.complex_threshold", K::integer, 2.0, 1.0, 100.0, "contacts",
        "distinct using contacts needed before imitation acts (complex contagion)",
        "Centola & Macy 2007 (reinforcement from at least two contacts)"},
       {"uptake.hei_effect", K::real, 2.0, 0.0, 100.0, "ratio per unit link",
        "rise in adoption of published research with a full HEI link",
        "assumed; direction from seed 000 4.1-4.3 (HEI-linked organisations use published "
        "evidence more systematically)"},
       {"uptake.champion_effect", K::real, 0.5, 0.0, 100.0, "ratio",
        "rise in adoption while an established research champion is in post",
        "assumed; seed 000 6.3"},
       {"uptake.champion_weeks", K::real, 26.0, 1.0, 520.0, "weeks",
        "tenure at which a new champion reaches full strength", "assumed"},
       {"uptake.abandon_rate", K::real, 0.02, 0.0, 1.0, "1/week",
        "weekly probability of giving up an item without an established champion (full rate "
        "without a research lead)",
        "assumed; seed 000 6.3 (vulnerable to changes of personnel)"},
       {"uptake.knowledge_learning_rate", K::real, 0.02, 0.0, 1.0, "1/week",
        "growth of knowledge of an evidence type while using items of that type", "assumed"},
       {"organisation.research_culture", K::real, 0.5, 0.0, 1.0, "0-1",
        "the organisation's research culture", "assumed neutral (seed 000 varied widely)",
        Scope::organisation},
       {"organisation.leadership_commitment", K::real, 0.5, 0.0, 1.0, "0-1",
        "leaders' commitment to research use",
        "assumed neutral; seed 000: evidence use depends on leadership", Scope::organisation},
       {"organisation.research_lead", K::boolean, 1.0, 0.0, 1.0, "",
        "the organisation has a research / workforce-development lead (its champion)",
        "assumed; the key roles of seed 000's sampling frame (appendix II)", Scope::organisation},
       {"organisation.hei_link", K::real, 0.0, 0.0, 1.0, "0-1",
        "strength of the organisation's link with a university (postgraduate study, KTP, "
        "joint research)",
        "assumed none at baseline; four of nine seed 000 organisations had one",
        Scope::organisation}},
      [](const Scenario& s) { return std::make_unique<Uptake>(s); }};
}()};

}  // namespace wfsim::model
