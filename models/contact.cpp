// Contact: this week's contact hours on each edge from co-presence. Both
// people must be at work (not absent, post not vacant); working patterns and
// hot-desk draws will scale this further (the full model).
#include "contact.hpp"

#include <memory>

#include "context.hpp"
#include "processes.hpp"

namespace wfsim::model {

namespace {

constexpr Purpose kDeskTies{"graph.desk"};

class Contact final : public Process {
 public:
  std::string_view name() const override { return "contact"; }
  Phase phase() const override { return Phase::contact; }

  void start(WeekContext& context) const override { step(context); }

  void step(WeekContext& context) const override {
    const World& world = context.world();
    ReplicateState& s = context.state();
    if (world.graph.is_complete()) {
      // Everyone present meets everyone else present for an hour.
      double present = 0.0;
      for (std::uint32_t post = 0; post < world.posts.size(); ++post) present += s.present[post];
      context.for_each_post([&](std::uint32_t post) {
        s.supervision_hours[post] = 0.f;
        s.informal_hours[post] = s.present[post] ? static_cast<float>(present - 1.0) : 0.f;
      });
      return;
    }
    context.for_each_post([&](std::uint32_t post) {
      float supervision = 0.f, informal = 0.f;
      const bool here = s.present[post] != 0;
      world.graph.for_each_edge(
          post, [&](std::uint32_t other, std::size_t edge, const EdgeAttributes& tie) {
            const float contact = here && s.present[other] ? tie.hours_per_week : 0.f;
            s.edge_contact[edge] = contact;
            (tie.layer == Layer::supervision ? supervision : informal) += contact;
          });
      s.supervision_hours[post] = supervision;
      s.informal_hours[post] = informal;
    });
  }
};

}  // namespace

ContactGraph build_contact_graph(const World& world, const Scenario& scenario) {
  const auto posts = static_cast<std::uint32_t>(world.posts.size());
  if (scenario.graph.kind == GraphKind::complete) return ContactGraph::complete(posts);
  const ParameterValues& p = scenario.parameters;
  const auto team_hours = static_cast<float>(p.real("contact.team_hours_per_week"));
  const auto supervision_hours = static_cast<float>(p.real("contact.supervision_hours_per_week"));
  const auto desk_hours = static_cast<float>(p.real("contact.desk_hours_per_week"));
  std::vector<Tie> ties;
  for (std::uint32_t team = 0; team < world.teams.size(); ++team) {
    const IndexRange members = world.teams.posts[team];
    const std::uint32_t manager = world.teams.manager[team];
    for (std::uint32_t a = members.first; a < members.end(); ++a) {
      for (std::uint32_t b = a + 1; b < members.end(); ++b)
        ties.push_back({a, b, {team_hours, Layer::team}});
      if (manager != kNoPost && a != manager)
        ties.push_back({manager, a, {supervision_hours, Layer::supervision}});
    }
  }
  for (std::uint32_t org = 0; org < world.orgs.size(); ++org) {
    const IndexRange teams = world.orgs.teams[org];
    if (teams.count < 2 || scenario.graph.desk_neighbours == 0) continue;
    for (std::uint32_t team = teams.first; team < teams.end(); ++team) {
      // Teams sit next to the following team in the office (the last next to the first).
      const std::uint32_t next = team + 1 < teams.end() ? team + 1 : teams.first;
      const IndexRange near = world.teams.posts[next];
      const IndexRange members = world.teams.posts[team];
      for (std::uint32_t post = members.first; post < members.end(); ++post) {
        RandomStream draw(StreamKey{scenario.seed, 0, 0, post, kDeskTies});
        for (int k = 0; k < scenario.graph.desk_neighbours; ++k) {
          const std::uint32_t other = near.first + draw.next_u32() % near.count;
          ties.push_back({post, other, {desk_hours, Layer::desk}});
        }
      }
    }
  }
  return ContactGraph::from_ties(posts, ties);
}

ProcessRegistration contact_process() {
  return {"contact",
          "",
          {{"contact.team_hours_per_week", ParameterSpec::Kind::real, 2.0, 0.0, 40.0, "hours/week",
            "informal contact between two members of a team in a full week together", "assumed"},
           {"contact.supervision_hours_per_week", ParameterSpec::Kind::real, 0.375, 0.0, 40.0,
            "hours/week",
            "formal supervision from the team manager to each member (1.5 hours every 4 weeks)",
            "assumed: monthly supervision of about 1.5 hours, common practice standard"},
           {"contact.desk_hours_per_week", ParameterSpec::Kind::real, 1.0, 0.0, 40.0, "hours/week",
            "contact with a desk neighbour from another team", "assumed"}},
          [](const Scenario&) { return std::make_unique<Contact>(); }};
}

}  // namespace wfsim::model
