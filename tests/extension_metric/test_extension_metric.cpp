// A metric declared in its own file (MetricRegistrar, record/metrics.hpp):
// recorded for the system and each organisation after every other metric,
// described like the built-in ones, and equal to a count by hand. Its own
// program, so the registration does not reach the main test suites' outputs.
#include <oneapi/tbb/global_control.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "record/metrics.hpp"

using namespace wfsim;

namespace {

// The share of posts whose occupant is at work this week.
double at_work(const ReplicateState& state, const World&, std::uint32_t post) {
  return state.occupancy[post] != Occupancy::vacant && state.absent[post] == 0 ? 1.0 : 0.0;
}
double one(const ReplicateState&, const World&, std::uint32_t) {
  return 1.0;
}

// A plain sum: the FTE of the posts whose occupant is absent.
double absent_fte(const ReplicateState& state, const World& world, std::uint32_t post) {
  return state.occupancy[post] != Occupancy::vacant && state.absent[post] != 0
             ? world.posts.fte[post]
             : 0.0;
}

// Registered out of name order: they are recorded by name.
const MetricRegistrar kPresentShare{
    {"present_share", "At work", "% of posts", true, true, &at_work, &one}};
const MetricRegistrar kAbsentFte{
    {"absent_fte_sum", "Absent FTE", "FTE", false, true, &absent_fte, nullptr}};

// Two organisations, every mechanism on, so posts fall vacant and people go
// off sick.
const std::string kScenario = R"(name: extension
seed: 7
weeks: 30
replicates: 1
organisations:
  - id: north
    sector: local_authority
    teams:
      - {id: cp, function: child_protection, size: 8}
      - {id: hv, function: health, size: 5}
  - id: south
    sector: voluntary
    teams:
      - {id: fs, function: family_support, size: 7}
evidence:
  - {id: briefings, type: published, p: 0.01, q: 0.05}
)";

Scenario scenario() {
  return parse_scenario(kScenario, "extension.yaml", {}, model::schema());
}

bool same(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

SeriesTable run_with_threads(const Scenario& s, std::size_t threads) {
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
  const Simulation simulation = model::build_simulation(s);
  const World& world = simulation.world();
  SeriesTable series(metric_scopes(world), metric_names(world), 1, s.weeks);
  MetricScratch scratch(world);
  simulation.run(s.seed, 0, s.weeks, [&](int week, const ReplicateState& state) {
    record_metrics(world, state, 0, week, scratch, series);
  });
  return series;
}

}  // namespace

TEST_CASE("extension metric: named after every other metric, by name", "[extension]") {
  const Simulation simulation = model::build_simulation(scenario());
  const std::vector<std::string> names = metric_names(simulation.world());
  REQUIRE(names.size() >= 3);
  CHECK(names[names.size() - 3] == "uptake/briefings");
  CHECK(names[names.size() - 2] == "absent_fte_sum");
  CHECK(names.back() == "present_share");
  REQUIRE(registered_metrics().size() == 2);
  CHECK(registered_metrics().front().name == "absent_fte_sum");

  const MetricDescription present = describe_metric("present_share", "GBP");
  CHECK(present.label == "At work");
  CHECK(present.unit == "% of posts");
  CHECK(present.share);
  CHECK(present.zero_based);
  CHECK_FALSE(present.money);
  CHECK(describe_metric("absent_fte_sum", "").unit == "FTE");
  // Shown after the contract's metrics, uptake and costs.
  const std::vector<std::string> order = metric_display_order(names);
  CHECK(order[order.size() - 2] == "absent_fte_sum");
  CHECK(order.back() == "present_share");
}

TEST_CASE("extension metric: a name in use or reserved is refused", "[extension]") {
  const auto registrar = [](const std::string& name) {
    return MetricRegistrar{{name, "x", "", false, false, &one, nullptr}};
  };
  CHECK_THROWS_AS(registrar("present_share"), std::invalid_argument);
  CHECK_THROWS_AS(registrar("burnout_mean"), std::invalid_argument);
  CHECK_THROWS_AS(registrar("cost_total"), std::invalid_argument);
  CHECK_THROWS_AS(registrar("uptake/briefings"), std::invalid_argument);
  CHECK_THROWS_AS(registrar("cost/coffee"), std::invalid_argument);
  CHECK_THROWS_AS(registrar(""), std::invalid_argument);
  CHECK_THROWS_AS((MetricRegistrar{{"no_numerator", "x", "", false, false, nullptr, nullptr}}),
                  std::invalid_argument);
  CHECK(registered_metrics().size() == 2);
}

TEST_CASE("extension metric: equals a count by hand, per organisation and for the system",
          "[extension]") {
  const Scenario s = scenario();
  const Simulation simulation = model::build_simulation(s);
  const World& world = simulation.world();
  SeriesTable series(metric_scopes(world), metric_names(world), 1, s.weeks);
  const std::size_t share = series.metric_index("present_share");
  const std::size_t absent = series.metric_index("absent_fte_sum");
  MetricScratch scratch(world);
  int checked = 0, weeks_with_absence = 0, weeks_with_vacancy = 0;
  simulation.run(s.seed, 0, s.weeks, [&](int week, const ReplicateState& state) {
    record_metrics(world, state, 0, week, scratch, series);
    // Scope 0 is the system, scope 1 + o organisation o.
    std::vector<double> posts(1 + world.orgs.size(), 0.0), working(posts), absent_sum(posts);
    bool vacant = false;
    for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
      const bool filled = state.occupancy[post] != Occupancy::vacant;
      vacant = vacant || !filled;
      for (const std::size_t scope : {std::size_t{0}, std::size_t{1} + world.posts.org[post]}) {
        posts[scope] += 1;
        if (filled && state.absent[post] == 0) working[scope] += 1;
        if (filled && state.absent[post] != 0) absent_sum[scope] += world.posts.fte[post];
      }
    }
    weeks_with_absence += absent_sum[0] > 0 ? 1 : 0;
    weeks_with_vacancy += vacant ? 1 : 0;
    for (std::size_t scope = 0; scope < posts.size(); ++scope) {
      INFO("week " << week << ", scope " << scope);
      CHECK(series.at(scope, share, 0, week) == Approx(working[scope] / posts[scope]));
      CHECK(series.at(scope, absent, 0, week) == Approx(absent_sum[scope]));
      ++checked;
    }
  });
  CHECK(checked == (s.weeks + 1) * 3);
  CHECK(weeks_with_absence > 0);  // the counts are not all trivial
  CHECK(weeks_with_vacancy > 0);
}

TEST_CASE("extension metric: the thread count does not change a value", "[extension]") {
  const Scenario s = scenario();
  const SeriesTable one_thread = run_with_threads(s, 1);
  const SeriesTable two_threads = run_with_threads(s, 2);
  for (const char* metric : {"present_share", "absent_fte_sum", "burnout_mean"}) {
    const std::size_t m = one_thread.metric_index(metric);
    for (std::size_t scope = 0; scope < one_thread.scopes().size(); ++scope) {
      for (int week = 0; week <= s.weeks; ++week) {
        INFO(metric << " week " << week << ", scope " << scope);
        CHECK(same(one_thread.at(scope, m, 0, week), two_threads.at(scope, m, 0, week)));
      }
    }
  }
}
