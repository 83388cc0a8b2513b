// The mutable state of one replicate, structure-of-arrays, indexed by post
// (funded position) so that the contact graph never changes when people come
// and go. Columns that other agents read (burnout, evidence use) are double
// buffered: `previous` holds last week's values, read by everyone; `current`
// is written by the agent itself. The engine copies current into previous at
// the start of each week.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/world.hpp"

namespace wfsim {

/// Who occupies a post.
enum class Occupancy : std::uint8_t { vacant, employed, agency };

/// Evidence-use states (model.md, "Evidence uptake"). Trying and embedded count as use.
enum class UptakeState : std::uint8_t { unaware, aware, trying, embedded };
constexpr bool uses_evidence(UptakeState s) {
  return s >= UptakeState::trying;
}

/// The bit of intervention `index` (its position in the scenario's list) in
/// ReplicateState::touched; scenarios hold at most 32 interventions.
constexpr std::uint32_t touched_bit(int index) {
  return 1u << static_cast<unsigned>(index);
}

/// Evidence types of the research typology (seed 000, table 2).
inline constexpr std::size_t kEvidenceTypes = 3;
/// Desk neighbours a hot-desker draws each week.
inline constexpr std::size_t kHotDeskPartners = 2;

template <class T>
struct DoubleBuffered {
  std::vector<T> previous;  ///< last week's values: read these for other agents
  std::vector<T> current;   ///< this week's values: each agent writes its own
  void resize(std::size_t n, T value) {
    previous.assign(n, value);
    current.assign(n, value);
  }
  void roll() { previous = current; }
};

struct ReplicateState {
  // Per post.
  std::vector<Occupancy> occupancy;
  std::vector<std::int64_t> person_id;     ///< unique within the replicate
  std::vector<std::uint32_t> occupants;    ///< how many people have held the post (for ids)
  std::vector<std::int32_t> tenure_weeks;  ///< weeks with the organisation (employed or agency)
  std::vector<std::uint8_t> newly_qualified;
  std::vector<std::uint8_t> minority;  ///< from a minority ethnic group (seed 004 RCT 4)
  std::vector<float> age_years;
  std::vector<WorkingPattern> pattern;
  std::vector<std::uint8_t> hot_desk;      ///< no fixed desk (agile working)
  std::vector<std::uint8_t> working_days;  ///< days at work this week (0-5)
  std::vector<std::uint8_t> office_days;   ///< of which in the office
  /// This week's working days, office days and hot-desking in one byte, for
  /// reads across ties (written by the contact process: models/contact.hpp).
  std::vector<std::uint8_t> presence_code;
  /// Per post, the 0/1 indicators a neighbour-sum phase is summing this week,
  /// one bit each (NeighbourIndicatorSums' storage, kept here so that the
  /// weekly loop does not allocate).
  std::vector<std::uint8_t> indicator_bits;
  std::vector<float> admin_share;    ///< share of working time on administration
  std::vector<std::uint8_t> absent;  ///< on a sickness-absence spell this week
  std::vector<std::uint8_t>
      present;                    ///< occupied and at work this week (set by the engine each week)
  std::vector<float> caseload;    ///< cases allocated to the post this week
  std::vector<float> pressure;    ///< caseload carried / manageable caseload (1 = neutral)
  DoubleBuffered<float> burnout;  ///< 0-100, Copenhagen Burnout Inventory work scale
  std::vector<float> burnout_set_point;   ///< the person's resting burnout level
  std::vector<float> supervision_hours;   ///< supervision contact received this week
  std::vector<float> informal_hours;      ///< all other contact this week
  std::vector<float> cross_team_hours;    ///< of which with people outside one's team
  std::vector<float> cross_agency_hours;  ///< of which with people of other organisations
  std::vector<float>
      extra_supervision;           ///< hours/week of group supervision this week (interventions)
  std::vector<float> recognition;  ///< 0-1, from awards and messages; decays (resources)
  std::vector<std::uint32_t> touched;       ///< bit i: intervention i has changed this person
  std::vector<float> supervision_quality;   ///< supervision received / reference, 0-1 (resources)
  std::vector<float> resources;             ///< job resources index, 0-1 (resources)
  std::vector<float> intention;             ///< intention to leave, 0-1 (leaving)
  std::vector<float> knowledge;             ///< [type * posts + post], 0-1, by evidence type
  std::vector<std::uint32_t> desk_partner;  ///< [post * k + i]: this week's hot-desk neighbours
  std::vector<float> desk_partner_hours;    ///< contact with each of them
  DoubleBuffered<UptakeState> uptake;       ///< [item * posts + post]
  std::vector<std::uint8_t> started;        ///< an employed practitioner joined this week
  std::vector<std::uint8_t> left;           ///< an employed practitioner left this week

  // Per team.
  std::vector<std::int64_t> open_cases;

  // Per organisation.
  std::vector<float> hei_link;        ///< strength of its university link this week (0-1)
  std::vector<float> promotion_bias;  ///< discount on minority candidates' claims to promotion

  // Per directed edge of the contact graph: contact hours this week.
  std::vector<float> edge_contact;

  /// Empty state sized for `world` (every post vacant).
  explicit ReplicateState(const World& world);

  /// Moves the occupant of `from` (with all their state) into the vacant
  /// post `to` (an internal move: tenure goes with them); `from` becomes
  /// vacant. Neither a starter nor a leaver.
  void move_occupant(std::uint32_t from, std::uint32_t to, std::size_t evidence_items);
};

}  // namespace wfsim
