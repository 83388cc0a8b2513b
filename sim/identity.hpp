// Stable names of agents, for keying their random streams: an organisation
// by its id, a team by its organisation's id and its own, a post by those and
// its slot in the team (0 the first post, the manager where there is one).
// Adding or removing an organisation, a team or a post at the end of a team
// changes no other agent's name, so it changes no other agent's draws.
#pragma once

#include <cstdint>
#include <string_view>

namespace wfsim {

std::uint64_t organisation_identity(std::string_view organisation);
std::uint64_t team_identity(std::string_view organisation, std::string_view team);
std::uint64_t post_identity(std::string_view organisation, std::string_view team,
                            std::uint32_t slot);

}  // namespace wfsim
