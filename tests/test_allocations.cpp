// The weekly loop allocates nothing once a replicate is running (issue 8):
// every phase and the metrics recorder reuse storage sized at set-up or in
// week 1. Counted by replacing the global operator new in this program only
// (benchmarks/count_allocations.cpp).
#include <oneapi/tbb/global_control.h>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "benchmarks/count_allocations.hpp"
#include "io/scenario_io.hpp"
#include "models/model.hpp"
#include "record/ensemble.hpp"
#include "record/metrics.hpp"
#include "sim/simulation.hpp"

namespace {

using namespace wfsim;

// Allocations made during weeks 2..weeks of one replicate, metrics recorded
// as run_ensemble records them.
std::uint64_t allocations_after_week_one(const std::string& file, int weeks) {
  const Scenario scenario =
      load_scenario(std::string(WFSIM_SOURCE_DIR) + "/" + file, {}, model::schema());
  const Simulation simulation = model::build_simulation(scenario);
  const World& world = simulation.world();
  const std::vector<std::string> scopes(world.orgs.size() + 1);
  SeriesTable series(scopes, metric_names(world), 1, weeks);
  MetricScratch scratch(world);
  std::uint64_t at_week_one = 0;
  std::uint64_t at_end = 0;
  simulation.run(scenario.seed, 0, weeks, [&](int week, const ReplicateState& state) {
    record_metrics(world, state, 0, week, scratch, series);
    if (week == 1) at_week_one = bench::heap_allocations();
    if (week == weeks) at_end = bench::heap_allocations();
  });
  return at_end - at_week_one;
}

}  // namespace

TEST_CASE("the weekly loop makes no heap allocation after week 1", "[allocations]") {
  // One thread: a TBB worker joining for the first time allocates its own
  // bookkeeping, whenever the scheduler happens to wake it. That is the
  // library's one-off cost, not the weekly loop's; the loop's code paths are
  // the same on one thread.
  const tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
  // Scenarios that between them take every process and the interventions'
  // paths: hot-desking and compressed hours, the wellbeing package, the
  // research strategy with champions, a children's trust of several
  // organisations.
  for (const char* file :
       {"scenarios/baseline.yaml", "scenarios/agile_hotdesking.yaml",
        "scenarios/council_wellbeing_package.yaml", "scenarios/council_research_strategy.yaml",
        "scenarios/la_childrens_trust.yaml", "scenarios/council_agile_flexitime.yaml"}) {
    INFO(file);
    CHECK(allocations_after_week_one(file, 40) == 0);
  }
}
