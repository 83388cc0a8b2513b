// The model API: a process is a small, immutable behaviour rule with a few
// hooks. It keeps no state of its own (all state lives in ReplicateState), so
// one instance serves every replicate and thread. The engine runs processes
// in phase order each week; adding a process means writing one and
// registering it (sim/registry.hpp), never editing the scheduler.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/index_range.hpp"

namespace wfsim {

class WeekContext;

/// The weekly phases of model.md, in the order they run.
enum class Phase : std::uint8_t {
  workforce,      ///< who is in post at the start (initial workforce)
  interventions,  ///< scheduled events and interventions fire
  rota,           ///< days at work and in the office, after the interventions that change them
  demand,         ///< referrals arrive, cases are allocated
  contact,        ///< effective contact on each edge from co-presence
  resources,      ///< peer support, supervision, recognition
  burnout,
  uptake,  ///< evidence use spreads
  absence,
  leaving,
  recruitment,
};

/// The state columns a process touches, by their names in the column table
/// (sim/state.hpp). Declared by every process; the engine checks the writes
/// when asked (Simulation::check_access): a write to a column that is not
/// declared is an error.
struct ColumnAccess {
  /// Columns read besides those written (another agent's burnout and
  /// evidence use are read from last week's buffer).
  std::vector<std::string_view> reads;
  /// Columns written by start() and step().
  std::vector<std::string_view> writes;
  /// Columns written by arrive(), for a new occupant of a post.
  std::vector<std::string_view> writes_on_arrival;
  /// Whether start() or step() fills or vacates posts (WeekContext::arrive,
  /// depart, ReplicateState::move_occupant): it then also writes what the
  /// engine and every process's arrive() write for a newcomer.
  bool fills_posts = false;
};

class Process {
 public:
  virtual ~Process() = default;
  Process() = default;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  /// A short unique name, e.g. "leaving".
  virtual std::string_view name() const = 0;
  virtual Phase phase() const = 0;
  /// What the process reads and writes of the state.
  virtual ColumnAccess access() const = 0;
  /// Set up this process's state for a new replicate (week 0). Posts are
  /// already filled when processes of later phases start.
  virtual void start(WeekContext& /*context*/) const {}
  /// Initialise this process's columns for a new occupant of `post`. Called
  /// from parallel loops: touch only that post's entries.
  virtual void arrive(WeekContext& /*context*/, std::uint32_t /*post*/) const {}
  /// One week. Read other agents' double-buffered columns from `previous`.
  virtual void step(WeekContext& /*context*/) const {}

  /// Whether the week is post by post (PerPostProcess, sim/per_post_process.hpp):
  /// step_posts then does it for a chunk of posts, and the engine may run it
  /// in one pass with the processes next to it that are post by post too.
  virtual bool steps_by_post() const { return false; }
  virtual void step_posts(WeekContext& /*context*/, IndexRange /*chunk*/) const {}

  /// Whether the engine calls step() in `week` (1, 2, ...): every week unless
  /// the process has a time window (interventions, sim/intervention.hpp).
  virtual bool acts(int /*week*/) const { return true; }
  /// Whether `week` is the one its window closes in; the engine then calls
  /// end(), to undo what the process changed, before step() if it also acts.
  virtual bool ends(int /*week*/) const { return false; }
  virtual void end(WeekContext& /*context*/) const {}
};

}  // namespace wfsim
