// The work items and results that cross between ranks, one typed pair per
// task, each encoded to and decoded from a Packet in one place (a round-trip
// test checks every pair). Decoding checks the packet's size against what
// the receiver expects and throws std::runtime_error on a mismatch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "distributed/cluster.hpp"

namespace wfsim::distributed {

/// Ensembles: replicates [first, first + count) of every job.
struct ReplicateRange {
  std::int64_t first = 0;
  std::int64_t count = 0;
};

/// The result of a ReplicateRange, per job: each replicate's weeks completed,
/// and the series values, each scope's and metric's [count x (weeks + 1)]
/// block in turn.
struct EnsembleChunk {
  struct Job {
    std::vector<std::int64_t> weeks_completed;
    std::vector<double> series;
  };
  std::vector<Job> jobs;
};

/// Sweeps: design points to run with `replicates` replicates each.
struct PointBatch {
  std::int64_t replicates = 0;
  std::vector<std::int64_t> points;
};

/// A design point's result: whether it finished, and if so its values (each
/// metric's series, then each outcome's per-replicate values).
struct PointResult {
  bool complete = false;
  std::vector<double> values;
};

/// Calibrations: simulations to run, one per seed and parameter vector;
/// `kind` says what each returns (the calibration's own code).
struct SimulationBatch {
  std::int64_t kind = 0;
  std::vector<std::uint64_t> seeds;
  std::vector<std::vector<double>> parameters;  ///< one vector per simulation
};

/// Per simulation its values (none when the scenario rejected them), and
/// the batch's counts.
struct SimulationResults {
  std::vector<std::vector<double>> values;
  std::int64_t simulations = 0;
  std::int64_t rejected = 0;
  bool interrupted = false;
};

Packet encode(const ReplicateRange& range);
ReplicateRange decode_replicate_range(const Packet& packet);

Packet encode(const EnsembleChunk& chunk);
/// `values_per_job`: how many series values each job's part holds;
/// `replicates`: the range's count.
EnsembleChunk decode_ensemble_chunk(const Packet& packet,
                                    const std::vector<std::size_t>& values_per_job,
                                    std::size_t replicates);

Packet encode(const PointBatch& batch);
PointBatch decode_point_batch(const Packet& packet);

Packet encode(const std::vector<PointResult>& results);
/// `points`: how many the batch held; `values`: a complete point's count.
std::vector<PointResult> decode_point_results(const Packet& packet, std::size_t points,
                                              std::size_t values);

Packet encode(const SimulationBatch& batch);
/// `parameters`: the length of every parameter vector.
SimulationBatch decode_simulation_batch(const Packet& packet, std::size_t parameters);

Packet encode(const SimulationResults& results);
/// `simulations`: how many the batch held.
SimulationResults decode_simulation_results(const Packet& packet, std::size_t simulations);

}  // namespace wfsim::distributed
