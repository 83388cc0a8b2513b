// Same scenario and seed give bit-identical series for any thread count.
#include <oneapi/tbb/global_control.h>

#include <catch2/catch.hpp>
#include <cstring>

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
