// Contact: the workplace graph's ties, and each week's contact hours on them
// from co-presence. Two people meet in the office only on the days both are
// there (with days drawn independently, o_i o_j / 25 of a full week); remote
// working keeps a fraction of team contact; supervision is scheduled and
// happens when both work that week; hot-deskers lose part of their in-office
// team contact and sit each week next to people drawn from the whole
// organisation (seed 003; Engelen et al. 2019).
#include "models/contact.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <memory>

#include "sim/context.hpp"
#include "sim/neighbours.hpp"
#include "sim/org_parameters.hpp"
#include "sim/registry.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kDeskTies{"graph.desk"};
constexpr Purpose kLearningTies{"graph.learning"};
constexpr Purpose kRandomGraph{"graph.random"};
constexpr Purpose kHotDesk{"contact.hot_desk"};
constexpr float kWeekDays = 5.f;
constexpr unsigned kMaxWorkingDays = 5;  // the rota's range (state.hpp)

// Supervision, informal, cross-team and cross-agency contact hours of a post.
using ContactSums = float __attribute__((vector_size(16)));
// What a tie's contact adds to each of those sums, by [layer][crosses team +
// 2 x crosses organisation]: supervision is not informal contact.
constexpr ContactSums kContactKinds[kLayerCount * 4] = {
    // team, supervision, desk, cross_team, learning (graph.hpp's Layer order)
    {0, 1, 0, 0}, {0, 1, 1, 0}, {0, 1, 0, 1}, {0, 1, 1, 1}, {1, 0, 0, 0},
    {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 1, 1, 0},
    {0, 1, 0, 1}, {0, 1, 1, 1}, {0, 1, 0, 0}, {0, 1, 1, 0}, {0, 1, 0, 1},
    {0, 1, 1, 1}, {0, 1, 0, 0}, {0, 1, 1, 0}, {0, 1, 0, 1}, {0, 1, 1, 1}};
static_assert(static_cast<int>(Layer::supervision) == 1 && kLayerCount == 5);

// The sums over contacts that this scenario's processes read: burnout's
// crossover and uptake's imitation, when those mechanisms are on and the
// effect is not zero.
NeighbourNeeds neighbour_needs(const Scenario& scenario) {
  const bool imitation = std::any_of(scenario.evidence.begin(), scenario.evidence.end(),
                                     [](const EvidenceSpec& item) { return item.q != 0.0; });
  return {mechanism_enabled(scenario, "burnout") &&
              scenario.parameters.real("burnout.crossover") != 0.0,
          mechanism_enabled(scenario, "uptake") && imitation};
}

// Per organisation, the share of a learning tie's full contact that happens
// in a week: its training hours over the reference.
std::vector<float> learning_shares(const Scenario& scenario) {
  const double reference = scenario.parameters.real("contact.reference_training_hours");
  std::vector<float> shares;
  for (const double hours : per_organisation(scenario, "organisation.training_hours_per_fte"))
    shares.push_back(static_cast<float>(hours / reference));
  return shares;
}

class Contact final : public Process {
 public:
  explicit Contact(const Scenario& scenario)
      : desk_hours_(static_cast<float>(scenario.parameters.real("contact.desk_hours_per_week"))),
        remote_(static_cast<float>(scenario.parameters.real("contact.remote_contact_factor"))),
        dispersion_(
            static_cast<float>(scenario.parameters.real("contact.hot_desk_team_dispersion"))),
        learning_share_(learning_shares(scenario)),
        mixed_seating_(per_organisation(scenario, "working.mixed_seating")),
        formal_supervision_(
            static_cast<float>(scenario.parameters.real("contact.formal_supervision_share"))),
        share_table_(share_table()),
        needs_(neighbour_needs(scenario)) {}

  std::string_view name() const override { return "contact"; }
  Phase phase() const override { return Phase::contact; }
  ColumnAccess access() const override {
    // The walk also sums what burnout and uptake read of each post's contacts.
    return {{"hot_desk", "working_days", "office_days", "present", "burnout", "uptake"},
            {"presence_code", "supervision_hours", "informal_hours", "cross_team_hours",
             "cross_agency_hours", "desk_partner", "desk_partner_hours", "edge_contact",
             "indicator_bits", "near_contact", "near_burnout", "near_users", "near_user_count"},
            {},
            false};
  }
  void start(WeekContext& context) const override { step(context); }

