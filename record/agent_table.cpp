#include "record/agent_table.hpp"

namespace wfsim {

std::vector<AgentColumn> final_agent_table(const World& world, const ReplicateState& s) {
  std::vector<std::int64_t> id, agency, tenure, absent;
  std::vector<std::string> org, team, role;
  std::vector<double> burnout, caseload, fte, intention, supervision_quality, age;
  std::vector<std::int64_t> newly_qualified, hot_desk, pattern, minority;
  const std::size_t items = world.evidence.size();
  const std::size_t posts = world.posts.size();
  std::vector<std::vector<std::int64_t>> uptake(items);
  for (std::uint32_t post = 0; post < posts; ++post) {
    if (s.occupancy[post] == Occupancy::vacant) continue;
    id.push_back(s.person_id[post]);
    org.push_back(world.orgs.id[world.posts.org[post]]);
    team.push_back(world.teams.id[world.posts.team[post]]);
    role.push_back(name_of(world.posts.role[post], role_names()));
    agency.push_back(s.occupancy[post] == Occupancy::agency ? 1 : 0);
    burnout.push_back(s.burnout.current[post]);
    tenure.push_back(s.tenure_weeks[post]);
    absent.push_back(s.absent[post]);
    caseload.push_back(s.caseload[post]);
    fte.push_back(world.posts.fte[post]);
    intention.push_back(s.intention[post]);
    supervision_quality.push_back(s.supervision_quality[post]);
    age.push_back(s.age_years[post]);
    newly_qualified.push_back(s.newly_qualified[post]);
    hot_desk.push_back(s.hot_desk[post]);
    pattern.push_back(static_cast<std::int64_t>(s.pattern[post]));
    minority.push_back(s.minority[post]);
    for (std::size_t item = 0; item < items; ++item) {
      uptake[item].push_back(static_cast<std::int64_t>(s.uptake.current[item * posts + post]));
    }
  }
  std::vector<AgentColumn> columns{{"id", std::move(id)},
                                   {"org", std::move(org)},
                                   {"team", std::move(team)},
                                   {"role", std::move(role)},
                                   {"agency", std::move(agency)},
                                   {"burnout", std::move(burnout)},
                                   {"tenure_weeks", std::move(tenure)},
                                   {"absent", std::move(absent)},
                                   {"caseload", std::move(caseload)},
                                   {"fte", std::move(fte)}};
  columns.push_back({"intention", std::move(intention)});
  columns.push_back({"supervision_quality", std::move(supervision_quality)});
  columns.push_back({"age", std::move(age)});
  columns.push_back({"newly_qualified", std::move(newly_qualified)});
  columns.push_back({"hot_desk", std::move(hot_desk)});
  columns.push_back({"pattern", std::move(pattern)});
  columns.push_back({"minority", std::move(minority)});
  for (std::size_t item = 0; item < items; ++item) {
    columns.push_back({"uptake_" + world.evidence[item].id, std::move(uptake[item])});
  }
  return columns;
}

}  // namespace wfsim
