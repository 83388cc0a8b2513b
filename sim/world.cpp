#include "sim/world.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/identity.hpp"

namespace wfsim {

namespace {

void assign_supervisors(World& world) {
  world.posts.supervisor.assign(world.posts.size(), kNoPost);
  world.orgs.champion.assign(world.orgs.size(), kNoPost);
  for (std::uint32_t org = 0; org < world.orgs.size(); ++org) {
    std::vector<std::uint32_t> middle_managers, team_managers;
    const IndexRange posts = world.orgs.posts[org];
    for (std::uint32_t post = posts.first; post < posts.end(); ++post) {
      if (world.posts.role[post] == Role::middle_manager) middle_managers.push_back(post);
      if (world.posts.role[post] == Role::team_manager) team_managers.push_back(post);
    }
    for (std::uint32_t team = world.orgs.teams[org].first; team < world.orgs.teams[org].end();
         ++team) {
      const std::uint32_t manager = world.teams.manager[team];
      if (manager == kNoPost) continue;
      const IndexRange members = world.teams.posts[team];
      for (std::uint32_t post = members.first; post < members.end(); ++post) {
        if (post != manager) world.posts.supervisor[post] = manager;
      }
    }
    for (std::size_t i = 0; i < team_managers.size() && !middle_managers.empty(); ++i) {
      world.posts.supervisor[team_managers[i]] = middle_managers[i % middle_managers.size()];
    }
    if (!middle_managers.empty()) {
      world.orgs.champion[org] = middle_managers.front();
    } else if (!team_managers.empty()) {
      world.orgs.champion[org] = team_managers.front();
    }
  }
}

void assign_offices(World& world, const Scenario& scenario) {
  std::map<std::string, std::size_t> office_index;
  std::uint32_t team = 0;
  for (const OrganisationSpec& org : scenario.organisations) {
    for (const TeamSpec& spec : org.teams) {
      // Organisation ids cannot contain '/', so these keys never clash with office ids.
      const std::string key = spec.office.empty() ? "org/" + org.id : spec.office;
      const auto [entry, added] = office_index.emplace(key, world.offices.size());
      if (added) world.offices.emplace_back();
      world.offices[entry->second].push_back(team++);
    }
  }
}

// Two posts with the same 64-bit name would share every random draw. With
// n posts the chance is about n^2 / 2^65 (3e-8 for a million), but a
// silent correlation is worse than a refusal, so check.
void check_identities_distinct(const Posts& posts) {
  std::vector<std::uint64_t> sorted = posts.identity;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    throw std::runtime_error(
        "two posts have the same 64-bit random-stream name; rename a team to run this scenario");
  }
}

}  // namespace

World build_world(const Scenario& scenario) {
  World world;
  world.evidence = scenario.evidence;
  std::uint32_t post = 0;
  std::uint32_t team_index = 0;
  for (const OrganisationSpec& org : scenario.organisations) {
    const auto org_index = static_cast<std::uint32_t>(world.orgs.size());
    world.orgs.id.push_back(org.id);
    world.orgs.identity.push_back(organisation_identity(org.id));
    world.orgs.sector.push_back(org.sector);
    const std::uint32_t org_first_post = post;
    const std::uint32_t org_first_team = team_index;
    for (const TeamSpec& team : org.teams) {
      world.teams.id.push_back(team.id);
      world.teams.identity.push_back(team_identity(org.id, team.id));
      world.teams.org.push_back(org_index);
      world.teams.function.push_back(team.function);
      world.teams.referrals_per_week.push_back(
          team.referrals_per_week.value_or(std::numeric_limits<double>::quiet_NaN()));
      const std::uint32_t team_first_post = post;
      std::uint32_t manager = kNoPost;
      float case_fte = 0.f;
      const auto add_post = [&](Role role, float fte, const StartingValues& start) {
        if (role == Role::team_manager && manager == kNoPost) manager = post;
        world.posts.identity.push_back(post_identity(org.id, team.id, post - team_first_post));
        world.posts.org.push_back(org_index);
        world.posts.team.push_back(team_index);
        world.posts.role.push_back(role);
        world.posts.fte.push_back(fte);
        world.posts.start.push_back(start);
        const bool case_holder = holds_cases(role);
        world.posts.case_holder.push_back(case_holder ? 1 : 0);
        world.posts.agency_only.push_back(0);
        if (case_holder) case_fte += fte;
        ++post;
      };
      if (!team.staff.empty()) {
        // In post order already (scenario_io.cpp), and agreeing with team.roles.
        for (const StaffSpec& member : team.staff)
          add_post(member.role, static_cast<float>(member.fte), member.start);
      } else {
        for (const RolePosts& posts : team.roles) {
          for (int i = 0; i < posts.count; ++i) add_post(posts.role, 1.0f, {});
        }
      }
      // The team's last `agency_posts` social_worker posts.
      int agency_posts = team.agency_posts;
      for (std::uint32_t p = post; p > team_first_post && agency_posts > 0; --p) {
        if (world.posts.role[p - 1] != Role::social_worker) continue;
        world.posts.agency_only[p - 1] = 1;
        --agency_posts;
      }
      world.teams.posts.push_back({team_first_post, post - team_first_post});
      world.teams.manager.push_back(manager);
      world.teams.case_holding_fte.push_back(case_fte);
      ++team_index;
    }
    world.orgs.posts.push_back({org_first_post, post - org_first_post});
    world.orgs.teams.push_back({org_first_team, team_index - org_first_team});
  }
  check_identities_distinct(world.posts);
  assign_supervisors(world);
  assign_offices(world, scenario);
  world.cost_prices = scenario.costs;
  world.interventions = scenario.interventions;
  return world;
}

}  // namespace wfsim
