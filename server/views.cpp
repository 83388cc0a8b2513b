#include "server/views.hpp"

#include <cmath>

namespace wfsim::serve {

namespace {

/// Rounded to one decimal: what a chart or colour scale can show, at a third of the bytes.
double one_decimal(float value) {
  return std::round(static_cast<double>(value) * 10.0) / 10.0;
}

}  // namespace

const std::vector<std::string>& layer_names() {
  static const std::vector<std::string> names{"team", "supervision", "desk", "cross_team",
                                              "learning"};
  return names;
}

nlohmann::json network_json(const World& world, std::size_t max_edges) {
  nlohmann::json nodes = nlohmann::json::array();
  for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
    const std::uint32_t team = world.posts.team[post];
    nodes.push_back({{"post", post},
                     {"org", world.orgs.id[world.posts.org[post]]},
                     {"team", world.teams.id[team]},
                     {"team_index", team},
                     {"role", name_of(world.posts.role[post], role_names())}});
  }
  nlohmann::json edges = nlohmann::json::array();
  bool truncated = false;
  for (std::uint32_t post = 0; post < world.graph.node_count() && !world.graph.is_complete();
       ++post) {
    world.graph.for_each_edge(
        post, [&](std::uint32_t other, std::size_t, const EdgeAttributes& edge) {
          if (other <= post) return;  // each tie is stored in both directions
          if (edges.size() >= max_edges) {
            truncated = true;
            return;
          }
          edges.push_back({{"a", post},
                           {"b", other},
                           {"layer", layer_names()[static_cast<std::size_t>(edge.layer)]},
                           {"hours", edge.hours_per_week}});
        });
  }
  nlohmann::json network = {{"nodes", std::move(nodes)},
                            {"edges", std::move(edges)},
                            {"layers", layer_names()},
                            {"teams", world.teams.id}};
  if (truncated) network["truncated"] = true;
  if (world.graph.is_complete()) network["complete"] = true;
  return network;
}

nlohmann::json people_json(const World& world, const ReplicateState& state) {
  static const char* const kOccupancy[] = {"vacant", "employed", "agency"};
  const std::size_t posts = world.posts.size();
  const std::size_t items = world.evidence.size();
  nlohmann::json occupancy = nlohmann::json::array();
  nlohmann::json burnout = nlohmann::json::array();
  nlohmann::json uses = nlohmann::json::array();
  nlohmann::json caseload = nlohmann::json::array();
  nlohmann::json tenure = nlohmann::json::array();
  nlohmann::json absent = nlohmann::json::array();
  for (std::size_t post = 0; post < posts; ++post) {
    occupancy.push_back(kOccupancy[static_cast<std::size_t>(state.occupancy[post])]);
    burnout.push_back(one_decimal(state.burnout.current[post]));
    int used = 0;
    for (std::size_t item = 0; item < items; ++item)
      used += uses_evidence(state.uptake.current[item * posts + post]) ? 1 : 0;
    uses.push_back(used);
    caseload.push_back(one_decimal(state.caseload[post]));
    tenure.push_back(state.tenure_weeks[post]);
    absent.push_back(state.absent[post]);
  }
  return {{"occupancy", std::move(occupancy)}, {"burnout", std::move(burnout)},
          {"uses_evidence", std::move(uses)},  {"caseload", std::move(caseload)},
          {"tenure_weeks", std::move(tenure)}, {"absent", std::move(absent)}};
}

}  // namespace wfsim::serve
