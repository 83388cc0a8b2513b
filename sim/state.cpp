#include "sim/state.hpp"

namespace wfsim {

ReplicateState::ReplicateState(const World& world) {
  const std::size_t posts = world.posts.size();
  occupancy.assign(posts, Occupancy::vacant);
  person_id.assign(posts, -1);
  occupants.assign(posts, 0);
  tenure_weeks.assign(posts, 0);
  newly_qualified.assign(posts, 0);
  age_years.assign(posts, 0.f);
  pattern.assign(posts, WorkingPattern::standard);
  hot_desk.assign(posts, 0);
  working_days.assign(posts, 5);
  office_days.assign(posts, 5);
  presence_code.assign(posts, 0);
  indicator_bits.assign(posts, 0);
  admin_share.assign(posts, 0.f);
  absent.assign(posts, 0);
  present.assign(posts, 0);
  caseload.assign(posts, 0.f);
  pressure.assign(posts, 1.f);  // neutral: caseload at the manageable level
  burnout.resize(posts, 0.f);
  burnout_set_point.assign(posts, 0.f);
  supervision_hours.assign(posts, 0.f);
  informal_hours.assign(posts, 0.f);
  supervision_quality.assign(posts, 0.f);
  resources.assign(posts, 0.f);
  intention.assign(posts, 0.f);
  knowledge.assign(posts * kEvidenceTypes, 0.f);
  desk_partner.assign(posts * kHotDeskPartners, kNoPost);
  desk_partner_hours.assign(posts * kHotDeskPartners, 0.f);
  uptake.resize(posts * world.evidence.size(), UptakeState::unaware);
  started.assign(posts, 0);
  left.assign(posts, 0);
  open_cases.assign(world.teams.size(), 0);
  hei_link.assign(world.orgs.size(), 0.f);
  promotion_bias.assign(world.orgs.size(), 0.f);
  minority.assign(posts, 0);
  recognition.assign(posts, 0.f);
  extra_supervision.assign(posts, 0.f);
  cross_team_hours.assign(posts, 0.f);
  cross_agency_hours.assign(posts, 0.f);
  touched.assign(posts, 0);
  edge_contact.assign(world.graph.edge_count(), 0.f);
}

}  // namespace wfsim

namespace wfsim {

void ReplicateState::move_occupant(std::uint32_t from, std::uint32_t to, std::size_t items) {
  const auto move = [from, to](auto& column) { column[to] = column[from]; };
  move(occupancy), move(person_id), move(tenure_weeks), move(newly_qualified), move(age_years);
  move(minority);
  move(pattern), move(hot_desk), move(working_days), move(office_days), move(admin_share);
  move(absent), move(present), move(burnout.current), move(burnout.previous);
  move(burnout_set_point), move(intention), move(recognition), move(touched);
  const std::size_t posts = occupancy.size();
  for (std::size_t type = 0; type < kEvidenceTypes; ++type) {
    knowledge[type * posts + to] = knowledge[type * posts + from];
  }
  for (std::size_t item = 0; item < items; ++item) {
    uptake.current[item * posts + to] = uptake.current[item * posts + from];
    uptake.current[item * posts + from] = UptakeState::unaware;
  }
  occupancy[from] = Occupancy::vacant;
  absent[from] = 0;
  present[from] = 0;
}

}  // namespace wfsim
