// wfsim_bench: the whole-run and phase driver behind benchmarks/run.sh.
//
//   wfsim_bench SCENARIO [--weeks W] [--threads T] [--seed S] [--replicates R]
//               [--phase-weeks P] [--kernel-steps K] [--check] [--set KEY=VALUE]...
//   wfsim_bench --triad MIB [--threads T]
//
// Prints one JSON object: set-up time; one replicate replayed phase by phase
// for P weeks through the public process API (seconds and directed edges
// walked per phase); the whole model through run_ensemble (R replicates x W
// weeks, metrics recorded as `wfsim run` does, no file written); peak
// resident memory; and the reference CSR pull kernel over the same contact
// graph. --check also runs Simulation::run and reports whether the replay
// ended in the same state. --triad measures STREAM-style triad bandwidth only.
// The replay also counts heap allocations (operator new) per phase from
// week 2 on (week 1 sizes scratch space): the weekly loop should make none.
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "benchmarks/bench_common.hpp"
#include "benchmarks/count_allocations.hpp"
#include "io/scenario_io.hpp"
#include "record/ensemble.hpp"
#include "record/metrics.hpp"
#include "sim/simulation.hpp"

namespace {

using namespace wfsim;
using bench::Clock;
using bench::seconds_since;

struct Options {
  std::string scenario;
  int weeks = 52;
  int phase_weeks = -1;  // default: weeks
  int threads = 1;
  std::uint64_t seed = 1;
  int replicates = 1;
  int kernel_steps = 20;
  bool check = false;
  double triad_mib = 0.0;
  std::vector<std::string> overrides;
};

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: wfsim_bench SCENARIO [--weeks W] [--threads T] [--seed S] [--replicates R]\n"
               "                   [--phase-weeks P] [--kernel-steps K] [--check] [--set K=V]...\n"
               "       wfsim_bench --triad MIB [--threads T]\n");
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    if (a == "--weeks") {
      o.weeks = std::stoi(next());
    } else if (a == "--phase-weeks") {
      o.phase_weeks = std::stoi(next());
    } else if (a == "--threads") {
      o.threads = std::stoi(next());
    } else if (a == "--seed") {
      o.seed = std::stoull(next());
    } else if (a == "--replicates") {
      o.replicates = std::stoi(next());
    } else if (a == "--kernel-steps") {
      o.kernel_steps = std::stoi(next());
    } else if (a == "--check") {
      o.check = true;
    } else if (a == "--triad") {
      o.triad_mib = std::stod(next());
    } else if (a == "--set") {
      o.overrides.push_back(next());
    } else if (!a.empty() && a[0] != '-' && o.scenario.empty()) {
      o.scenario = a;
    } else {
      usage();
    }
  }
  if (o.phase_weeks < 0) o.phase_weeks = o.weeks;
  if (o.scenario.empty() && o.triad_mib <= 0.0) usage();
  return o;
}

int run_triad(const Options& o) {
  const auto n = static_cast<std::size_t>(o.triad_mib * 1024.0 * 1024.0 / 8.0);
  std::vector<double> a(n, 0.0), b(n, 1.0), c(n, 2.0);
  double best = 1e30;
  for (int rep = 0; rep < 10; ++rep) best = std::min(best, bench::triad(a, b, c, 3.0));
  // STREAM convention: 24 bytes per element (read b and c, write a).
  std::printf(
      "{\"kind\": \"triad\", \"threads\": %d, \"mib_per_array\": %.0f, "
      "\"best_seconds\": %.6g, \"gb_per_s\": %.4g, \"check\": %.1f}\n",
      o.threads, o.triad_mib, best, 24.0 * static_cast<double>(n) / best / 1e9, a[n / 2]);
  return 0;
}