  void step(WeekContext& context) const override {
    const World& world = context.world();
    ReplicateState& s = context.state();
    const NeighbourSumsWriter near(context, needs_);
    if (world.graph.is_complete()) {
      double present = 0.0;  // everyone present meets everyone else present for an hour
      for (std::uint32_t post = 0; post < world.posts.size(); ++post) present += s.present[post];
      context.for_each_post([&](std::uint32_t post) {
        s.supervision_hours[post] = 0.f;
        s.informal_hours[post] = s.present[post] ? static_cast<float>(present - 1.0) : 0.f;
        s.cross_team_hours[post] = 0.f;  // not tracked on this limiting-case graph
        s.cross_agency_hours[post] = 0.f;
        near.write(post);
      });
      return;
    }
    context.for_each_post([&](std::uint32_t post) {
      s.presence_code[post] =
          presence_code(s.working_days[post], s.office_days[post], s.hot_desk[post] != 0);
    });
    const std::uint8_t* codes = s.presence_code.data();
    float* edge_contact = s.edge_contact.data();
    context.for_each_post([&](std::uint32_t post) {
      const std::uint32_t org = world.posts.org[post];
      const float* shares = row_shares(mixed_seating_[org] != 0.0, codes[post]);
      // The table holds learning ties at a share of 1; this row's organisation
      // scales them (x 1 leaves the other layers exact).
      std::array<float, kLayerCount> scale;
      scale.fill(1.f);
      scale[static_cast<std::size_t>(Layer::learning)] = learning_share_[org];
      // The four sums (supervision, informal, cross-team, cross-agency) in
      // one vector register, each edge adding its contact times 0 or 1 per
      // sum: no branch on the layer or the other end, which are unpredictable
      // from edge to edge. Adding +0 leaves a sum unchanged (contact is finite
      // and never negative), so each lane is the plain sum over its edges.
      ContactSums sums{0.f, 0.f, 0.f, 0.f};
      float desk_hours = 0.f;
      // One walk of the row: each edge's contact, this post's contact sums,
      // and (through add) the sums other processes read of its contacts.
      near.walk(post, [&](auto&& add) {
        // Summed in a local, not in `sums`: the stores to edge_contact could
        // alias an outer float, which would keep the sum in memory.
        ContactSums row{0.f, 0.f, 0.f, 0.f};
        world.graph.for_each_edge(
            post, [&](std::uint32_t other, std::size_t edge, const EdgeAttributes& tie) {
              const auto layer = static_cast<std::size_t>(tie.layer);
              const float contact = tie.hours_per_week *
                                    (shares[layer * kPresenceCodes + codes[other]] * scale[layer]);
              edge_contact[edge] = contact;
              row += contact * kContactKinds[layer * 4 + tie.crosses_team + 2u * tie.crosses_org];
              add(other, contact);
            });
        sums = row;
        desk_hours = draw_hot_desk_partners(context, post);
      });
      float supervision = sums[0], informal = sums[1], cross_team = sums[2], cross_agency = sums[3];
      informal += desk_hours;
      const std::uint32_t team = world.posts.team[post];
      for (std::size_t k = 0; k < kHotDeskPartners; ++k) {
        const std::uint32_t other = s.desk_partner[post * kHotDeskPartners + k];
        if (other == kNoPost) continue;
        const float contact = s.desk_partner_hours[post * kHotDeskPartners + k];
        cross_team += contact * static_cast<float>(world.posts.team[other] != team);
        cross_agency += contact * static_cast<float>(world.posts.org[other] != org);
      }
      s.supervision_hours[post] = supervision;
      s.informal_hours[post] = informal;
      s.cross_team_hours[post] = cross_team;
      s.cross_agency_hours[post] = cross_agency;
    });
  }

 private:
  // What the source post of a tie brings to it this week.
  struct RowEnd {
    float days = 0.f;
    int office_days = 0;
    bool hot_desk = false;
    bool mixed_seating = false;
  };

