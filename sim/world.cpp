#include "world.hpp"

#include <limits>

namespace wfsim {

World build_world(const Scenario& scenario) {
  World world;
  world.evidence = scenario.evidence;
  std::uint32_t post = 0;
  std::uint32_t team_index = 0;
  for (const OrganisationSpec& org : scenario.organisations) {
    const auto org_index = static_cast<std::uint32_t>(world.orgs.size());
    world.orgs.id.push_back(org.id);
    world.orgs.sector.push_back(org.sector);
    const std::uint32_t org_first_post = post;
    const std::uint32_t org_first_team = team_index;
    for (const TeamSpec& team : org.teams) {
      world.teams.id.push_back(team.id);
      world.teams.org.push_back(org_index);
      world.teams.function.push_back(team.function);
      world.teams.referrals_per_week.push_back(
          team.referrals_per_week.value_or(std::numeric_limits<double>::quiet_NaN()));
      const std::uint32_t team_first_post = post;
      std::uint32_t manager = kNoPost;
      float case_fte = 0.f;
      for (const RolePosts& posts : team.roles) {
        for (int i = 0; i < posts.count; ++i) {
          if (posts.role == Role::team_manager && manager == kNoPost) manager = post;
          world.posts.org.push_back(org_index);
          world.posts.team.push_back(team_index);
          world.posts.role.push_back(posts.role);
          world.posts.fte.push_back(1.0f);
          const bool case_holder = holds_cases(posts.role);
          world.posts.case_holder.push_back(case_holder ? 1 : 0);
          if (case_holder) case_fte += 1.0f;
          ++post;
        }
      }
      world.teams.posts.push_back({team_first_post, post - team_first_post});
      world.teams.manager.push_back(manager);
      world.teams.case_holding_fte.push_back(case_fte);
      ++team_index;
    }
    world.orgs.posts.push_back({org_first_post, post - org_first_post});
    world.orgs.teams.push_back({org_first_team, team_index - org_first_team});
  }
  return world;
}

}  // namespace wfsim
