// The ensemble runner: replicates of one simulation run in parallel, each
// recorded week by week into a series table (the recording library's
// metrics), with replicate 0's final agents.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "record/agent_table.hpp"
#include "record/results.hpp"
#include "sim/simulation.hpp"

namespace wfsim {

struct EnsembleOptions {
  std::uint64_t seed = 1;
  int replicates = 1;
  int weeks = 52;
  const std::atomic<bool>* stop = nullptr;          ///< set to stop early (signals)
  std::atomic<std::int64_t>* weeks_done = nullptr;  ///< progress: replicate-weeks finished
  int first_replicate = 0;  ///< runs replicates first..first+replicates-1 (to extend an ensemble)
};

struct EnsembleResult {
  SeriesTable series;                     ///< row i is replicate first_replicate + i
  std::vector<int> weeks_completed;       ///< per replicate
  std::vector<AgentColumn> final_agents;  ///< replicate 0 at its last simulated week, if run
};

/// Runs the replicates in parallel (each one's weeks in order, with parallel
/// phases inside) and records the contract's metrics.
EnsembleResult run_ensemble(const Simulation& simulation, const EnsembleOptions& options);

}  // namespace wfsim
