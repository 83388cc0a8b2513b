// Counter-based random streams: Philox4x32-10 (Salmon et al. 2011, "Parallel
// random numbers: as easy as 1, 2, 3"; Random123's implementation). The
// Philox key is mixed from (seed, replicate, purpose) and the counter is
// (identity, week, block), where the identity is a stable 64-bit name of the
// agent (sim/identity.hpp: an organisation, a team or a post by organisation
// id, team id and slot), never its index. Any draw can be recomputed from its
// key alone, so results do not depend on thread count, process count or the
// order in which agents are visited; two scenarios sharing a seed share every
// stream (common random numbers); and adding an organisation or a team leaves
// everyone else's draws unchanged.
//
// Samplers are written here rather than taken from <random>, whose
// distributions differ between standard libraries.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

#include <Random123/philox.h>

namespace wfsim {

/// FNV-1a, 32 bit: a fixed hash for naming random purposes (never std::hash).
constexpr std::uint32_t fnv1a(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (char c : text) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= 16777619u;
  }
  return hash;
}

/// A named use of randomness ("leaving", "absence.start", ...). Distinct
/// purposes give independent streams for the same agent and week.
struct Purpose {
  std::uint32_t id;
  constexpr explicit Purpose(std::string_view name) : id(fnv1a(name)) {}
  /// A distinct purpose per index (e.g. one per evidence item).
  constexpr Purpose indexed(std::uint32_t index) const {
    Purpose result = *this;
    result.id = fnv1a_continue(id, index);
    return result;
  }

 private:
  static constexpr std::uint32_t fnv1a_continue(std::uint32_t hash, std::uint32_t value) {
    for (int byte = 0; byte < 4; ++byte) {
      hash ^= (value >> (8 * byte)) & 0xFFu;
      hash *= 16777619u;
    }
    return hash;
  }
};

namespace detail {

using Block = std::array<std::uint32_t, 4>;

/// Philox4x32 with 10 rounds, from Random123 (D. E. Shaw Research), the
/// reference implementation, checked against its known-answer vectors.
inline Block philox4x32_10(const Block& counter, const std::array<std::uint32_t, 2>& key) {
  const r123::Philox4x32_R<10> philox;
  const r123::Philox4x32::ctr_type out =
      philox({{counter[0], counter[1], counter[2], counter[3]}}, {{key[0], key[1]}});
  return {out.v[0], out.v[1], out.v[2], out.v[3]};
}

/// SplitMix64 finaliser: mixes seed, replicate and purpose into one 64-bit Philox key.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

/// 53 random bits from two words, as a uniform on the open interval (0, 1).
inline double uniform_from(std::uint32_t high, std::uint32_t low) {
  const std::uint64_t hi = high >> 5;  // 27 bits
  const std::uint64_t lo = low >> 6;   // 26 bits
  const double u = (static_cast<double>((hi << 26) | lo) + 0.5) * 0x1.0p-53;
  // The largest integer, 2^53 - 1, plus 0.5 rounds up to 2^53: keep the
  // interval open at 1 (once in 2^53 draws) without changing any other draw.
  return u < 1.0 ? u : 0x1.fffffffffffffp-1;
}

}  // namespace detail

/// The Philox key of every stream of one purpose in one replicate: computed
/// once and shared by all the agents and weeks that draw for that purpose.
struct PurposeKey {
  std::array<std::uint32_t, 2> words{};
  PurposeKey(std::uint64_t seed, std::uint32_t replicate, Purpose purpose) {
    const std::uint64_t key = detail::mix64(
        seed ^ detail::mix64((static_cast<std::uint64_t>(replicate) << 32) | purpose.id));
    words = {static_cast<std::uint32_t>(key), static_cast<std::uint32_t>(key >> 32)};
  }
};

/// The coordinates of one stream. `identity` is a stable name of the agent
/// (sim/identity.hpp) or a caller-chosen number; `week` may be 0 for set-up.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
  std::uint32_t week = 0;
  std::uint64_t identity = 0;
  Purpose purpose{""};
};

/// A stream of draws for one key. Cheap to construct (no state beyond the key
/// and a draw counter): make one where needed, use it, drop it. Its first
/// block is the one `philox_blocks` (sim/random_batch.hpp) computes for the
/// same key, so a batch's two uniforms are this stream's first two.
class RandomStream {
 public:
  explicit RandomStream(const StreamKey& k)
      : RandomStream(PurposeKey(k.seed, k.replicate, k.purpose), k.identity, k.week) {}
  RandomStream(const PurposeKey& key, std::uint64_t identity, std::uint32_t week)
      : counter_{static_cast<std::uint32_t>(identity), static_cast<std::uint32_t>(identity >> 32),
                 week, 0},
        key_(key.words) {}

  /// Next raw 32 random bits.
  std::uint32_t next_u32() {
    if (used_ == 4) refill();
    return block_[used_++];
  }

  /// Uniform on the open interval (0, 1), with 53 bits of resolution.
  double uniform() {
    const std::uint32_t high = next_u32();
    return detail::uniform_from(high, next_u32());
  }

  /// True with probability p (p outside [0, 1] is clamped).
  bool bernoulli(double p) { return uniform() < p; }

  /// Exponential with the given mean.
  double exponential(double mean) { return -mean * std::log(uniform()); }

  /// Standard normal by the Box-Muller transform (one of the pair is used).
  double normal() {
    const double u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
  }

  double normal(double mean, double sd) { return mean + sd * normal(); }

  /// Number of failures before the first success, success probability p in (0, 1].
  std::int64_t geometric(double p) {
    if (p >= 1.0) return 0;
    return static_cast<std::int64_t>(std::floor(std::log(uniform()) / std::log1p(-p)));
  }

  /// Poisson: multiplication method for small means, Hörmann's PTRS
  /// transformed rejection (1993) above 10.
  std::int64_t poisson(double mean);

  /// Binomial(n, p) by the waiting-time (geometric skip) method: expected cost
  /// O(n p + 1), suited to the small expected counts of weekly events.
  std::int64_t binomial(std::int64_t n, double p);

 private:
  void refill() {
    block_ = detail::philox4x32_10(counter_, key_);
    ++counter_[3];
    used_ = 0;
  }

  detail::Block counter_;
  std::array<std::uint32_t, 2> key_{};
  detail::Block block_{};
  int used_ = 4;
};

}  // namespace wfsim
