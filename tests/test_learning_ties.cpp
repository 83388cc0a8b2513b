// Learning ties (docs/ODD.md, interaction graph): each post has one, to a
// post drawn uniformly from the other teams of its organisation.
#include <catch2/catch.hpp>

#include <cmath>

#include "model_harness.hpp"
#include "models/contact.hpp"
#include "sim/world.hpp"

using namespace wfsim;

TEST_CASE("a learning tie goes to a post of another team, drawn uniformly", "[graph]") {
  constexpr int kTeams = 10, kSize = 100;
  const Scenario scenario =
      test::scenario_from_yaml(test::minimal_scenario(kTeams, kSize, "workplace"));
  const World world = build_world(scenario);
  const ContactGraph graph = model::build_contact_graph(world, scenario);
  // Each tie is stored from both ends: count the directed edges, then halve.
  int directed = 0, adjacent = 0;
  for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
    graph.for_each_edge(post, [&](std::uint32_t other, std::size_t, const EdgeAttributes& e) {
      if (e.layer != Layer::learning) return;
      ++directed;
      const std::uint32_t a = world.posts.team[post], b = world.posts.team[other];
      CHECK(a != b);
      if ((a + 1) % kTeams == b || (b + 1) % kTeams == a) ++adjacent;
    });
  }
  const int ties = directed / 2;
  REQUIRE(ties == kTeams * kSize);
  // Uniform over the 9 other teams: a tie joins cyclically adjacent teams
  // with probability 2/9, so the count is Binomial(1000, 2/9): mean 222.2,
  // SD 13.1. (Moving a draw that lands in the own team to the next team
  // instead would give 1/10 + 2/10 = 0.3: 300.)
  const double n = ties, p = 2.0 / 9.0;
  CHECK(std::abs(adjacent / 2 - n * p) < 4 * std::sqrt(n * p * (1 - p)));
}