  // Each layer's share of a full week's contact, for ties where both work
  // this week, as base + office x (office factor, or the hot-desk one when
  // either end hot-desks) + remote x remote factor, with office the share of
  // the week both are in the office together and remote the share both work
  // but not together. Factors of exactly 0 and 1 keep every share equal, bit
  // for bit, to its direct formula:
  //   supervision  supervision_share(office)       (scheduled, held remotely if need be)
  //   learning     the organisation's learning share
  //   desk         office, none if either hot-desks (they draw desk partners weekly instead)
  //   team         office x (1 - dispersion if dispersed) + remote: without a team bloc
  //                (hot-desking, or mixed open-plan seating) a team meets less by chance
  //   cross_team   office + remote
  struct LayerShare {
    float base = 0.f;
    std::array<float, 2> office{};  ///< [either end hot-desks]
    float remote = 0.f;
  };
  using LayerShares = std::array<LayerShare, kLayerCount>;

  LayerShares layer_shares(const RowEnd& a) const {
    LayerShares shares{};
    const float supervised_in_office = 1.f - formal_supervision_;
    const float dispersed = 1.f - dispersion_;
    shares[static_cast<std::size_t>(Layer::supervision)] = {
        formal_supervision_, {supervised_in_office, supervised_in_office}, 0.f};
    // Learning at a share of 1: each row scales it by its organisation's share.
    shares[static_cast<std::size_t>(Layer::learning)] = {1.f, {0.f, 0.f}, 0.f};
    shares[static_cast<std::size_t>(Layer::desk)] = {0.f, {1.f, 0.f}, 0.f};
    shares[static_cast<std::size_t>(Layer::team)] = {
        0.f, {a.mixed_seating ? dispersed : 1.f, dispersed}, 1.f};
    shares[static_cast<std::size_t>(Layer::cross_team)] = {0.f, {1.f, 1.f}, 1.f};
    return shares;
  }

  // The share of a full week's contact on a tie from `a` to a post whose
  // presence code is `b` that happens this week.
  float share_of_week(const RowEnd& a, const LayerShare& share, std::uint8_t b) const {
    const auto days_b = static_cast<float>(presence_working_days(b));
    const float office =
        a.office_days * static_cast<int>(presence_office_days(b)) / (kWeekDays * kWeekDays);
    const float remote = remote_ * (a.days * days_b / (kWeekDays * kWeekDays) - office);
    const bool hot_desk = a.hot_desk || presence_hot_desk(b);
    const float value = share.base + office * share.office[hot_desk] + remote * share.remote;
    return value * static_cast<float>(a.days != 0.f && days_b != 0.f);
  }

  // Every tie's share of the week, by [mixed seating][presence code of the
  // row's post][layer][presence code of the other end], at a learning share
  // of 1: the per-edge work is then one byte read and a table lookup. Only
  // codes the rota can give (office days <= working days <= 5) are filled;
  // the rest are NaN, so that a code outside that range would show in every
  // result rather than pass unnoticed.
  std::vector<float> share_table() const {
    std::vector<float> table(2 * kPresenceCodes * kLayerCount * kPresenceCodes,
                             std::numeric_limits<float>::quiet_NaN());
    std::vector<std::uint8_t> codes;
    for (unsigned days = 0; days <= kMaxWorkingDays; ++days) {
      for (unsigned office = 0; office <= days; ++office) {
        codes.push_back(presence_code(days, office, false));
        codes.push_back(presence_code(days, office, true));
      }
    }
    for (const bool mixed : {false, true}) {
      for (const std::uint8_t code : codes) {
        const RowEnd a{static_cast<float>(presence_working_days(code)),
                       static_cast<int>(presence_office_days(code)), presence_hot_desk(code),
                       mixed};
        const LayerShares shares = layer_shares(a);
        float* row = table.data() + (static_cast<std::size_t>(mixed) * kPresenceCodes + code) *
                                        kLayerCount * kPresenceCodes;
        for (std::size_t layer = 0; layer < kLayerCount; ++layer) {
          for (const std::uint8_t b : codes)
            row[layer * kPresenceCodes + b] = share_of_week(a, shares[layer], b);
        }
      }
    }
    return table;
  }

