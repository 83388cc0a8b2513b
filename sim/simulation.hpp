// The weekly scheduler: one replicate, week by week, under an ordered list of
// processes. Recording and ensembles build on it (record/ensemble.hpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "sim/process.hpp"
#include "sim/state.hpp"
#include "sim/world.hpp"

namespace wfsim {

class WeekContext;

/// Start-of-week bookkeeping that belongs to no single process: last week's
/// values become readable to neighbours, the week's events and grants are
/// cleared, tenure ages, and who is at work this week is fixed from last
/// week's absence state.
void begin_week(ReplicateState& state, WeekContext& context);

/// Who is at work, from occupancy and absence (after the workforce phase
/// fills posts at week 0).
void mark_presence(ReplicateState& state, WeekContext& context);

/// A process's weekly hook (step or end).
using WeekHook = void (Process::*)(WeekContext&) const;

/// call(hook, name) for what a process does in `week`: end() in the week its
/// window closes, then step() if it acts (both, for a process that acts
/// after its window, such as a publication).
template <class Call>
void for_each_week_hook(const Process& process, int week, Call&& call) {
  if (process.ends(week)) call(&Process::end, "end");
  if (process.acts(week)) call(&Process::step, "step");
}

/// The end of the run of post-by-post processes from `first` that act in
/// `week` (and do not end in it): the engine runs [first, end) in one pass
/// over the posts when it holds more than one.
std::size_t post_by_post_run_end(std::span<const Process* const> processes, std::size_t first,
                                 int week);

/// A process's part of the week (for_each_week_hook), run.
void run_process_week(const Process& process, WeekContext& context);

/// Runs replicates of one world under an ordered list of processes. Immutable
/// once built: replicates may run concurrently. It shares ownership of its
/// world, which the processes may also refer to, so a simulation can be
/// moved and kept on its own.
class Simulation {
 public:
  Simulation(std::shared_ptr<const World> world, std::vector<std::unique_ptr<Process>> processes);

  /// Called with the state at week 0 (after set-up) and at the end of each week.
  using Recorder = std::function<void(int week, const ReplicateState& state)>;

  /// Runs one replicate for `weeks` weeks. Returns the number of weeks
  /// simulated: fewer than `weeks` only if `stop` became true.
  int run(std::uint64_t seed, int replicate, int weeks, const Recorder& record,
          const std::atomic<bool>* stop = nullptr) const;

  /// As run(), also returning the final state.
  int run(std::uint64_t seed, int replicate, int weeks, const Recorder& record,
          const std::atomic<bool>* stop, ReplicateState& final_state) const;

  const World& world() const { return *world_; }

  /// Whether runs check every process's writes against its access()
  /// declaration (sim/access_check.hpp): slow, for tests.
  void check_access(bool on) { check_access_ = on; }

 private:
  bool check_access_ = false;
  std::shared_ptr<const World> world_;
  std::vector<std::unique_ptr<Process>> owned_;
  std::vector<const Process*> processes_;
};

}  // namespace wfsim
