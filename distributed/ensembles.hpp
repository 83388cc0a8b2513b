// Ensembles spread over a cluster: replicates [first, first + count) of one
// or more simulations (compare's two arms), in chunks of replicates handed
// out as work items. Replicate r's random streams depend only on (seed, r),
// so the assembled result equals run_ensemble()'s for any number of ranks.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "distributed/cluster.hpp"
#include "record/ensemble.hpp"
#include "sim/simulation.hpp"

namespace wfsim::distributed {

/// One ensemble to run: a simulation, its seed and its weeks.
struct EnsembleJob {
  const Simulation* simulation = nullptr;
  std::uint64_t seed = 1;
  int weeks = 52;
};

/// Runs the ensembles' chunks on any rank. One task serves every call of
/// run_ensembles() with the same jobs.
class EnsembleTask {
 public:
  EnsembleTask(std::vector<EnsembleJob> jobs, const std::atomic<bool>* stop);

  /// A ReplicateRange in, an EnsembleChunk out (distributed/messages.hpp).
  Packet operator()(const Packet& input) const;

  /// Counts replicate-weeks for a progress bar, on this rank.
  void count_weeks(std::atomic<std::int64_t>* weeks_done) { weeks_done_ = weeks_done; }

  /// Replicate 0's final agents per job, kept when this rank runs replicate 0.
  std::vector<std::vector<AgentColumn>>& final_agents() const { return final_agents_; }

  const std::vector<EnsembleJob>& jobs() const { return jobs_; }

 private:
  std::vector<EnsembleJob> jobs_;
  const std::atomic<bool>* stop_;
  std::atomic<std::int64_t>* weeks_done_ = nullptr;
  mutable std::vector<std::vector<AgentColumn>> final_agents_;
};

/// Rank 0: replicates [first, first + count) of every job, `chunk`
/// replicates per work item; one result per job, as run_ensemble() gives.
/// Remote chunks add their replicate-weeks to `weeks_done` as they arrive.
std::vector<EnsembleResult> run_ensembles(Cluster& cluster, const EnsembleTask& task, int first,
                                          int count, int chunk,
                                          std::atomic<std::int64_t>* weeks_done = nullptr);

}  // namespace wfsim::distributed
