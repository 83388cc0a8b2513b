// The workplace contact graph and the weekly contact process.
#pragma once

#include "graph.hpp"
#include "scenario.hpp"
#include "world.hpp"

namespace wfsim::model {

/// Ties of the contact graph: for `graph.kind: workplace` (model.md
/// "Interaction graph") team colleagues, supervision (supervisor to
/// supervisee), desk proximity (to `graph.desk_neighbours` posts of the next
/// team), cross-team ties between an organisation's managers, and one
/// learning tie per post to another team; or the complete graph, a ring
/// lattice, or a random graph of the same degree (limiting cases and tests).
ContactGraph build_contact_graph(const World& world, const Scenario& scenario);

}  // namespace wfsim::model