  const float* row_shares(bool mixed_seating, std::uint8_t code) const {
    const std::size_t row = static_cast<std::size_t>(mixed_seating) * kPresenceCodes + code;
    return share_table_.data() + row * kLayerCount * kPresenceCodes;
  }

  // A hot-desker in the office sits next to people drawn from the whole
  // organisation this week; returns the contact hours this gives.
  float draw_hot_desk_partners(WeekContext& context, std::uint32_t post) const {
    ReplicateState& s = context.state();
    float hours = 0.f;
    for (std::size_t k = 0; k < kHotDeskPartners; ++k) {
      s.desk_partner[post * kHotDeskPartners + k] = kNoPost;
      s.desk_partner_hours[post * kHotDeskPartners + k] = 0.f;
    }
    if (!s.hot_desk[post] || s.office_days[post] == 0) return 0.f;
    const IndexRange org = context.world().orgs.posts[context.world().posts.org[post]];
    if (org.count < 2) return 0.f;
    RandomStream draw = context.post_stream(post, kHotDesk);
    for (std::size_t k = 0; k < kHotDeskPartners; ++k) {
      std::uint32_t other = org.first + draw.next_u32() % org.count;
      if (other == post) other = org.first + (other - org.first + 1) % org.count;
      const float contact =
          desk_hours_ * s.office_days[post] * s.office_days[other] / (kWeekDays * kWeekDays);
      s.desk_partner[post * kHotDeskPartners + k] = other;
      s.desk_partner_hours[post * kHotDeskPartners + k] = contact;
      hours += contact;
    }
    return hours;
  }

  float desk_hours_, remote_, dispersion_;
  std::vector<float> learning_share_;  ///< per organisation: learning contact this week / full
  std::vector<double> mixed_seating_;
  float formal_supervision_;
  std::vector<float> share_table_;
  NeighbourNeeds needs_;
};

void add_team_ties(const World& world, const ParameterValues& p, std::vector<Tie>& ties) {
  const auto team_hours = static_cast<float>(p.real("contact.team_hours_per_week"));
  const auto supervision_hours = static_cast<float>(p.real("contact.supervision_hours_per_week"));
  for (std::uint32_t team = 0; team < world.teams.size(); ++team) {
    const IndexRange members = world.teams.posts[team];
    for (std::uint32_t a = members.first; a < members.end(); ++a) {
      for (std::uint32_t b = a + 1; b < members.end(); ++b)
        ties.push_back({a, b, {team_hours, Layer::team}});
    }
  }
  for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
    const std::uint32_t supervisor = world.posts.supervisor[post];
    if (supervisor != kNoPost)
      ties.push_back({supervisor, post, {supervision_hours, Layer::supervision}});
  }
}

void add_organisation_ties(const World& world, const Scenario& scenario, std::vector<Tie>& ties) {
  const ParameterValues& p = scenario.parameters;
  const auto cross_hours = static_cast<float>(p.real("contact.cross_team_hours_per_week"));
  const auto learning_hours = static_cast<float>(p.real("contact.learning_hours_per_week"));
  for (std::uint32_t org = 0; org < world.orgs.size(); ++org) {
    const IndexRange teams = world.orgs.teams[org];
    const IndexRange posts = world.orgs.posts[org];
    // Managers meet across teams (the management layer of cross-team work).
    std::vector<std::uint32_t> managers;
    for (std::uint32_t post = posts.first; post < posts.end(); ++post) {
      const Role role = world.posts.role[post];
      if (role == Role::team_manager || role == Role::middle_manager) managers.push_back(post);
    }
    for (std::size_t i = 0; i < managers.size(); ++i) {
      for (std::size_t j = i + 1; j < managers.size(); ++j) {
        ties.push_back({managers[i], managers[j], {cross_hours, Layer::cross_team}});
      }
    }
    if (teams.count < 2) continue;
    for (std::uint32_t team = teams.first; team < teams.end(); ++team) {
      // One learning tie (a training cohort or action-learning set) to a
      // post drawn uniformly from the organisation's other teams: a draw
      // among the posts outside the team, counted past the team's block.
      const IndexRange members = world.teams.posts[team];
      const std::uint32_t outside = posts.count - members.count;
      if (outside == 0) continue;
      for (std::uint32_t post = members.first; post < members.end(); ++post) {
        RandomStream learning(
            StreamKey{scenario.seed, 0, 0, world.posts.identity[post], kLearningTies});
        std::uint32_t other = posts.first + learning.next_u32() % outside;
        if (other >= members.first) other += members.count;
        ties.push_back({post, other, {learning_hours, Layer::learning}});
      }
    }
  }
}

