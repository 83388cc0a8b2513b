#include "record/agent_table.hpp"

#include <type_traits>

namespace wfsim {

namespace {

// The values of `column` for the occupied posts: floating point as double,
// integers and enumerations as int64 (an enumeration by its number).
template <class T>
decltype(AgentColumn::values) occupied_values(const World& world, const ReplicateState& s,
                                              const std::vector<T>& column, std::size_t offset) {
  using Out = std::conditional_t<std::is_floating_point_v<T>, double, std::int64_t>;
  std::vector<Out> values;
  for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
    if (s.occupancy[post] != Occupancy::vacant)
      values.push_back(static_cast<Out>(column[offset + post]));
  }
  return values;
}

}  // namespace

std::vector<AgentColumn> final_agent_table(const World& world, const ReplicateState& s) {
  std::vector<std::string> org, team, role;
  std::vector<std::int64_t> agency;
  std::vector<double> fte;
  for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
    if (s.occupancy[post] == Occupancy::vacant) continue;
    org.push_back(world.orgs.id[world.posts.org[post]]);
    team.push_back(world.teams.id[world.posts.team[post]]);
    role.push_back(name_of(world.posts.role[post], role_names()));
    agency.push_back(s.occupancy[post] == Occupancy::agency ? 1 : 0);
    fte.push_back(world.posts.fte[post]);
  }
  std::vector<AgentColumn> columns{{"org", std::move(org)},
                                   {"team", std::move(team)},
                                   {"role", std::move(role)},
                                   {"agency", std::move(agency)},
                                   {"fte", std::move(fte)}};
  // The state's exported columns, as the column table names them.
  const std::size_t posts = world.posts.size();
  ReplicateState::for_each_column(s, [&](const ColumnSpec& spec, const auto& column, auto) {
    if (spec.exported_as == nullptr) return;
    const auto& values = current_values(column);
    if (spec.extent == Extent::post_and_item) {
      for (std::size_t item = 0; item < world.evidence.size(); ++item) {
        columns.push_back({spec.exported_as + world.evidence[item].id,
                           occupied_values(world, s, values, item * posts)});
      }
    } else {
      columns.push_back({spec.exported_as, occupied_values(world, s, values, 0)});
    }
  });
  return columns;
}

}  // namespace wfsim
