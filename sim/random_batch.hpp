// Random numbers for many agents at once: the first Philox block of each
// agent's stream for one (seed, replicate, week, purpose), computed eight
// agents at a time. A weekly decision for every post then costs one block
// per post, with no stream to set up.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "sim/random.hpp"

namespace wfsim {

/// One agent's first Philox block: two uniforms, the first two its stream
/// (RandomStream with the same key) would draw.
struct RandomBlock {
  std::array<std::uint32_t, 4> words{};

  /// Uniform on (0, 1): `which` 0 or 1.
  double uniform(int which) const {
    return detail::uniform_from(words[2 * which], words[2 * which + 1]);
  }
  /// True with probability p, from uniform `which`.
  bool bernoulli(double p, int which = 0) const { return uniform(which) < p; }
};

/// out[i] = block 0 of the stream (key, identities[i], week), for every i.
/// The two spans have the same length.
void philox_blocks(const PurposeKey& key, std::uint32_t week,
                   std::span<const std::uint64_t> identities, std::span<RandomBlock> out);

namespace detail {
/// The same blocks from Random123's Philox one counter at a time: the path
/// on processors without AVX2, and the tests' reference.
void philox_blocks_scalar(const PurposeKey& key, std::uint32_t week,
                          std::span<const std::uint64_t> identities, std::span<RandomBlock> out);
}  // namespace detail

}  // namespace wfsim
