// Shared pieces of the benchmarks: a phase-by-phase replay of the engine's
// weekly loop (sim/simulation.cpp) through the public process API, neighbour
// edge counts, and the machine's reference kernels (a CSR pull step over the
// engine's own contact graph, and a STREAM-style triad).
#pragma once

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "sim/context.hpp"
#include "sim/process.hpp"
#include "sim/state.hpp"
#include "sim/world.hpp"

namespace wfsim::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Peak resident set size of this process so far, in bytes.
inline double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;
}

/// One replicate driven process by process, as Simulation::run does.
class PhaseReplay {
 public:
  PhaseReplay(const World& world, const Scenario& scenario, std::uint64_t seed, int replicate)
      : world_(world),
        owned_(model::registry().build(scenario, world)),
        state_(world),
        context_(world, state_, processes(), seed, replicate) {}

  const std::vector<const Process*>& processes() {
    if (raw_.empty())
      for (const auto& p : owned_) raw_.push_back(p.get());
    return raw_;
  }
  ReplicateState& state() { return state_; }
  WeekContext& context() { return context_; }

  /// Week 0: every process's start(), as the engine does.
  void start() {
    for (const Process* process : raw_) {
      process->start(context_);
      if (process->phase() == Phase::workforce) mark_presence(state_, context_);
    }
    state_.roll();
  }

 private:
  const World& world_;
  std::vector<std::unique_ptr<Process>> owned_;
  std::vector<const Process*> raw_;
  ReplicateState state_;
  WeekContext context_;
};

/// The contact graph flattened into plain CSR arrays (same nodes, same edges,
/// same order), for the reference pull kernel.
struct FlatCsr {
  std::vector<std::uint64_t> row;  // n + 1 offsets
  std::vector<std::uint32_t> col;
  std::vector<float> weight;
  std::uint32_t nodes() const { return static_cast<std::uint32_t>(row.size() - 1); }
  std::size_t edges() const { return col.size(); }
};

inline FlatCsr flatten(const World& world) {
  FlatCsr g;
  const auto n = static_cast<std::uint32_t>(world.posts.size());
  g.row.reserve(n + 1);
  g.col.reserve(world.graph.edge_count());
  g.weight.reserve(world.graph.edge_count());
  g.row.push_back(0);
  for (std::uint32_t post = 0; post < n; ++post) {
    world.graph.for_each_edge(post,
                              [&](std::uint32_t other, std::size_t, const EdgeAttributes& tie) {
                                g.col.push_back(other);
                                g.weight.push_back(tie.hours_per_week);
                              });
    g.row.push_back(g.col.size());
  }
  return g;
}

/// The reference "pull" step: each node's new value is the weight-averaged
/// float state of its neighbours. Parallel over nodes with the engine's grain.
inline void pull_step(const FlatCsr& g, const std::vector<float>& in, std::vector<float>& out) {
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, g.nodes(), 512),
                    [&](const tbb::blocked_range<std::uint32_t>& r) {
                      for (std::uint32_t i = r.begin(); i != r.end(); ++i) {
                        float sum = 0.f, wsum = 0.f;
                        for (std::uint64_t e = g.row[i]; e != g.row[i + 1]; ++e) {
                          sum += g.weight[e] * in[g.col[e]];
                          wsum += g.weight[e];
                        }
                        out[i] = wsum > 0.f ? sum / wsum : in[i];
                      }
                    });
}

/// STREAM triad a = b + s*c over n doubles, parallel; returns seconds.
inline double triad(std::vector<double>& a, const std::vector<double>& b,
                    const std::vector<double>& c, double s) {
  const auto start = Clock::now();
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, a.size(), 1 << 16),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i != r.end(); ++i) a[i] = b[i] + s * c[i];
                    });
  return seconds_since(start);
}

}  // namespace wfsim::bench
