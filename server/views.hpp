// JSON views of the engine's world and state for the page: the contact
// network, and each week's metrics and people.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "sim/state.hpp"
#include "sim/world.hpp"

namespace wfsim::serve {

/// Edges listed at most (the page cannot draw more).
inline constexpr std::size_t kMaxNetworkEdges = 20000;

/// GET /api/sessions/ID/network: posts, ties listed once each, layers, teams.
nlohmann::json network_json(const World& world, std::size_t max_edges = kMaxNetworkEdges);

/// The per-post arrays of a week event ("people"), indexed by post.
nlohmann::json people_json(const World& world, const ReplicateState& state);

/// The names of the contact layers, in Layer order.
const std::vector<std::string>& layer_names();

}  // namespace wfsim::serve
