// The work farm's promise, on one process (so it runs in every build,
// sanitizers included): an ensemble assembled from chunks of replicates,
// delivered in item order, equals the ensemble run whole. The MPI tests
// (tests/mpi/ranks_agree.sh) then check the same across ranks.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "distributed/cluster.hpp"
#include "distributed/ensembles.hpp"
#include "record/ensemble.hpp"
#include "tests/model_harness.hpp"

namespace wfsim {

namespace {

constexpr const char* kScenario = R"(name: chunks
seed: 11
weeks: 20
replicates: 5
organisations:
  - id: la_a
    sector: local_authority
    teams:
      - {id: assessment, function: assessment, size: 10}
      - {id: cp, function: child_protection, size: 10}
  - id: vol_b
    sector: voluntary
    teams:
      - {id: support, function: family_support, size: 8}
)";

// Bitwise, so that NaN (weeks not simulated) compares equal to itself.
bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

void require_same(const EnsembleResult& a, const EnsembleResult& b) {
  REQUIRE(a.weeks_completed == b.weeks_completed);
  REQUIRE(a.series.scopes() == b.series.scopes());
  REQUIRE(a.series.metrics() == b.series.metrics());
  REQUIRE(a.series.replicates() == b.series.replicates());
  for (std::size_t s = 0; s < a.series.scopes().size(); ++s) {
    for (std::size_t m = 0; m < a.series.metrics().size(); ++m) {
      for (int r = 0; r < a.series.replicates(); ++r) {
        for (int w = 0; w <= a.series.weeks(); ++w) {
          if (!same_bits(a.series.at(s, m, r, w), b.series.at(s, m, r, w))) {
            FAIL("differs at scope " << s << ", " << a.series.metrics()[m] << ", replicate " << r
                                     << ", week " << w);
          }
        }
      }
    }
  }
  REQUIRE(a.final_agents.size() == b.final_agents.size());
  for (std::size_t c = 0; c < a.final_agents.size(); ++c) {
    CHECK(a.final_agents[c].name == b.final_agents[c].name);
    CHECK(a.final_agents[c].values == b.final_agents[c].values);
  }
}

}  // namespace

TEST_CASE("an ensemble assembled from chunks equals the ensemble run whole", "[distributed]") {
  const Scenario scenario = test::scenario_from_yaml(kScenario);
  const Simulation simulation = model::build_simulation(scenario);
  distributed::Cluster& cluster = distributed::cluster();
  REQUIRE(cluster.size() == 1);
  const distributed::EnsembleTask task({{&simulation, scenario.seed, scenario.weeks}}, nullptr);

  for (const int first : {0, 3}) {
    EnsembleOptions options;
    options.seed = scenario.seed;
    options.replicates = scenario.replicates;
    options.weeks = scenario.weeks;
    options.first_replicate = first;
    const EnsembleResult whole = run_ensemble(simulation, options);
    for (const int chunk : {1, 2, 3, 5, 8}) {
      INFO("first replicate " << first << ", chunks of " << chunk);
      const std::vector<EnsembleResult> chunked =
          distributed::run_ensembles(cluster, task, first, scenario.replicates, chunk);
      REQUIRE(chunked.size() == 1);
      require_same(chunked.front(), whole);
    }
  }
}

TEST_CASE("the work farm delivers results in item order", "[distributed]") {
  distributed::Cluster& cluster = distributed::cluster();
  std::vector<distributed::Packet> inputs;
  for (std::int64_t i = 0; i < 6; ++i) inputs.push_back({{i}, {0.5 * static_cast<double>(i)}});
  std::vector<std::size_t> order;
  cluster.map(
      inputs,
      [](const distributed::Packet& in) {
        return distributed::Packet{{in.ints[0] * 10}, {in.reals[0] + 1}};
      },
      [&](std::size_t index, distributed::Packet&& result) {
        order.push_back(index);
        CHECK(result.ints[0] == static_cast<std::int64_t>(index) * 10);
        CHECK(result.reals[0] == 0.5 * static_cast<double>(index) + 1);
      });
  CHECK(order == std::vector<std::size_t>{0, 1, 2, 3, 4, 5});
}

TEST_CASE("chunks keep every rank's threads busy and give about four a rank", "[distributed]") {
  CHECK(distributed::chunk_size(16, 1, 2) == 16);  // one rank: one item, as before
  CHECK(distributed::chunk_size(16, 2, 1) == 2);   // 8 items for 2 ranks
  CHECK(distributed::chunk_size(16, 2, 4) == 4);   // at least the threads of a rank
  CHECK(distributed::chunk_size(3, 8, 1) == 1);
  CHECK(distributed::chunk_size(0, 4, 1) == 1);
}

}  // namespace wfsim