// Desk ties within each office. In team blocs each post sits by
// `graph.desk_neighbours` posts of the next team in the office (the rest of
// its near desks are teammates); with mixed seating (open plan without team
// blocs, seed 000 case study 3) all its near desks, twice as many, face posts
// drawn from the office's other teams, whichever organisation they belong to.
void add_desk_ties(const World& world, const Scenario& scenario, std::vector<Tie>& ties) {
  const auto desk_hours =
      static_cast<float>(scenario.parameters.real("contact.desk_hours_per_week"));
  const std::vector<double> mixed = per_organisation(scenario, "working.mixed_seating");
  for (const std::vector<std::uint32_t>& office : world.offices) {
    if (office.size() < 2 || scenario.graph.desk_neighbours == 0) continue;
    std::vector<std::uint32_t> office_posts;
    for (std::uint32_t team : office) {
      for (std::uint32_t post = world.teams.posts[team].first; post < world.teams.posts[team].end();
           ++post) {
        office_posts.push_back(post);
      }
    }
    for (std::size_t i = 0; i < office.size(); ++i) {
      const std::uint32_t team = office[i];
      const IndexRange near = world.teams.posts[office[(i + 1) % office.size()]];
      const bool mixed_seating = mixed[world.teams.org[team]] != 0.0;
      const IndexRange members = world.teams.posts[team];
      for (std::uint32_t post = members.first; post < members.end(); ++post) {
        RandomStream desk(StreamKey{scenario.seed, 0, 0, world.posts.identity[post], kDeskTies});
        const int neighbours = scenario.graph.desk_neighbours * (mixed_seating ? 2 : 1);
        for (int k = 0; k < neighbours; ++k) {
          std::uint32_t other = near.first + desk.next_u32() % near.count;
          if (mixed_seating) {
            // Anyone else in the office: others outnumber the team, so a few tries suffice.
            for (int attempt = 0; attempt < 16; ++attempt) {
              const std::uint32_t candidate = office_posts[desk.next_u32() % office_posts.size()];
              if (world.posts.team[candidate] != team) {
                other = candidate;
                break;
              }
            }
          }
          ties.push_back({post, other, {desk_hours, Layer::desk}});
        }
      }
    }
  }
}

// Test graphs of equal degree (Centola 2010): a clustered ring lattice, and
// a random graph made by pairing the same number of tie ends at random.
std::vector<Tie> regular_ties(std::uint32_t posts, const Scenario& scenario) {
  const auto half = static_cast<std::uint32_t>(scenario.graph.degree / 2);
  std::vector<Tie> ties;
  if (scenario.graph.kind == GraphKind::lattice) {
    for (std::uint32_t a = 0; a < posts; ++a) {
      for (std::uint32_t d = 1; d <= half; ++d)
        ties.push_back({a, (a + d) % posts, {1.f, Layer::team}});
    }
    return ties;
  }
  std::vector<std::uint32_t> ends;
  for (std::uint32_t a = 0; a < posts; ++a) {
    for (std::uint32_t d = 0; d < 2 * half; ++d) ends.push_back(a);
  }
  RandomStream shuffle(StreamKey{scenario.seed, 0, 0, 0, kRandomGraph});
  for (std::size_t i = ends.size(); i > 1; --i) {
    std::swap(ends[i - 1], ends[shuffle.next_u32() % i]);
  }
  for (std::size_t i = 0; i + 1 < ends.size(); i += 2) {
    if (ends[i] != ends[i + 1]) ties.push_back({ends[i], ends[i + 1], {1.f, Layer::team}});
  }
  return ties;
}