int run_scenario(const Options& o) {
  const double rss_start = bench::peak_rss_bytes();

  // Set-up: read and validate the scenario, build the world and its graph,
  // build the processes.
  auto t = Clock::now();
  const ScenarioSchema schema = model::schema();
  const Scenario scenario = load_scenario(o.scenario, o.overrides, schema);
  const double load_s = seconds_since(t);
  t = Clock::now();
  const auto shared_world = std::make_shared<const World>(model::build_world(scenario));
  const double world_s = seconds_since(t);
  t = Clock::now();
  const Simulation simulation = model::build_simulation(shared_world, scenario);
  const World& world = *shared_world;
  const double processes_s = seconds_since(t);
  const auto posts = static_cast<double>(world.posts.size());
  const auto edges = static_cast<double>(world.graph.edge_count());
  const double rss_world = bench::peak_rss_bytes();

  // Phase by phase, one replicate.
  const bench::FlatCsr csr = bench::flatten(world);
  bench::PhaseReplay replay(world, scenario, o.seed, 0);
  t = Clock::now();
  replay.start();
  const double week0_s = seconds_since(t);
  std::map<std::string, double> phase_s;
  std::map<std::string, double> phase_edges;
  std::map<std::string, std::uint64_t> phase_allocations;  ///< heap allocations in the phase
  std::vector<std::string> order{"begin_week"};
  for (const Process* p : replay.processes()) {
    const std::string name(p->name());
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  }
  order.emplace_back("metrics");
  const std::vector<std::string> scopes = metric_scopes(world);
  SeriesTable series(scopes, metric_names(world), 1, 1);
  MetricScratch scratch(world);
  ReplicateState& s = replay.state();
  WeekContext& context = replay.context();
  for (int week = 1; week <= o.phase_weeks; ++week) {
    context.set_week(week);
    std::uint64_t week_start_allocations = bench::heap_allocations();
    t = Clock::now();
    begin_week(s, context);
    phase_s["begin_week"] += seconds_since(t);
    week_start_allocations = bench::heap_allocations() - week_start_allocations;
    if (week > 1) phase_allocations["begin_week"] += week_start_allocations;
    for (const Process* p : replay.processes()) {
      const std::string name(p->name());
      if (name == "contact") phase_edges[name] += edges;
      std::uint64_t allocations = bench::heap_allocations();
      t = Clock::now();
      run_process_week(*p, context);
      const double seconds = seconds_since(t);
      allocations = bench::heap_allocations() - allocations;
      phase_s[name] += seconds;
      if (week > 1) phase_allocations[name] += allocations;  // week 1 warms scratch space
    }
    std::uint64_t allocations = bench::heap_allocations();
    t = Clock::now();
    record_metrics(world, s, 0, 1, scratch, series);
    const double seconds = seconds_since(t);
    allocations = bench::heap_allocations() - allocations;
    phase_s["metrics"] += seconds;
    if (week > 1) phase_allocations["metrics"] += allocations;
  }
  double phases_total = 0.0;
  for (const auto& [name, sec] : phase_s) phases_total += sec;

  bool matches = true;
  if (o.check) {
    ReplicateState final_state(world);
    simulation.run(
        o.seed, 0, o.phase_weeks, [](int, const ReplicateState&) {}, nullptr, final_state);
    matches = final_state.burnout.current == s.burnout.current &&
              final_state.occupancy == s.occupancy &&
              final_state.uptake.current == s.uptake.current &&
              final_state.person_id == s.person_id && final_state.caseload == s.caseload;
  }

  // The whole model as `wfsim run` runs it (metrics recorded, nothing written).
  EnsembleOptions ensemble;
  ensemble.seed = o.seed;
  ensemble.replicates = o.replicates;
  ensemble.weeks = o.weeks;
  t = Clock::now();
  const EnsembleResult result = run_ensemble(simulation, ensemble);
  const double whole_s = seconds_since(t);
  const double rss_peak = bench::peak_rss_bytes();
  const double series_bytes = static_cast<double>(result.series.scopes().size()) *
                              static_cast<double>(result.series.metrics().size()) *
                              (o.weeks + 1.0) * o.replicates * 8.0;

  // The reference pull kernel over the same graph.
  std::vector<float> x(csr.nodes()), y(csr.nodes());
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0.f, 100.f);
  for (float& v : x) v = u(rng);
  bench::pull_step(csr, x, y);  // warm
  t = Clock::now();
  for (int k = 0; k < o.kernel_steps; ++k) {
    bench::pull_step(csr, x, y);
    std::swap(x, y);
  }
  const double pull_s = seconds_since(t) / o.kernel_steps;

  std::printf(
      "{\"kind\": \"scenario\", \"scenario\": \"%s\", \"threads\": %d, \"seed\": %llu, "
      "\"posts\": %.0f, \"edges\": %.0f, \"orgs\": %zu, \"teams\": %zu, \"items\": %zu,\n",
      o.scenario.c_str(), o.threads, static_cast<unsigned long long>(o.seed), posts, edges,
      world.orgs.size(), world.teams.size(), world.evidence.size());
  std::printf(
      " \"setup_seconds\": {\"load\": %.6g, \"world\": %.6g, \"processes\": %.6g, "
      "\"week0\": %.6g, \"total\": %.6g},\n",
      load_s, world_s, processes_s, week0_s, load_s + world_s + processes_s + week0_s);
  std::printf(" \"phase_weeks\": %d, \"phases\": [", o.phase_weeks);
  bool first = true;
  for (const std::string& name : order) {
    const double sec = phase_s[name];
    const double e = phase_edges.count(name) ? phase_edges[name] : 0.0;
    std::printf(
        "%s\n  {\"name\": \"%s\", \"seconds\": %.6g, \"share\": %.4g, "
        "\"agent_weeks_per_s\": %.6g, \"edges\": %.6g, \"edges_per_s\": %.6g, "
        "\"allocations\": %llu}",
        first ? "" : ",", name.c_str(), sec, phases_total > 0 ? sec / phases_total : 0.0,
        sec > 0 ? posts * o.phase_weeks / sec : 0.0, e, sec > 0 ? e / sec : 0.0,
        static_cast<unsigned long long>(phase_allocations[name]));
    first = false;
  }
  std::printf("],\n \"phases_seconds\": %.6g, \"replay_matches_engine\": %s,\n", phases_total,
              o.check ? (matches ? "true" : "false") : "null");
  std::printf(
      " \"whole\": {\"weeks\": %d, \"replicates\": %d, \"seconds\": %.6g, "
      "\"agent_weeks_per_s\": %.6g, \"completed\": %d},\n",
      o.weeks, o.replicates, whole_s, posts * o.weeks * o.replicates / whole_s,
      result.weeks_completed.empty() ? 0 : result.weeks_completed[0]);
  std::printf(
      " \"memory\": {\"rss_start\": %.6g, \"rss_after_setup\": %.6g, \"rss_peak\": %.6g, "
      "\"bytes_per_agent\": %.6g, \"series_bytes\": %.6g},\n",
      rss_start, rss_world, rss_peak, (rss_peak - rss_start) / posts, series_bytes);
  std::printf(
      " \"pull\": {\"steps\": %d, \"seconds_per_step\": %.6g, \"edges_per_s\": %.6g, "
      "\"agent_steps_per_s\": %.6g, \"check\": %.3f}}\n",
      o.kernel_steps, pull_s, edges / pull_s, posts / pull_s, x[x.size() / 2]);
  return matches ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    const tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                                      static_cast<std::size_t>(o.threads));
    return o.triad_mib > 0.0 ? run_triad(o) : run_scenario(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wfsim_bench: %s\n", e.what());
    return 1;
  }
}
