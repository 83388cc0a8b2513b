#include "distributed/messages.hpp"

#include <stdexcept>
#include <string>

namespace wfsim::distributed {

namespace {

// Reads a packet's ints and reals in order, checking that they are there and
// that nothing is left over: a malformed message fails loudly, never quietly
// shifts every value that follows.
class Reader {
 public:
  Reader(const Packet& packet, const char* what) : packet_(packet), what_(what) {}

  std::int64_t integer() {
    if (next_int_ >= packet_.ints.size()) fail("too few integers");
    return packet_.ints[next_int_++];
  }
  std::vector<std::int64_t> integers(std::size_t n) {
    if (packet_.ints.size() - next_int_ < n) fail("too few integers");
    std::vector<std::int64_t> out(
        packet_.ints.begin() + static_cast<std::ptrdiff_t>(next_int_),
        packet_.ints.begin() + static_cast<std::ptrdiff_t>(next_int_ + n));
    next_int_ += n;
    return out;
  }
  std::vector<std::int64_t> remaining_integers() {
    return integers(packet_.ints.size() - next_int_);
  }
  std::vector<double> reals(std::size_t n) {
    if (packet_.reals.size() - next_real_ < n) fail("too few values");
    std::vector<double> out(packet_.reals.begin() + static_cast<std::ptrdiff_t>(next_real_),
                            packet_.reals.begin() + static_cast<std::ptrdiff_t>(next_real_ + n));
    next_real_ += n;
    return out;
  }
  void finish() const {
    if (next_int_ != packet_.ints.size() || next_real_ != packet_.reals.size())
      fail("more than expected");
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw std::runtime_error(std::string("malformed ") + what_ + ": " + problem);
  }
  const Packet& packet_;
  const char* what_;
  std::size_t next_int_ = 0;
  std::size_t next_real_ = 0;
};

void append(std::vector<double>& to, const std::vector<double>& values) {
  to.insert(to.end(), values.begin(), values.end());
}

}  // namespace

Packet encode(const ReplicateRange& range) {
  return {{range.first, range.count}, {}};
}

ReplicateRange decode_replicate_range(const Packet& packet) {
  Reader in(packet, "ensemble work item");
  ReplicateRange range{in.integer(), in.integer()};
  in.finish();
  return range;
}

Packet encode(const EnsembleChunk& chunk) {
  Packet out;
  for (const EnsembleChunk::Job& job : chunk.jobs) {
    out.ints.insert(out.ints.end(), job.weeks_completed.begin(), job.weeks_completed.end());
    append(out.reals, job.series);
  }
  return out;
}

EnsembleChunk decode_ensemble_chunk(const Packet& packet,
                                    const std::vector<std::size_t>& values_per_job,
                                    std::size_t replicates) {
  Reader in(packet, "ensemble result");
  EnsembleChunk chunk;
  for (const std::size_t values : values_per_job) {
    EnsembleChunk::Job job;
    job.weeks_completed = in.integers(replicates);
    job.series = in.reals(values);
    chunk.jobs.push_back(std::move(job));
  }
  in.finish();
  return chunk;
}

Packet encode(const PointBatch& batch) {
  Packet out{{batch.replicates}, {}};
  out.ints.insert(out.ints.end(), batch.points.begin(), batch.points.end());
  return out;
}

PointBatch decode_point_batch(const Packet& packet) {
  Reader in(packet, "sweep work item");
  PointBatch batch;
  batch.replicates = in.integer();
  batch.points = in.remaining_integers();
  in.finish();
  return batch;
}

Packet encode(const std::vector<PointResult>& results) {
  Packet out;
  for (const PointResult& result : results) {
    out.ints.push_back(result.complete ? 1 : 0);
    if (result.complete) append(out.reals, result.values);
  }
  return out;
}

std::vector<PointResult> decode_point_results(const Packet& packet, std::size_t points,
                                              std::size_t values) {
  Reader in(packet, "sweep result");
  std::vector<PointResult> results(points);
  for (PointResult& result : results) {
    result.complete = in.integer() != 0;
    if (result.complete) result.values = in.reals(values);
  }
  in.finish();
  return results;
}

Packet encode(const SimulationBatch& batch) {
  Packet out{{batch.kind}, {}};
  for (std::size_t i = 0; i < batch.seeds.size(); ++i) {
    out.ints.push_back(static_cast<std::int64_t>(batch.seeds[i]));
    append(out.reals, batch.parameters.at(i));
  }
  return out;
}

SimulationBatch decode_simulation_batch(const Packet& packet, std::size_t parameters) {
  Reader in(packet, "calibration work item");
  SimulationBatch batch;
  batch.kind = in.integer();
  for (const std::int64_t seed : in.remaining_integers()) {
    batch.seeds.push_back(static_cast<std::uint64_t>(seed));
    batch.parameters.push_back(in.reals(parameters));
  }
  in.finish();
  return batch;
}

Packet encode(const SimulationResults& results) {
  Packet out;
  for (const std::vector<double>& values : results.values) {
    out.ints.push_back(static_cast<std::int64_t>(values.size()));
    append(out.reals, values);
  }
  out.ints.insert(out.ints.end(),
                  {results.simulations, results.rejected, results.interrupted ? 1 : 0});
  return out;
}

SimulationResults decode_simulation_results(const Packet& packet, std::size_t simulations) {
  Reader in(packet, "calibration result");
  SimulationResults results;
  const std::vector<std::int64_t> sizes = in.integers(simulations);
  for (const std::int64_t size : sizes) {
    if (size < 0) throw std::runtime_error("malformed calibration result: a negative count");
    results.values.push_back(in.reals(static_cast<std::size_t>(size)));
  }
  results.simulations = in.integer();
  results.rejected = in.integer();
  results.interrupted = in.integer() != 0;
  in.finish();
  return results;
}

}  // namespace wfsim::distributed
