// The static world of one scenario: organisations, teams and posts as
// structure-of-arrays, plus the contact graph. Built once from a validated
// scenario and shared read-only by every replicate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/graph.hpp"
#include "sim/index_range.hpp"
#include "sim/scenario.hpp"

namespace wfsim {

inline constexpr std::uint32_t kNoPost = 0xFFFFFFFFu;

struct Organisations {
  std::vector<std::string> id;
  std::vector<std::uint64_t> identity;  ///< stable name for random streams (sim/identity.hpp)
  std::vector<Sector> sector;
  std::vector<IndexRange> posts;
  std::vector<IndexRange> teams;
  /// The post of the organisation's research lead or champion (its first
  /// middle manager, else its first team manager), or kNoPost.
  std::vector<std::uint32_t> champion;
  std::size_t size() const { return id.size(); }
};

struct Teams {
  std::vector<std::string> id;
  std::vector<std::uint64_t> identity;  ///< stable name for random streams (sim/identity.hpp)
  std::vector<std::uint32_t> org;
  std::vector<TeamFunction> function;
  std::vector<IndexRange> posts;
  std::vector<std::uint32_t> manager;      ///< post of the team manager, or kNoPost
  std::vector<float> case_holding_fte;     ///< funded FTE of case-holding posts
  std::vector<double> referrals_per_week;  ///< explicit, or NaN: derived by the demand process
  std::size_t size() const { return id.size(); }
};

/// Posts (funded positions). A practitioner occupies a post; supervisors are
/// practitioners whose role is team_manager.
struct Posts {
  /// Stable name for random streams: organisation id, team id and slot in
  /// the team (sim/identity.hpp).
  std::vector<std::uint64_t> identity;
  std::vector<std::uint32_t> org;
  std::vector<std::uint32_t> team;
  std::vector<Role> role;
  std::vector<float> fte;  ///< contracted FTE of the post
  /// What the holder at week 0 brings, where the team lists its `staff:`;
  /// all unset elsewhere.
  std::vector<StartingValues> start;
  std::vector<std::uint8_t> case_holder;
  /// Held by agency workers only (a team's `agency_posts`): never recruited
  /// to permanently, not a vacancy when empty.
  std::vector<std::uint8_t> agency_only;
  /// Who supervises the post: the team manager for team members, a middle
  /// manager of the organisation for team managers (round robin), else kNoPost.
  std::vector<std::uint32_t> supervisor;
  std::size_t size() const { return org.size(); }
};

struct World {
  /// Offices: the teams that sit together, in scenario order. A team without
  /// an `office` shares its organisation's own office.
  std::vector<std::vector<std::uint32_t>> offices;
  Organisations orgs;
  Teams teams;
  Posts posts;
  std::vector<EvidenceSpec> evidence;
  ContactGraph graph;
  /// The scenario's unit costs and interventions, from which the recording
  /// library prices each week (record/costs.hpp).
  CostSpec cost_prices;
  std::vector<InterventionSpec> interventions;
};

/// Organisations, teams and posts for a validated scenario, numbered
/// organisation by organisation and team by team (manager first). The graph is left empty: the
/// model's graph rule builds it (models/contact.hpp).
World build_world(const Scenario& scenario);

}  // namespace wfsim
