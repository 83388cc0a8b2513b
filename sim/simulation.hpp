// The weekly scheduler and the ensemble runner.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "process.hpp"
#include "results.hpp"
#include "state.hpp"
#include "world.hpp"

namespace wfsim {

/// Runs replicates of one world under an ordered list of processes. Immutable
/// once built: replicates may run concurrently.
class Simulation {
 public:
  Simulation(const World& world, std::vector<std::unique_ptr<Process>> processes);

  /// Called with the state at week 0 (after set-up) and at the end of each week.
  using Recorder = std::function<void(int week, const ReplicateState& state)>;

  /// Runs one replicate for `weeks` weeks. Returns the number of weeks
  /// simulated: fewer than `weeks` only if `stop` became true.
  int run(std::uint64_t seed, int replicate, int weeks, const Recorder& record,
          const std::atomic<bool>* stop = nullptr) const;

  /// As run(), also returning the final state.
  int run(std::uint64_t seed, int replicate, int weeks, const Recorder& record,
          const std::atomic<bool>* stop, ReplicateState& final_state) const;

  const World& world() const { return world_; }

 private:
  const World& world_;
  std::vector<std::unique_ptr<Process>> owned_;
  std::vector<const Process*> processes_;
};

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
