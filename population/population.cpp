#include "population/population.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "io/scenario_io.hpp"
#include "population/resampling.hpp"
#include "sim/random.hpp"

namespace wfsim {

namespace {

constexpr Purpose kDraw{"population.draw"};
constexpr const char* kUnidentifiedOrganisation = "survey";  // for rows without an org_id

// Respondents who share an organisation and a team, or an organisation's
// respondents without a team (its pool: `team` empty).
struct Group {
  std::size_t org = 0;
  std::string team;
  std::vector<std::size_t> members;  // respondent indices, by role, then in file order
  double weight = 0.0;
};

struct Grouping {
  std::vector<std::string> orgs;  // in order of first appearance
  std::vector<Group> groups;      // by organisation; teams in order of appearance, pool last
};

Grouping group_respondents(const Survey& survey) {
  Grouping grouping;
  std::map<std::string, std::size_t> org_index;
  std::map<std::pair<std::size_t, std::string>, std::size_t> group_index;
  for (std::size_t i = 0; i < survey.respondents.size(); ++i) {
    const Respondent& r = survey.respondents[i];
    const std::string org_id = r.org.empty() ? kUnidentifiedOrganisation : r.org;
    const auto [org, new_org] = org_index.emplace(org_id, grouping.orgs.size());
    if (new_org) grouping.orgs.push_back(org_id);
    const auto [group, new_group] =
        group_index.emplace(std::pair(org->second, r.team), grouping.groups.size());
    if (new_group) grouping.groups.push_back({org->second, r.team, {}, 0.0});
    grouping.groups[group->second].members.push_back(i);
    grouping.groups[group->second].weight += r.weight;
  }
  std::stable_sort(grouping.groups.begin(), grouping.groups.end(),
                   [](const Group& a, const Group& b) {
                     return std::pair(a.org, a.team.empty()) < std::pair(b.org, b.team.empty());
                   });
  // Ordered by role, systematic resampling stratifies by role implicitly:
  // each team's count of a role is within one of its expected count.
  for (Group& group : grouping.groups) {
    std::stable_sort(group.members.begin(), group.members.end(), [&](std::size_t a, std::size_t b) {
      return survey.respondents[a].role < survey.respondents[b].role;
    });
  }
  return grouping;
}

StaffSpec staff_member(const Respondent& r) {
  StaffSpec member;
  member.role = r.role;
  member.fte = r.fte;
  member.start.tenure_years = r.tenure_years;
  member.start.working_pattern = r.working_pattern;
  member.start.burnout = r.burnout;
  if (r.intends_to_leave) member.start.intention = *r.intends_to_leave ? 1.0 : 0.0;
  return member;
}

TeamFunction function_of_role(Role role) {
  switch (role) {
    case Role::family_support_worker:
      return TeamFunction::family_support;
    case Role::early_years_worker:
      return TeamFunction::early_years;
    case Role::health_visitor:
      return TeamFunction::health;
    case Role::youth_worker:
      return TeamFunction::youth;
    case Role::administrator:
      return TeamFunction::admin;
    case Role::middle_manager:
    case Role::senior_manager:
      return TeamFunction::management;
    default:
      return TeamFunction::assessment;  // social work
  }
}

// A label only (no process reads a team's function): that of the team's most
// common role other than team manager, the earlier role on a tie.
TeamFunction function_for(const std::vector<StaffSpec>& staff) {
  std::map<Role, int> counts;
  for (const StaffSpec& member : staff) {
    if (member.role != Role::team_manager) ++counts[member.role];
  }
  Role common = Role::social_worker;
  int most = 0;
  for (const auto& [role, count] : counts) {
    if (count > most) {
      common = role;
      most = count;
    }
  }
  return function_of_role(common);
}

double total_weight(const std::vector<std::size_t>& members, const Survey& survey) {
  double sum = 0.0;
  for (const std::size_t i : members) sum += survey.respondents[i].weight;
  return sum;
}

// The group's respondents in two strata: team managers, and everyone else.
struct Strata {
  std::vector<std::size_t> managers, others;
};

Strata split_managers(const Group& group, const Survey& survey) {
  Strata strata;
  for (const std::size_t i : group.members) {
    (survey.respondents[i].role == Role::team_manager ? strata.managers : strata.others)
        .push_back(i);
  }
  return strata;
}

// How many teams a group's posts make: one for a named team. A pool is cut
// into teams of `team_size` posts if that is set, else into one team per team
// manager it has by weight, or teams of kPoolTeamSize if it has none.
std::int64_t team_count(const Group& group, const Strata& strata, std::int64_t posts, int team_size,
                        const Survey& survey) {
  constexpr std::int64_t kPoolTeamSize = 8;  // the baseline's teams (scenarios/baseline.yaml)
  if (!group.team.empty()) return 1;
  if (team_size > 0) return (posts + team_size - 1) / team_size;
  const double manager_share = total_weight(strata.managers, survey) / group.weight;
  if (manager_share == 0.0) return (posts + kPoolTeamSize - 1) / kPoolTeamSize;
  return std::clamp<std::int64_t>(std::llround(static_cast<double>(posts) * manager_share), 1,
                                  posts);
}

std::vector<std::size_t> resample(const std::vector<std::size_t>& members, std::int64_t n, double u,
                                  const Survey& survey) {
  std::vector<double> weights;
  for (const std::size_t i : members) weights.push_back(survey.respondents[i].weight);
  std::vector<std::size_t> drawn;
  for (const std::size_t k : systematic_resample(weights, static_cast<std::size_t>(n), u))
    drawn.push_back(members[k]);
  return drawn;
}

// The respondents behind a group's `posts`, team managers first. Each
// stratum is resampled by weight, and team managers get their weighted share
// of the posts (rounded systematically with `u`) but at least one per team
// when the group has any: the model's team manager supervises the team
// (docs/ODD.md, section 2).
std::vector<std::size_t> draw_posts(const Group& group, const Strata& strata, std::int64_t posts,
                                    std::int64_t teams, double u, const Survey& survey) {
  const double manager_weight = total_weight(strata.managers, survey);
  std::int64_t managers = 0;
  if (manager_weight > 0.0) {
    const double expected = static_cast<double>(posts) * manager_weight / group.weight;
    managers = std::clamp(static_cast<std::int64_t>(std::floor(expected + u)), teams, posts);
    if (total_weight(strata.others, survey) == 0.0) managers = posts;
  }
  std::vector<std::size_t> drawn;
  if (managers > 0) drawn = resample(strata.managers, managers, u, survey);
  if (posts > managers) {
    const std::vector<std::size_t> rest = resample(strata.others, posts - managers, u, survey);
    drawn.insert(drawn.end(), rest.begin(), rest.end());
  }
  return drawn;
}

std::string describe(const Group& group, const std::string& org_id) {
  return group.team.empty() ? fmt::format("respondents of '{}' without a team_id", org_id)
                            : fmt::format("team '{}' of '{}'", group.team, org_id);
}

}  // namespace

SyntheticWorkforce synthesise_workforce(const Survey& survey, const PopulationOptions& options) {
  const Grouping grouping = group_respondents(survey);
  std::vector<double> group_weights;
  for (const Group& group : grouping.groups) group_weights.push_back(group.weight);
  const std::int64_t total =
      options.posts > 0 ? options.posts : static_cast<std::int64_t>(survey.respondents.size());
  const std::vector<std::int64_t> shares = apportion(group_weights, total);

  SyntheticWorkforce out;
  std::vector<OrganisationSpec> orgs(grouping.orgs.size());
  std::vector<std::set<std::string>> team_ids(grouping.orgs.size());
  for (std::size_t o = 0; o < orgs.size(); ++o) orgs[o].id = grouping.orgs[o];
  for (const Group& group : grouping.groups) team_ids[group.org].insert(group.team);
  std::vector<int> pools_named(orgs.size(), 0);
  for (std::size_t g = 0; g < grouping.groups.size(); ++g) {
    const Group& group = grouping.groups[g];
    OrganisationSpec& org = orgs[group.org];
    if (shares[g] == 0) {
      out.notes.push_back(fmt::format("{}: no posts ({} respondents, weight {:.4g})",
                                      describe(group, org.id), group.members.size(), group.weight));
      continue;
    }
    const Strata strata = split_managers(group, survey);
    const std::int64_t teams = team_count(group, strata, shares[g], options.team_size, survey);
    RandomStream draw(StreamKey{options.seed, 0, 0, static_cast<std::uint32_t>(g), kDraw});
    const std::vector<std::size_t> drawn =
        draw_posts(group, strata, shares[g], teams, draw.uniform(), survey);
    // Dealt like cards from a deck sorted by role: every team gets a manager
    // first, then an even share of each role.
    std::vector<std::vector<StaffSpec>> staff(static_cast<std::size_t>(teams));
    for (std::size_t j = 0; j < drawn.size(); ++j)
      staff[j % staff.size()].push_back(staff_member(survey.respondents[drawn[j]]));
    for (std::vector<StaffSpec>& members : staff) {
      TeamSpec team;
      team.id = group.team;
      while (team.id.empty() || (group.team.empty() && team_ids[group.org].count(team.id) > 0))
        team.id = fmt::format("pool_{}", ++pools_named[group.org]);
      set_staff(team, std::move(members));
      team.function = function_for(team.staff);
      org.teams.push_back(std::move(team));
    }
  }
  for (OrganisationSpec& org : orgs) {
    if (org.teams.empty()) {
      out.notes.push_back(fmt::format("organisation '{}': no posts, left out", org.id));
    } else {
      out.organisations.push_back(std::move(org));
    }
  }
  return out;
}

}  // namespace wfsim
