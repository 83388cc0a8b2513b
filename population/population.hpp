// A synthetic workforce from survey microdata (`wfsim population`): the
// organisations and teams the survey identifies, each post a weighted draw
// from the respondents of its team, its starting values theirs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "population/survey.hpp"
#include "sim/scenario.hpp"

namespace wfsim {

struct PopulationOptions {
  std::uint64_t seed = 1;  ///< keys the draws
  std::int64_t posts = 0;  ///< posts in all; 0: one per respondent
  /// Posts per team cut from respondents without a team_id; 0: one team per
  /// team manager among them (by weight).
  int team_size = 0;
};

struct SyntheticWorkforce {
  std::vector<OrganisationSpec> organisations;  ///< every team with its `staff:`
  std::vector<std::string> notes;               ///< groups of respondents left without posts
};

/// Groups the respondents by organisation (org_id) and team (team_id); those
/// of an organisation without a team_id form its pool. The posts are shared
/// among the groups in proportion to their weight (largest remainders). A
/// named team keeps its id; a pool is cut into teams named pool_1, pool_2,
/// ... (of `team_size` posts, or one per team manager it has by weight, or
/// of 8 posts if it has none), sizes differing by at most one.
///
/// A group's posts are a weighted systematic resample of its respondents,
/// keyed by the seed and the group's number, in two strata: team managers,
/// who get their weighted share of the posts but at least one per team (the
/// model's teams are supervised by their manager), and the rest, ordered by
/// role so that each role's count is within one of its weighted share. The
/// posts are dealt to the group's teams in turn. Each takes its respondent's
/// role, FTE and starting values.
SyntheticWorkforce synthesise_workforce(const Survey& survey, const PopulationOptions& options);

}  // namespace wfsim