void mark_crossings(const World& world, std::vector<Tie>& ties) {
  for (Tie& tie : ties) {
    tie.attributes.crosses_team = world.posts.team[tie.a] != world.posts.team[tie.b];
    tie.attributes.crosses_org = world.posts.org[tie.a] != world.posts.org[tie.b];
  }
}

}  // namespace

ContactGraph build_contact_graph(const World& world, const Scenario& scenario) {
  const auto posts = static_cast<std::uint32_t>(world.posts.size());
  switch (scenario.graph.kind) {
    case GraphKind::complete:
      return ContactGraph::complete(posts);
    case GraphKind::lattice:
    case GraphKind::random: {
      std::vector<Tie> ties = regular_ties(posts, scenario);
      mark_crossings(world, ties);
      return ContactGraph::from_ties(posts, ties);
    }
    case GraphKind::workplace:
      break;
  }
  std::vector<Tie> ties;
  add_team_ties(world, scenario.parameters, ties);
  add_organisation_ties(world, scenario, ties);
  add_desk_ties(world, scenario, ties);
  mark_crossings(world, ties);
  return ContactGraph::from_ties(posts, ties);
}

const ProcessRegistrar kRegister{[] {
  using K = ParameterSpec::Kind;
  return ProcessRegistration{
      "contact",
      Phase::contact,
      std::nullopt,
      {{"contact.team_hours_per_week", K::real, 2.0, 0.0, 40.0, "hours/week",
        "informal contact between two members of a team in a full week together in the office",
        "assumed"},
       {"contact.supervision_hours_per_week", K::real, 0.375, 0.0, 40.0, "hours/week",
        "formal supervision from a supervisor to each supervisee (1.5 hours every 4 weeks)",
        "assumed: monthly supervision of about 1.5 hours, common practice standard"},
       {"contact.desk_hours_per_week", K::real, 1.0, 0.0, 40.0, "hours/week",
        "contact with a desk neighbour in a full week together in the office", "assumed"},
       {"contact.cross_team_hours_per_week", K::real, 0.5, 0.0, 40.0, "hours/week",
        "contact between two managers of the same organisation", "assumed"},
       {"contact.learning_hours_per_week", K::real, 0.25, 0.0, 40.0, "hours/week",
        "contact on a learning tie (training cohort, action-learning set) at the reference "
        "training budget",
        "assumed"},
       {"contact.reference_training_hours", K::real, 18.0, 1.0, 1000.0, "hours/FTE/year",
        "training budget at which learning ties carry their full contact",
        "assumed (about 2.5 days a year)"},
       {"contact.remote_contact_factor", K::real, 0.3, 0.0, 1.0, "ratio",
        "contact kept on days when one or both work from home, relative to the office",
        "assumed; Gajendran & Harrison 2007: co-worker relationships suffer above ~2.5 home "
        "days"},
       {"contact.hot_desk_team_dispersion", K::real, 0.5, 0.0, 1.0, "share",
        "share of in-office team contact lost when a team member has no fixed desk near the "
        "team",
        "assumed; seed 003: hot-desking cut informal contact and support within teams"},
       {"contact.formal_supervision_share", K::real, 0.5, 0.0, 1.0, "share",
        "share of supervision that is formal (scheduled); the rest is informal and needs "
        "co-presence in the office",
        "assumed; seed 003: hot-desking reduced informal supervision"},
       {"working.mixed_seating", K::boolean, 0.0, 0.0, 1.0, "",
        "open-plan seating without team blocs: desk neighbours come from any team in the "
        "office, and teams meet less by chance",
        "seed 000 case study 3 (open plan without team blocs); assumed off at baseline",
        Scope::organisation},
       {"organisation.training_hours_per_fte", K::real, 18.0, 0.0, 1000.0, "hours/FTE/year",
        "in-house training budget (scales learning-tie contact and self-learning)",
        "assumed; seed 000 asked organisations for it", Scope::organisation}},
      [](const Scenario& s) { return std::make_unique<Contact>(s); }};
}()};

}  // namespace wfsim::model
