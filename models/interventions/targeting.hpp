// Which posts an intervention reaches, and helpers its rules share.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/random.hpp"
#include "sim/scenario.hpp"
#include "sim/state.hpp"
#include "sim/world.hpp"

namespace wfsim::model {

/// 1 for each post the intervention targets: matching its organisation,
/// team and role (each optional), then kept with probability `share`. The
/// draw is keyed by the scenario seed, the post's stable name and the intervention's
/// position, so the same posts are chosen in every replicate and in both arms
/// of a comparison.
inline std::vector<std::uint8_t> targeted_posts(const World& world, const InterventionSpec& spec,
                                                std::uint64_t seed) {
  constexpr Purpose kTarget{"intervention.target"};
  const Purpose purpose = kTarget.indexed(static_cast<std::uint32_t>(spec.index));
  std::vector<std::uint8_t> targeted(world.posts.size(), 0);
  for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
    const std::uint32_t org = world.posts.org[post];
    if (!spec.target.org.empty() && world.orgs.id[org] != spec.target.org) continue;
    if (!spec.target.team.empty() && world.teams.id[world.posts.team[post]] != spec.target.team)
      continue;
    if (spec.target.role && world.posts.role[post] != *spec.target.role) continue;
    RandomStream draw(StreamKey{seed, 0, 0, world.posts.identity[post], purpose});
    targeted[post] = draw.bernoulli(spec.target.share) ? 1 : 0;
  }
  return targeted;
}

/// The intervention's bit in ReplicateState's intervention bit sets
/// (scenarios hold at most 32).
inline std::uint32_t intervention_bit(const InterventionSpec& spec) {
  return wfsim::intervention_bit(spec.index);
}

/// 1 for each organisation the intervention targets (its target.org, or all).
inline std::vector<std::uint8_t> targeted_organisations(const World& world,
                                                        const InterventionSpec& spec) {
  std::vector<std::uint8_t> targeted(world.orgs.size(), 0);
  for (std::uint32_t org = 0; org < world.orgs.size(); ++org) {
    targeted[org] = spec.target.org.empty() || world.orgs.id[org] == spec.target.org ? 1 : 0;
  }
  return targeted;
}

/// 1 for each post of an organisation marked in `organisations`.
inline std::vector<std::uint8_t> posts_of(const World& world,
                                          const std::vector<std::uint8_t>& organisations) {
  std::vector<std::uint8_t> posts(world.posts.size(), 0);
  for (std::uint32_t post = 0; post < posts.size(); ++post)
    posts[post] = organisations[world.posts.org[post]];
  return posts;
}

}  // namespace wfsim::model
