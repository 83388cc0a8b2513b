// What a process sees of the engine during a week: the world, this
// replicate's state, random streams keyed by (seed, replicate, week, agent,
// purpose), deterministic parallel loops, and the two operations that change
// who holds a post.
#pragma once

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <cstdint>
#include <span>

#include "sim/process.hpp"
#include "sim/random.hpp"
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

  /// The stream for one agent (post, team or organisation index) and purpose this week.
  RandomStream stream(std::uint32_t agent, Purpose purpose) const {
    return RandomStream(StreamKey{seed_, static_cast<std::uint32_t>(replicate_),
                                  static_cast<std::uint32_t>(week_), agent, purpose});
  }

  /// f(post) for every post, in parallel. f may write only that post's entries.
  template <class F>
  void for_each_post(F&& f) const {
    parallel_indices(static_cast<std::uint32_t>(world_.posts.size()), kPostGrain, f);
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
  static constexpr std::uint32_t kPostGrain = 512;
  static constexpr std::uint32_t kTeamGrain = 64;

  template <class F>
  static void parallel_indices(std::uint32_t n, std::uint32_t grain, F& f) {
    if (n <= grain) {  // one chunk: no task to schedule (small scenarios, many replicates)
      for (std::uint32_t i = 0; i < n; ++i) f(i);
      return;
    }
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, n, grain),
                      [&f](const tbb::blocked_range<std::uint32_t>& range) {
                        for (std::uint32_t i = range.begin(); i != range.end(); ++i) f(i);
                      });
  }

  const World& world_;
  ReplicateState& state_;
  std::span<const Process* const> processes_;
  std::uint64_t seed_;
  int replicate_;
  int week_ = 0;
};

}  // namespace wfsim
