// The week's one walk of the graph: the sums over each post's contacts that
// burnout and uptake read, checked against a direct computation.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "sim/neighbours.hpp"
#include "tests/model_harness.hpp"

using namespace wfsim;

namespace {

// Ten evidence items (two passes of eight over a row), hot-deskers (partners
// outside the graph), and no leaving, absence or recruitment, so that who is
// present at the end of the week is who was present during the walk.
Scenario ten_items() {
  std::string yaml = test::minimal_scenario(6, 9, "workplace") + "evidence:\n";
  for (int i = 0; i < 10; ++i) {
    yaml += fmt::format(
        "  - {{id: item_{}, type: published, p: 0.01, q: 0.3, contagion: {}, initial_share: "
        "0.{}}}\n",
        i, i % 2 ? "complex" : "simple", i + 1);
  }
  return test::scenario_from_yaml(
      yaml, {"mechanisms.uptake=true", "mechanisms.burnout=true", "mechanisms.demand=true",
             "parameters.working.hot_desking_share=0.5", "weeks=6", "replicates=1"});
}

// The sums as the documented rule states them, straight from the state.
struct Direct {
  double contact = 0.0, burnout = 0.0;
  std::vector<double> users;
  std::vector<std::uint32_t> count;
};

Direct direct_sums(const World& world, const ReplicateState& s, std::uint32_t post) {
  const std::size_t posts = world.posts.size(), items = world.evidence.size();
  Direct sums{0.0, 0.0, std::vector<double>(items), std::vector<std::uint32_t>(items)};
  const auto add = [&](std::uint32_t other, double hours, bool counts) {
    sums.contact += hours;
    sums.burnout += hours * double{s.burnout.previous[other]};
    for (std::size_t item = 0; item < items; ++item) {
      if (!uses_evidence(s.uptake.previous[item * posts + other])) continue;
      sums.users[item] += hours;
      if (counts) ++sums.count[item];
    }
  };
  std::uint32_t last_counted = kNoPost;
  world.graph.for_each_edge(post, [&](std::uint32_t other, std::size_t edge, const auto&) {
    const float contact = s.edge_contact[edge];
    const bool first_tie = contact > 0.f && other != last_counted;
    if (contact > 0.f) last_counted = other;
    add(other, contact, first_tie);
  });
  for (std::size_t k = 0; k < kHotDeskPartners; ++k) {
    const std::uint32_t other = s.desk_partner[post * kHotDeskPartners + k];
    if (other != kNoPost && s.present[other])
      add(other, s.desk_partner_hours[post * kHotDeskPartners + k], true);
  }
  return sums;
}

}  // namespace

TEST_CASE("the walk's sums over contacts equal a direct computation", "[neighbours]") {
  const Scenario scenario = ten_items();
  const Simulation simulation = model::build_simulation(scenario);
  const World& world = simulation.world();
  const std::size_t posts = world.posts.size();
  int checked_posts = 0, partners = 0;
  simulation.run(scenario.seed, 0, scenario.weeks, [&](int week, const ReplicateState& s) {
    if (week == 0) return;  // the sums are read from week 1 on
    for (std::uint32_t post = 0; post < posts; ++post) {
      if (!s.present[post]) {
        REQUIRE(s.near_contact[post] == 0.0);
        continue;
      }
      const Direct direct = direct_sums(world, s, post);
      INFO("week " << week << " post " << post);
      // Exact: the same additions in the same order.
      REQUIRE(s.near_contact[post] == direct.contact);
      REQUIRE(s.near_burnout[post] == direct.burnout);
      for (std::size_t item = 0; item < world.evidence.size(); ++item) {
        INFO("item " << item);
        REQUIRE(s.near_users[item * posts + post] == direct.users[item]);
        REQUIRE(s.near_user_count[item * posts + post] == direct.count[item]);
      }
      ++checked_posts;
      partners += s.desk_partner[post * kHotDeskPartners] != kNoPost;
    }
  });
  CHECK(checked_posts > 200);
  CHECK(partners > 0);  // hot-desk partners were part of the sums
}
