// Same scenario and seed give bit-identical series for any thread count.
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "sim/context.hpp"
#include "tests/model_harness.hpp"

using namespace wfsim;

namespace {

SeriesTable run_with_threads(const Scenario& scenario, std::size_t threads) {
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  return test::run_scenario(scenario).series;
}

bool bit_identical(const SeriesTable& a, const SeriesTable& b) {
  if (a.scopes() != b.scopes() || a.metrics() != b.metrics()) return false;
  const std::size_t cells =
      static_cast<std::size_t>(a.replicates()) * (static_cast<std::size_t>(a.weeks()) + 1);
  for (std::size_t scope = 0; scope < a.scopes().size(); ++scope) {
    for (std::size_t metric = 0; metric < a.metrics().size(); ++metric) {
      if (std::memcmp(a.block(scope, metric), b.block(scope, metric), cells * sizeof(double)) != 0)
        return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("results do not depend on the thread count", "[determinism]") {
  // Every mechanism on, two organisations, enough replicates that both
  // threads interleave replicate and agent loops.
  const Scenario scenario = load_scenario(WFSIM_SOURCE_DIR "/scenarios/baseline.yaml",
                                          {"replicates=4", "weeks=52"}, model::schema());
  const SeriesTable one = run_with_threads(scenario, 1);
  const SeriesTable two = run_with_threads(scenario, 2);
  CHECK(bit_identical(one, two));
  CHECK(bit_identical(one, run_with_threads(scenario, 2)));  // and from run to run
}

TEST_CASE("a different seed gives different results", "[determinism]") {
  const auto load = [](const char* seed) {
    return load_scenario(WFSIM_SOURCE_DIR "/scenarios/baseline.yaml",
                         {"replicates=2", "weeks=26", seed}, model::schema());
  };
  CHECK_FALSE(bit_identical(test::run_scenario(load("seed=1")).series,
                            test::run_scenario(load("seed=2")).series));
}

TEST_CASE("replicate r is the same whatever the ensemble size", "[determinism]") {
  // Streams are keyed by replicate number, so replicates can later be spread
  // over processes: replicate 1 of a 2-replicate run equals replicate 1 of a 3-replicate run.
  const auto series = [](const char* replicates) {
    return test::run_scenario(load_scenario(WFSIM_SOURCE_DIR "/scenarios/baseline.yaml",
                                            {replicates, "weeks=26"}, model::schema()))
        .series;
  };
  const SeriesTable two = series("replicates=2");
  const SeriesTable three = series("replicates=3");
  const std::size_t burnout = two.metric_index("burnout_mean");
  for (int week = 0; week <= 26; ++week)
    REQUIRE(two.at(0, burnout, 1, week) == three.at(0, burnout, 1, week));
}

namespace {

// Two organisations without shared offices or cross-organisation ties, every
// mechanism on, two evidence items; `with_north` puts a second organisation
// first, so that every post of `south` has a different index.
Scenario two_organisations(bool with_north) {
  std::string yaml =
      "name: identities\nseed: 5\nweeks: 52\nreplicates: 2\ngraph: {kind: workplace}\n"
      "evidence:\n"
      "  - {id: briefings, type: published, p: 0.002, q: 0.05, initial_share: 0.2}\n"
      "  - {id: reflection, type: reflection, p: 0.002, q: 0.05, contagion: complex}\n"
      "organisations:\n";
  if (with_north) {
    yaml +=
        "  - id: north\n    sector: local_authority\n    teams:\n"
        "      - {id: t1, function: assessment, size: 9}\n"
        "      - {id: t2, function: child_protection, size: 7}\n";
  }
  yaml +=
      "  - id: south\n    sector: local_authority\n    teams:\n"
      "      - {id: t1, function: assessment, size: 8}\n"
      "      - {id: t2, function: child_protection, size: 8}\n"
      "      - {id: t3, function: children_in_care, size: 6}\n";
  return test::scenario_from_yaml(yaml);
}

}  // namespace

TEST_CASE("adding an organisation leaves another's results unchanged", "[determinism]") {
  // Random streams are keyed by stable names (organisation id, team id, slot
  // in the team), not by post number: south draws the same numbers whether
  // or not north comes before it, so south's series are bit-identical.
  const SeriesTable alone = test::run_scenario(two_organisations(false)).series;
  const SeriesTable after = test::run_scenario(two_organisations(true)).series;
  REQUIRE(alone.scopes()[1] == "south");
  REQUIRE(after.scopes()[2] == "south");
  REQUIRE(alone.metrics() == after.metrics());
  const std::size_t cells =
      static_cast<std::size_t>(alone.replicates()) * (static_cast<std::size_t>(alone.weeks()) + 1);
  for (std::size_t metric = 0; metric < alone.metrics().size(); ++metric) {
    INFO("metric " << alone.metrics()[metric]);
    CHECK(std::memcmp(alone.block(1, metric), after.block(2, metric), cells * sizeof(double)) == 0);
  }
  // And the system totals do differ: north is really there.
  const std::size_t staff = alone.metric_index("headcount");
  CHECK(alone.at(0, staff, 0, 52) != after.at(0, staff, 0, 52));
}

TEST_CASE("post chunks hold at most kPostGrain posts and cover every post once", "[determinism]") {
  // PostDraws holds one chunk's random blocks in a fixed array, so the loops
  // must never hand out a larger chunk, whatever the thread count.
  const Scenario scenario = test::scenario_from_yaml(test::minimal_scenario(250, 400, "workplace"));
  const World world = model::build_world(scenario);
  ReplicateState state(world);
  WeekContext context(world, state, {}, scenario.seed, 0);
  std::vector<std::atomic<int>> visits(world.posts.size());
  std::atomic<std::uint32_t> largest{0};
  context.for_each_post_chunk([&](IndexRange chunk) {
    for (std::uint32_t post = chunk.first; post < chunk.end(); ++post) ++visits[post];
    std::uint32_t seen = largest.load();
    while (chunk.count > seen && !largest.compare_exchange_weak(seen, chunk.count)) {
    }
  });
  CHECK(largest.load() <= WeekContext::kPostGrain);
  CHECK(std::all_of(visits.begin(), visits.end(), [](const auto& n) { return n.load() == 1; }));
}
