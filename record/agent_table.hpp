// The final agent table (/agents/final): one row per practitioner in post.
#pragma once

#include <vector>

#include "record/results.hpp"
#include "sim/state.hpp"
#include "sim/world.hpp"

namespace wfsim {

/// One row per occupied post, in post order: org, team, role, agency and fte
/// from the world, then every column the state's column table exports
/// (sim/state.hpp): id, tenure_weeks, newly_qualified, minority, age,
/// pattern (0 standard, 1 four-day week, 2 nine-day fortnight), hot_desk,
/// absent, caseload, burnout, supervision_quality, intention and
/// uptake_<item> (0 unaware, 1 aware, 2 trying, 3 embedded).
std::vector<AgentColumn> final_agent_table(const World& world, const ReplicateState& state);

}  // namespace wfsim
