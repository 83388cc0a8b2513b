// Counter-based random streams: reproducible for a key, independent across keys.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "sim/identity.hpp"
#include "sim/random.hpp"
#include "sim/random_batch.hpp"

using wfsim::Purpose;
using wfsim::RandomStream;
using wfsim::StreamKey;

namespace {

StreamKey key(std::uint32_t agent, std::uint32_t week = 3, std::string_view purpose = "test") {
  return StreamKey{42, 1, week, agent, Purpose(purpose)};
}

}  // namespace

TEST_CASE("Philox4x32-10 matches the Random123 known-answer vectors", "[random]") {
  // kat_vectors from Random123 1.09: philox4x32 10 rounds.
  using wfsim::detail::philox4x32_10;
  CHECK(philox4x32_10({0, 0, 0, 0}, {0, 0}) ==
        wfsim::detail::Block{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
  CHECK(philox4x32_10({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
                      {0xffffffffu, 0xffffffffu}) ==
        wfsim::detail::Block{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
  CHECK(philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
                      {0xa4093822u, 0x299f31d0u}) ==
        wfsim::detail::Block{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
}

TEST_CASE("a stream is reproducible from its key alone", "[random]") {
  RandomStream a(key(7)), b(key(7));
  for (int i = 0; i < 100; ++i) REQUIRE(a.uniform() == b.uniform());
}

TEST_CASE("streams differ in every coordinate of the key", "[random]") {
  const double reference = RandomStream(key(7)).uniform();
  CHECK(RandomStream(key(8)).uniform() != reference);
  CHECK(RandomStream(key(7, 4)).uniform() != reference);
  CHECK(RandomStream(key(7, 3, "other")).uniform() != reference);
  CHECK(RandomStream(StreamKey{43, 1, 3, 7, Purpose("test")}).uniform() != reference);
  CHECK(RandomStream(StreamKey{42, 2, 3, 7, Purpose("test")}).uniform() != reference);
  CHECK(Purpose("x").indexed(0).id != Purpose("x").indexed(1).id);
}

TEST_CASE("uniforms have the moments of U(0,1)", "[random]") {
  // n draws, one per agent key: mean 1/2 with SE sqrt(1/12/n), variance 1/12
  // with SE sqrt((1/80 - 1/144)/n). Tolerance: 4 standard errors.
  constexpr int n = 200000;
  double sum = 0, squares = 0;
  for (std::uint32_t agent = 0; agent < n; ++agent) {
    const double u = RandomStream(key(agent)).uniform();
    REQUIRE(u > 0.0);
    REQUIRE(u < 1.0);
    sum += u;
    squares += u * u;
  }
  const double mean = sum / n;
  const double variance = squares / n - mean * mean;
  CHECK(std::abs(mean - 0.5) < 4 * std::sqrt(1.0 / 12 / n));
  CHECK(std::abs(variance - 1.0 / 12) < 4 * std::sqrt((1.0 / 80 - 1.0 / 144) / n));
}

TEST_CASE("streams of neighbouring keys are uncorrelated", "[random]") {
  // Correlation of the first draw of agent i and agent i+1 (and of two
  // purposes of the same agent): under independence its SE is 1/sqrt(n).
  constexpr int n = 100000;
  const auto correlation = [](auto first, auto second) {
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const double x = first(i), y = second(i);
      sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
    }
    const double cov = sxy / n - sx / n * sy / n;
    return cov / std::sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
  };
  const double adjacent_agents =
      correlation([](std::uint32_t i) { return RandomStream(key(i)).uniform(); },
                  [](std::uint32_t i) { return RandomStream(key(i + 1)).uniform(); });
  const double two_purposes =
      correlation([](std::uint32_t i) { return RandomStream(key(i, 3, "a")).uniform(); },
                  [](std::uint32_t i) { return RandomStream(key(i, 3, "b")).uniform(); });
  const double consecutive_weeks =
      correlation([](std::uint32_t i) { return RandomStream(key(i, 3)).uniform(); },
                  [](std::uint32_t i) { return RandomStream(key(i, 4)).uniform(); });
  CHECK(std::abs(adjacent_agents) < 4 / std::sqrt(double{n}));
  CHECK(std::abs(two_purposes) < 4 / std::sqrt(double{n}));
  CHECK(std::abs(consecutive_weeks) < 4 / std::sqrt(double{n}));
}

TEST_CASE("samplers have the right means", "[random]") {
  // Each check: |sample mean - mean| < 4 SE, SE = sd / sqrt(n).
  constexpr int n = 50000;
  const auto sample_mean = [](auto draw) {
    double sum = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      RandomStream s(key(i, 9));
      sum += static_cast<double>(draw(s));
    }
    return sum / n;
  };
  for (double lambda : {0.5, 4.0, 25.0, 300.0}) {
    INFO("poisson " << lambda);
    CHECK(std::abs(sample_mean([&](RandomStream& s) { return s.poisson(lambda); }) - lambda) <
          4 * std::sqrt(lambda / n));
  }
  for (auto [trials, p] : {std::pair{100, 0.02}, std::pair{40, 0.5}, std::pair{500, 0.9}}) {
    INFO("binomial " << trials << " " << p);
    const double sd = std::sqrt(trials * p * (1 - p));
    CHECK(std::abs(sample_mean([&](RandomStream& s) { return s.binomial(trials, p); }) -
                   trials * p) < 4 * sd / std::sqrt(n));
  }
  CHECK(std::abs(sample_mean([](RandomStream& s) { return s.normal(); })) < 4 / std::sqrt(n));
  CHECK(std::abs(sample_mean([](RandomStream& s) { return s.exponential(3.0); }) - 3.0) <
        4 * 3.0 / std::sqrt(n));
  const double p = 0.1;  // failures before success: mean (1-p)/p, sd sqrt(1-p)/p
  CHECK(std::abs(sample_mean([&](RandomStream& s) { return s.geometric(p); }) - (1 - p) / p) <
        4 * std::sqrt(1 - p) / p / std::sqrt(n));
}

TEST_CASE("batched blocks equal the streams' first blocks, on every path", "[random]") {
  // Lengths 0-40 cover the eight-lane path and every tail length.
  const wfsim::PurposeKey key(42, 3, Purpose("batch"));
  for (std::size_t n = 0; n <= 40; ++n) {
    std::vector<std::uint64_t> identities(n);
    for (std::size_t i = 0; i < n; ++i) identities[i] = wfsim::detail::mix64(n * 100 + i);
    std::vector<wfsim::RandomBlock> batch(n), reference(n);
    wfsim::philox_blocks(key, 9, identities, batch);
    wfsim::detail::philox_blocks_scalar(key, 9, identities, reference);
    for (std::size_t i = 0; i < n; ++i) {
      REQUIRE(batch[i].words == reference[i].words);
      RandomStream stream(StreamKey{42, 3, 9, identities[i], Purpose("batch")});
      REQUIRE(batch[i].uniform(0) == stream.uniform());
      REQUIRE(batch[i].uniform(1) == stream.uniform());
    }
  }
}

TEST_CASE("stable names differ by organisation, team and slot", "[random]") {
  using wfsim::post_identity;
  const std::uint64_t post = post_identity("north", "t1", 0);
  CHECK(post == post_identity("north", "t1", 0));
  CHECK(post != post_identity("north", "t1", 1));
  CHECK(post != post_identity("north", "t2", 0));
  CHECK(post != post_identity("south", "t1", 0));
  // Parts are separated, so moving a character between them changes the name.
  CHECK(post_identity("ab", "c", 0) != post_identity("a", "bc", 0));
  CHECK(wfsim::team_identity("north", "t1") != wfsim::organisation_identity("north"));
}
