// Google Benchmark micro-benchmarks of the weekly phases, one benchmark per
// process, driven through the public process API on a live replicate: each
// iteration runs a whole week (so the state stays realistic) and reports the
// manual time of the one phase under test. Also the reference kernels: the
// CSR pull step over the same contact graph, a STREAM-style triad, and one
// random stream and draw per post (the cost of a per-post random decision).
//
//   wfsim_phase_bench [--scenario FILE] [--threads T] [--weeks W] [google benchmark flags]
//
// Each phase benchmark runs a fixed W weeks (default 52) per repetition: a
// phase that does nothing in most weeks (workforce) would otherwise make
// Google Benchmark iterate towards its cap.
//
// Counters: agent_weeks/s and, for the neighbour phases and the pull kernel,
// edges/s (directed edges walked).
#include <benchmark/benchmark.h>
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "benchmarks/bench_common.hpp"
#include "io/scenario_io.hpp"

namespace {

using namespace wfsim;

struct Fixture {
  Scenario scenario;
  World world;
  bench::FlatCsr csr;
  explicit Fixture(const std::string& file)
      : scenario(load_scenario(file, {}, model::schema())),
        world(model::build_world(scenario)),
        csr(bench::flatten(world)) {}
};

std::unique_ptr<Fixture> fixture;

void phase(benchmark::State& bench_state, const std::string& name) {
  bench::PhaseReplay replay(fixture->world, fixture->scenario, 1, 0);
  replay.processes();
  replay.start();
  ReplicateState& s = replay.state();
  WeekContext& context = replay.context();
  const double posts = static_cast<double>(fixture->world.posts.size());
  double edges = 0.0;
  int week = 0;
  for (auto _ : bench_state) {
    context.set_week(++week);
    const auto week_start = bench::Clock::now();
    begin_week(s, context);
    double seconds = name == "begin_week" ? bench::seconds_since(week_start) : -1.0;
    for (const Process* p : replay.processes()) {
      const bool timed = p->name() == name;
      if (timed && name == "contact") edges += static_cast<double>(fixture->csr.edges());
      const auto t = bench::Clock::now();
      run_process_week(*p, context);
      if (timed) seconds = std::max(seconds, 0.0) + bench::seconds_since(t);
    }
    bench_state.SetIterationTime(std::max(seconds, 0.0));
  }
  bench_state.counters["agent_weeks/s"] =
      benchmark::Counter(posts, benchmark::Counter::kIsIterationInvariantRate);
  if (edges > 0)
    bench_state.counters["edges/s"] = benchmark::Counter(edges, benchmark::Counter::kIsRate);
}

void pull(benchmark::State& bench_state) {
  const bench::FlatCsr& g = fixture->csr;
  std::vector<float> x(g.nodes(), 1.f), y(g.nodes());
  for (std::uint32_t i = 0; i < g.nodes(); ++i) x[i] = static_cast<float>(i % 97);
  for (auto _ : bench_state) {
    bench::pull_step(g, x, y);
    std::swap(x, y);
    benchmark::DoNotOptimize(x.data());
  }
  bench_state.counters["edges/s"] = benchmark::Counter(
      static_cast<double>(g.edges()), benchmark::Counter::kIsIterationInvariantRate);
  bench_state.counters["agent_weeks/s"] = benchmark::Counter(
      static_cast<double>(g.nodes()), benchmark::Counter::kIsIterationInvariantRate);
}

// One counter-based stream per post, as the event-driven phases make them
// (key from seed, replicate, week, the post's stable name and purpose), and
// one Bernoulli draw from each: the unit cost of a random decision taken for
// a few posts.
void stream(benchmark::State& bench_state) {
  constexpr Purpose kPurpose{"bench.stream"};
  const std::vector<std::uint64_t>& identities = fixture->world.posts.identity;
  std::uint32_t week = 0;
  for (auto _ : bench_state) {
    ++week;
    std::uint32_t hits = 0;
    for (const std::uint64_t identity : identities) {
      RandomStream draw(StreamKey{fixture->scenario.seed, 0, week, identity, kPurpose});
      hits += draw.bernoulli(0.1) ? 1u : 0u;
    }
    benchmark::DoNotOptimize(hits);
  }
  bench_state.counters["streams/s"] = benchmark::Counter(
      static_cast<double>(identities.size()), benchmark::Counter::kIsIterationInvariantRate);
}

// The same decisions drawn as the weekly phases draw them: one block per
// post, a chunk of posts at a time (PostDraws).
void blocks(benchmark::State& bench_state) {
  const PurposeKey key(fixture->scenario.seed, 0, Purpose("bench.blocks"));
  const std::vector<std::uint64_t>& identities = fixture->world.posts.identity;
  std::vector<RandomBlock> chunk(WeekContext::kPostGrain);
  std::uint32_t week = 0;
  for (auto _ : bench_state) {
    ++week;
    std::uint32_t hits = 0;
    for (std::size_t first = 0; first < identities.size(); first += chunk.size()) {
      const std::size_t count = std::min(chunk.size(), identities.size() - first);
      philox_blocks(key, week, std::span(identities).subspan(first, count),
                    std::span(chunk).first(count));
      for (std::size_t i = 0; i < count; ++i) hits += chunk[i].bernoulli(0.1) ? 1u : 0u;
    }
    benchmark::DoNotOptimize(hits);
  }
  bench_state.counters["blocks/s"] = benchmark::Counter(
      static_cast<double>(identities.size()), benchmark::Counter::kIsIterationInvariantRate);
}

void triad(benchmark::State& bench_state) {
  const auto n = static_cast<std::size_t>(bench_state.range(0)) * 1024 * 1024 / 8;
  std::vector<double> a(n, 0.0), b(n, 1.0), c(n, 2.0);
  for (auto _ : bench_state) {
    bench_state.SetIterationTime(bench::triad(a, b, c, 3.0));
    benchmark::DoNotOptimize(a.data());
  }
  bench_state.counters["bytes/s"] = benchmark::Counter(
      24.0 * static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

int main(int argc, char** argv) {
  std::string scenario = "scenarios/baseline.yaml";
  std::size_t threads = 1;
  int weeks = 52;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--scenario") == 0 && i + 1 < argc) {
      scenario = argv[++i];
    } else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      threads = std::stoul(argv[++i]);
    } else if (std::strcmp(argv[i], "--weeks") == 0 && i + 1 < argc) {
      weeks = std::stoi(argv[++i]);
    } else {
      rest.push_back(argv[i]);
    }
  }
  const tbb::global_control control(tbb::global_control::max_allowed_parallelism, threads);
  fixture = std::make_unique<Fixture>(scenario);
  std::vector<std::string> names{"begin_week"};
  {
    bench::PhaseReplay probe(fixture->world, fixture->scenario, 1, 0);
    for (const Process* p : probe.processes()) {
      const std::string name(p->name());
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  for (const std::string& name : names)
    benchmark::RegisterBenchmark(("phase/" + name).c_str(),
                                 [name](benchmark::State& st) { phase(st, name); })
        ->UseManualTime()
        ->Iterations(weeks)
        ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("reference/pull", pull)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("reference/stream", stream)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("reference/blocks", blocks)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("reference/triad", triad)
      ->Arg(256)
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
  int count = static_cast<int>(rest.size());
  benchmark::Initialize(&count, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  fixture.reset();
  return 0;
}
