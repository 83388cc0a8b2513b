// The workplace contact graph and the weekly contact process.
#pragma once

#include "sim/graph.hpp"
#include "sim/scenario.hpp"
#include "sim/state.hpp"
#include "sim/world.hpp"

namespace wfsim::model {

/// Ties of the contact graph: for `graph.kind: workplace` (model.md
/// "Interaction graph") team colleagues, supervision (supervisor to
/// supervisee), desk proximity (to `graph.desk_neighbours` posts of the next
/// team), cross-team ties between an organisation's managers, and one
/// learning tie per post to another team; or the complete graph, a ring
/// lattice, or a random graph of the same degree (limiting cases and tests).
ContactGraph build_contact_graph(const World& world, const Scenario& scenario);

/// A post's presence this week in one byte (ReplicateState::presence_code),
/// so that a tie reads one byte of the other end rather than three: working
/// days in bits 0-2, office days in bits 3-5 (both 0-5, from the rota) and
/// hot-desking in bit 6.
inline constexpr std::size_t kPresenceCodes = 128;
constexpr std::uint8_t presence_code(unsigned working_days, unsigned office_days, bool hot_desk) {
  return static_cast<std::uint8_t>((working_days & 7u) | (office_days & 7u) << 3 |
                                   (hot_desk ? 64u : 0u));
}
constexpr unsigned presence_working_days(std::uint8_t code) {
  return code & 7u;
}
constexpr unsigned presence_office_days(std::uint8_t code) {
  return (code >> 3) & 7u;
}
constexpr bool presence_hot_desk(std::uint8_t code) {
  return (code & 64u) != 0;
}

/// The share of a full week's supervision between posts a and b that happens
/// this week: the formal part is scheduled (held remotely if need be); the
/// informal part needs them in the office together (seed 003: agile working
/// cut informal supervision). 1 when both spend five days in the office.
/// This form takes the share of the week both are in the office together.
inline float supervision_share(float office_share, float formal_share) {
  return formal_share + (1.f - formal_share) * office_share;
}

/// As above, for posts a and b.
inline float supervision_share(const ReplicateState& s, std::uint32_t a, std::uint32_t b,
                               float formal_share) {
  if (s.working_days[a] == 0 || s.working_days[b] == 0) return 0.f;
  const float office = s.office_days[a] * s.office_days[b] / 25.f;
  return supervision_share(office, formal_share);
}

}  // namespace wfsim::model
