// The workplace contact graph and the weekly contact process.
#pragma once

#include "graph.hpp"
#include "scenario.hpp"
#include "world.hpp"

namespace wfsim::model {

/// Ties of the workplace graph (model.md "Interaction graph"): team
/// colleagues, supervision (team manager to each member) and desk proximity
/// (each post to `graph.desk_neighbours` posts of the next team in the same
/// organisation, drawn from the scenario seed). Or the complete graph.
ContactGraph build_contact_graph(const World& world, const Scenario& scenario);

}  // namespace wfsim::model
