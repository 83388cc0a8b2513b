#include "sim/access_check.hpp"

#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace wfsim {

namespace {

// Every column's buffers as bytes, in table order (a double buffer twice).
std::vector<std::pair<std::string_view, std::span<const std::byte>>> column_bytes(
    const ReplicateState& state) {
  std::vector<std::pair<std::string_view, std::span<const std::byte>>> columns;
  ReplicateState::for_each_column(state, [&](const ColumnSpec& spec, const auto& column, auto) {
    const auto add = [&](const auto& buffer) {
      columns.emplace_back(spec.name, std::as_bytes(std::span(buffer.data(), buffer.size())));
    };
    if constexpr (is_double_buffered_v<std::remove_cvref_t<decltype(column)>>) {
      add(column.previous);
      add(column.current);
    } else {
      add(column);
    }
  });
  return columns;
}

bool same(std::span<const std::byte> a, std::span<const std::byte> b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

}  // namespace

AccessCheck::AccessCheck(std::span<const Process* const> processes) {
  // The engine's own writes when people come and go (WeekContext::arrive and
  // depart, ReplicateState::move_occupant), from the column table and beyond it.
  filling_writes_ = {"occupancy", "person_id",    "occupants",   "started",  "left",  "absent",
                     "present",   "working_days", "office_days", "caseload", "uptake"};
  const World empty;
  const ReplicateState probe(empty);
  ReplicateState::for_each_column(probe, [this](const ColumnSpec& spec, const auto&, auto) {
    if (spec.reset_on_arrival || spec.moves_with_occupant) filling_writes_.insert(spec.name);
  });
  for (const Process* process : processes) {
    for (const std::string_view column : process->access().writes_on_arrival)
      filling_writes_.insert(column);
  }
}

void AccessCheck::verify(const Process& process, std::string_view hook,
                         const ReplicateState& before, const ReplicateState& after) const {
  const ColumnAccess access = process.access();
  const std::set<std::string_view> declared(access.writes.begin(), access.writes.end());
  const auto a = column_bytes(before);
  const auto b = column_bytes(after);
  std::set<std::string_view> undeclared;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string_view column = a[i].first;
    if (same(a[i].second, b[i].second) || declared.contains(column)) continue;
    if (access.fills_posts && filling_writes_.contains(column)) continue;
    undeclared.insert(column);
  }
  if (undeclared.empty()) return;
  std::string names;
  for (const std::string_view column : undeclared)
    names += (names.empty() ? "" : ", ") + std::string(column);
  throw std::logic_error("process " + std::string(process.name()) + " wrote " + names + " in " +
                         std::string(hook) + "() without declaring it in access()");
}

}  // namespace wfsim
