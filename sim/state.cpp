#include "state.hpp"

namespace wfsim {

ReplicateState::ReplicateState(const World& world) {
  const std::size_t posts = world.posts.size();
  occupancy.assign(posts, Occupancy::vacant);
  person_id.assign(posts, -1);
  occupants.assign(posts, 0);
  tenure_weeks.assign(posts, 0);
  newly_qualified.assign(posts, 0);
  absent.assign(posts, 0);
  present.assign(posts, 0);
  caseload.assign(posts, 0.f);
  pressure.assign(posts, 1.f);  // neutral: caseload at the manageable level
  burnout.resize(posts, 0.f);
  burnout_set_point.assign(posts, 0.f);
  supervision_hours.assign(posts, 0.f);
  informal_hours.assign(posts, 0.f);
  uptake.resize(posts * world.evidence.size(), UptakeState::unaware);
  started.assign(posts, 0);
  left.assign(posts, 0);
  open_cases.assign(world.teams.size(), 0);
  edge_contact.assign(world.graph.edge_count(), 0.f);
}

}  // namespace wfsim
