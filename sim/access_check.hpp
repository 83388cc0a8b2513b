// Checks processes against what they declare they write (ColumnAccess):
// the state before and after a hook are compared column by column, and a
// column that changed without being declared is an error. Slow (a copy of
// the state per hook), so the engine does it only when asked
// (Simulation::check_access); a test runs every shipped scenario so.
#pragma once

#include <set>
#include <span>
#include <string_view>

#include "sim/process.hpp"
#include "sim/state.hpp"

namespace wfsim {

class AccessCheck {
 public:
  /// `processes`: all of the simulation's, whose arrive() hooks run whenever
  /// any process fills a post.
  explicit AccessCheck(std::span<const Process* const> processes);

  /// Throws std::logic_error naming `process`, the hook and every column it
  /// changed between `before` and `after` without declaring it.
  void verify(const Process& process, std::string_view hook, const ReplicateState& before,
              const ReplicateState& after) const;

 private:
  /// What filling or vacating a post may change: the engine's own columns for
  /// arrivals, departures and moves, and every process's arrive() writes.
  std::set<std::string_view> filling_writes_;
};

}  // namespace wfsim
