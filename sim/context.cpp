#include "sim/context.hpp"

namespace wfsim {

namespace {
// Person ids: post number, then the occupant's serial in its last four digits.
constexpr std::int64_t kOccupantsPerPost = 10000;
}  // namespace

void WeekContext::arrive(std::uint32_t post, Occupancy kind) {
  ReplicateState& s = state_;
  s.occupancy[post] = kind;
  s.person_id[post] = static_cast<std::int64_t>(post) * kOccupantsPerPost +
                      static_cast<std::int64_t>(s.occupants[post] % kOccupantsPerPost);
  ++s.occupants[post];
  if (kind == Occupancy::employed && week_ > 0) s.started[post] = 1;
  const std::size_t posts = world_.posts.size();
  const std::size_t items = world_.evidence.size();
  ReplicateState::for_each_column(s, [&](const ColumnSpec& spec, auto& column, auto initial) {
    if (!spec.reset_on_arrival) return;
    auto& values = current_values(column);
    for_each_entry_of_post(spec.extent, post, posts, items,
                           [&](std::size_t i) { values[i] = initial; });
  });
  for (const Process* process : processes_) process->arrive(*this, post);
}

void WeekContext::depart(std::uint32_t post) {
  ReplicateState& s = state_;
  if (s.occupancy[post] == Occupancy::employed) s.left[post] = 1;
  s.occupancy[post] = Occupancy::vacant;
  s.absent[post] = 0;
  // Gone for the rest of the week too: no contact, no work, no uptake.
  s.present[post] = 0;
  s.working_days[post] = 0;
  s.office_days[post] = 0;
  s.caseload[post] = 0.f;
  const std::size_t posts = world_.posts.size();
  for (std::size_t item = 0; item < world_.evidence.size(); ++item) {
    s.uptake.current[item * posts + post] = UptakeState::unaware;
  }
}

}  // namespace wfsim
