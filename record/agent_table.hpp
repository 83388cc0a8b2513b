// The final agent table (/agents/final): one row per practitioner in post.
#pragma once

#include <vector>

#include "record/results.hpp"
#include "sim/state.hpp"
#include "sim/world.hpp"

namespace wfsim {

/// Columns id, org, team, role, agency, burnout, tenure_weeks, absent,
/// caseload, fte, intention, supervision_quality, age, newly_qualified,
/// hot_desk, pattern (0 standard, 1 four-day week, 2 nine-day fortnight) and
/// uptake_<item> (0 unaware, 1 aware, 2 trying, 3 embedded) for every
/// occupied post, in post order.
std::vector<AgentColumn> final_agent_table(const World& world, const ReplicateState& state);

}  // namespace wfsim
