// What a process sees of the engine during a week: the world, this
// replicate's state, random streams keyed by (seed, replicate, week, agent's
// stable name, purpose), deterministic parallel loops, and the two operations
// that change who holds a post.
#pragma once

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <array>
#include <cstdint>
#include <span>
#include <stdexcept>

#include "sim/process.hpp"
#include "sim/random.hpp"
#include "sim/random_batch.hpp"
#include "sim/state.hpp"
#include "sim/world.hpp"

namespace wfsim {

class WeekContext {
 public:
  WeekContext(const World& world, ReplicateState& state, std::span<const Process* const> processes,
              std::uint64_t seed, int replicate)
      : world_(world), state_(state), processes_(processes), seed_(seed), replicate_(replicate) {}

  const World& world() const { return world_; }
  ReplicateState& state() { return state_; }
  const ReplicateState& state() const { return state_; }
  int week() const { return week_; }
  int replicate() const { return replicate_; }
  std::uint64_t seed() const { return seed_; }
  void set_week(int week) { week_ = week; }

  /// This week's stream for an agent's stable name (sim/identity.hpp) and a purpose.
  RandomStream stream(std::uint64_t identity, Purpose purpose) const {
    return RandomStream(StreamKey{seed_, static_cast<std::uint32_t>(replicate_),
                                  static_cast<std::uint32_t>(week_), identity, purpose});
  }
  RandomStream post_stream(std::uint32_t post, Purpose purpose) const {
    return stream(world_.posts.identity[post], purpose);
  }
  RandomStream team_stream(std::uint32_t team, Purpose purpose) const {
    return stream(world_.teams.identity[team], purpose);
  }

  /// Most posts a chunk of `for_each_post_chunk` holds.
  static constexpr std::uint32_t kPostGrain = 512;

  /// f(post) for every post, in parallel. f may write only that post's entries.
  template <class F>
  void for_each_post(F&& f) const {
    parallel_indices(static_cast<std::uint32_t>(world_.posts.size()), kPostGrain, f);
  }
  /// f(chunk) for chunks of at most kPostGrain posts covering every post, in
  /// parallel: for work that draws for all of a chunk's posts at once (PostDraws).
  template <class F>
  void for_each_post_chunk(F&& f) const {
    parallel_ranges(static_cast<std::uint32_t>(world_.posts.size()), kPostGrain, f);
  }
  /// f(team) for every team, in parallel. f may write only that team and its posts.
  template <class F>
  void for_each_team(F&& f) const {
    parallel_indices(static_cast<std::uint32_t>(world_.teams.size()), kTeamGrain, f);
  }

  /// A new occupant takes `post` (employed or agency): sets identity and
  /// tenure, marks an employed starter, then lets every process initialise
  /// its columns. Safe in parallel loops over distinct posts.
  void arrive(std::uint32_t post, Occupancy kind);
  /// The occupant leaves `post`, which becomes vacant; an employed occupant
  /// counts as a leaver. Safe in parallel loops over distinct posts.
  void depart(std::uint32_t post);

 private:
  // Chunks of work per task: large enough that scheduling is a small share of
  // a chunk's time (a team has about 8 posts).
  static constexpr std::uint32_t kTeamGrain = 64;

  // f(range) over chunks of [0, n) of at most `grain` indices: the simple
  // partitioner splits a range until it holds no more than its grain (the
  // default one may hand out larger chunks), which PostDraws relies on.
  template <class F>
  static void parallel_ranges(std::uint32_t n, std::uint32_t grain, F& f) {
    if (n <= grain) {  // one chunk: no task to schedule (small scenarios, many replicates)
      f(IndexRange{0, n});
      return;
    }
    tbb::parallel_for(
        tbb::blocked_range<std::uint32_t>(0, n, grain),
        [&f](const tbb::blocked_range<std::uint32_t>& range) {
          f(IndexRange{range.begin(), range.end() - range.begin()});
        },
        tbb::simple_partitioner());
  }
  template <class F>
  static void parallel_indices(std::uint32_t n, std::uint32_t grain, F& f) {
    const auto each = [&f](IndexRange range) {
      for (std::uint32_t i = range.first; i != range.end(); ++i) f(i);
    };
    parallel_ranges(n, grain, each);
  }

  const World& world_;
  ReplicateState& state_;
  std::span<const Process* const> processes_;
  std::uint64_t seed_;
  int replicate_;
  int week_ = 0;
};

/// For one chunk of posts, the first block of each post's stream for a
/// purpose this week: two uniforms per post, computed for the whole chunk at
/// once (sim/random_batch.hpp) and equal to what `post_stream` would draw first.
class PostDraws {
 public:
  PostDraws(const WeekContext& context, IndexRange chunk, Purpose purpose) : first_(chunk.first) {
    if (chunk.count > WeekContext::kPostGrain)
      throw std::logic_error("PostDraws: a chunk of more than kPostGrain posts");
    const PurposeKey key(context.seed(), static_cast<std::uint32_t>(context.replicate()), purpose);
    philox_blocks(key, static_cast<std::uint32_t>(context.week()),
                  std::span(context.world().posts.identity).subspan(chunk.first, chunk.count),
                  std::span(blocks_).first(chunk.count));
  }
  const RandomBlock& operator[](std::uint32_t post) const { return blocks_[post - first_]; }

 private:
  std::uint32_t first_;
  std::array<RandomBlock, WeekContext::kPostGrain> blocks_;
};

}  // namespace wfsim
