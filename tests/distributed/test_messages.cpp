// Every typed message between ranks survives encoding and decoding
// unchanged, and a packet of the wrong size is refused, not misread.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "distributed/messages.hpp"

using namespace wfsim::distributed;

TEST_CASE("ensemble work items and results round-trip", "[distributed][messages]") {
  const ReplicateRange range{17, 5};
  const ReplicateRange back = decode_replicate_range(encode(range));
  CHECK(back.first == 17);
  CHECK(back.count == 5);

  EnsembleChunk chunk;
  chunk.jobs.push_back({{52, 52}, {1.5, -2.0, 0.25, 4.0, 8.0, 16.0}});
  chunk.jobs.push_back({{10, 7}, {std::numeric_limits<double>::quiet_NaN(), 3.0}});
  const EnsembleChunk decoded = decode_ensemble_chunk(encode(chunk), {6, 2}, 2);
  REQUIRE(decoded.jobs.size() == 2);
  CHECK(decoded.jobs[0].weeks_completed == chunk.jobs[0].weeks_completed);
  CHECK(decoded.jobs[0].series == chunk.jobs[0].series);
  CHECK(decoded.jobs[1].weeks_completed == chunk.jobs[1].weeks_completed);
  CHECK(std::isnan(decoded.jobs[1].series[0]));
  CHECK(decoded.jobs[1].series[1] == 3.0);

  CHECK_THROWS_AS(decode_ensemble_chunk(encode(chunk), {6, 3}, 2), std::runtime_error);
  CHECK_THROWS_AS(decode_ensemble_chunk(encode(chunk), {6}, 2), std::runtime_error);
  CHECK_THROWS_AS(decode_replicate_range(Packet{{1}, {}}), std::runtime_error);
}

TEST_CASE("sweep work items and results round-trip", "[distributed][messages]") {
  const PointBatch batch{8, {3, 0, 41}};
  const PointBatch back = decode_point_batch(encode(batch));
  CHECK(back.replicates == 8);
  CHECK(back.points == batch.points);

  const std::vector<PointResult> results{
      {true, {1.0, 2.0, 3.0}}, {false, {}}, {true, {4.0, 5.0, 6.0}}};
  const std::vector<PointResult> decoded = decode_point_results(encode(results), 3, 3);
  REQUIRE(decoded.size() == 3);
  CHECK(decoded[0].complete);
  CHECK(decoded[0].values == results[0].values);
  CHECK_FALSE(decoded[1].complete);
  CHECK(decoded[1].values.empty());
  CHECK(decoded[2].values == results[2].values);
  CHECK_THROWS_AS(decode_point_results(encode(results), 3, 4), std::runtime_error);
}

TEST_CASE("calibration work items and results round-trip", "[distributed][messages]") {
  const SimulationBatch batch{
      1, {7, std::numeric_limits<std::uint64_t>::max()}, {{0.1, 60.0}, {0.2, 45.0}}};
  const SimulationBatch back = decode_simulation_batch(encode(batch), 2);
  CHECK(back.kind == 1);
  CHECK(back.seeds == batch.seeds);  // a seed above 2^63 survives
  CHECK(back.parameters == batch.parameters);
  CHECK_THROWS_AS(decode_simulation_batch(encode(batch), 3), std::runtime_error);

  const SimulationResults results{{{0.5}, {}, {1.0, 2.0, 3.0}}, 2, 1, true};
  const SimulationResults decoded = decode_simulation_results(encode(results), 3);
  CHECK(decoded.values == results.values);
  CHECK(decoded.simulations == 2);
  CHECK(decoded.rejected == 1);
  CHECK(decoded.interrupted);
  CHECK_THROWS_AS(decode_simulation_results(encode(results), 4), std::runtime_error);
}
