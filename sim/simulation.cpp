#include "sim/simulation.hpp"

#include <optional>
#include <string_view>

#include "sim/access_check.hpp"
#include "sim/context.hpp"

namespace wfsim {

Simulation::Simulation(std::shared_ptr<const World> world,
                       std::vector<std::unique_ptr<Process>> processes)
    : world_(std::move(world)), owned_(std::move(processes)) {
  for (const auto& process : owned_) processes_.push_back(process.get());
}

int Simulation::run(std::uint64_t seed, int replicate, int weeks, const Recorder& record,
                    const std::atomic<bool>* stop) const {
  ReplicateState state(*world_);
  return run(seed, replicate, weeks, record, stop, state);
}

void begin_week(ReplicateState& s, WeekContext& context) {
  s.roll();
  s.clear_weekly();
  context.for_each_post([&s](std::uint32_t post) {
    const bool occupied = s.occupancy[post] != Occupancy::vacant;
    if (occupied) ++s.tenure_weeks[post];
    s.present[post] = occupied && !s.absent[post] ? 1 : 0;
  });
}

void mark_presence(ReplicateState& s, WeekContext& context) {
  context.for_each_post([&s](std::uint32_t post) {
    s.present[post] = s.occupancy[post] != Occupancy::vacant && !s.absent[post] ? 1 : 0;
  });
}

std::size_t post_by_post_run_end(std::span<const Process* const> processes, std::size_t first,
                                 int week) {
  std::size_t end = first;
  while (end < processes.size() && processes[end]->steps_by_post() && processes[end]->acts(week) &&
         !processes[end]->ends(week))
    ++end;
  return end;
}

void run_process_week(const Process& process, WeekContext& context) {
  for_each_week_hook(process, context.week(),
                     [&](WeekHook hook, std::string_view) { (process.*hook)(context); });
}

int Simulation::run(std::uint64_t seed, int replicate, int weeks, const Recorder& record,
                    const std::atomic<bool>* stop, ReplicateState& state) const {
  state = ReplicateState(*world_);
  WeekContext context(*world_, state, processes_, seed, replicate);
  std::optional<AccessCheck> check;
  if (check_access_) check.emplace(processes_);
  // A hook of one process, checked against its declaration when asked.
  const auto call = [&](const Process& process, WeekHook hook, std::string_view hook_name) {
    if (!check) return (process.*hook)(context);
    const ReplicateState before = state;
    (process.*hook)(context);
    check->verify(process, hook_name, before, state);
  };
  for (const Process* process : processes_) {
    call(*process, &Process::start, "start");
    if (process->phase() == Phase::workforce) mark_presence(state, context);
  }
  state.roll();
  record(0, state);
  for (int week = 1; week <= weeks; ++week) {
    if (stop != nullptr && stop->load(std::memory_order_relaxed)) return week - 1;
    context.set_week(week);
    begin_week(state, context);
    for (std::size_t i = 0; i < processes_.size();) {
      // Consecutive post-by-post processes in one pass over the posts
      // (sim/per_post_process.hpp); one at a time when checking each one's writes.
      const std::size_t pass_end = check ? i : post_by_post_run_end(processes_, i, week);
      if (pass_end > i + 1) {
        context.for_each_post_chunk([&](IndexRange chunk) {
          for (std::size_t j = i; j < pass_end; ++j) processes_[j]->step_posts(context, chunk);
        });
        i = pass_end;
        continue;
      }
      for_each_week_hook(*processes_[i], week, [&](WeekHook hook, std::string_view hook_name) {
        call(*processes_[i], hook, hook_name);
      });
      ++i;
    }
    record(week, state);
  }
  return weeks;
}

}  // namespace wfsim
