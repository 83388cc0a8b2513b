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
/// the per-intervention bit sets of ReplicateState (participating,
/// undo_on_end, time_reserved); scenarios hold at most 32 interventions.
constexpr std::uint32_t intervention_bit(int index) {
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
  void roll() { previous = current; }
};

template <class T>
inline constexpr bool is_double_buffered_v = false;
template <class T>
inline constexpr bool is_double_buffered_v<DoubleBuffered<T>> = true;

/// How many entries a column has, and how a post's entries are indexed.
enum class Extent : std::uint8_t {
  post,              ///< [post]
  post_and_type,     ///< [type * posts + post], kEvidenceTypes per post
  post_and_item,     ///< [item * posts + post], one per evidence item
  post_and_partner,  ///< [post * kHotDeskPartners + i]
  team,
  organisation,
  edge,  ///< per directed edge of the contact graph
};

/// What the engine does with a column; the column table below gives it for
/// every column, so that sizing, rolling double buffers, resetting for a new
/// occupant, moving a person between posts and the final agent table all
/// come from one place.
struct ColumnSpec {
  const char* name;
  Extent extent;
  /// Back to its initial value when a new occupant arrives (WeekContext::arrive).
  bool reset_on_arrival = false;
  /// Goes with the person on an internal move (ReplicateState::move_occupant).
  bool moves_with_occupant = false;
  /// Its column in /agents/final (current values, occupied posts), or nullptr.
  const char* exported_as = nullptr;
  /// Back to its initial value at the start of every week (events and
  /// week-by-week grants).
  bool cleared_weekly = false;
};

/// A column declared by a model file with a ColumnRegistrar rather than in
/// ReplicateState's table: one float per entry.
struct ExtensionColumn {
  ColumnSpec spec;
  float initial = 0.f;
};

/// Every extension column, in registration order.
const std::vector<ExtensionColumn>& extension_columns();

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
  /// [pass * posts + post]: whether the post used evidence items 8 x pass to
  /// 8 x pass + 7 last week, one bit each, for the walk's sums over contacts
  /// (sim/neighbours.hpp; kept here so that the weekly loop does not allocate).
  std::vector<std::uint8_t> indicator_bits;
  /// Sums over the post's contacts this week (sim/neighbours.hpp), written in
  /// the contact walk: contact hours; contact x last week's burnout; and
  /// [item * posts + post] contact x use of the item, and the users' number.
  std::vector<double> near_contact;
  std::vector<double> near_burnout;
  std::vector<double> near_users;
  std::vector<std::uint32_t> near_user_count;
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
  std::vector<std::uint32_t> participating;  ///< bit i: takes part in intervention i (its costs)
  std::vector<std::uint32_t> undo_on_end;    ///< bit i: intervention i changed desk or pattern
  std::vector<std::uint32_t> time_reserved;  ///< bit i: intervention i reserves working time
  std::vector<float> supervision_quality;    ///< supervision received / reference, 0-1 (resources)
  std::vector<float> resources;              ///< job resources index, 0-1 (resources)
  std::vector<float> intention;              ///< intention to leave, 0-1 (leaving)
  std::vector<float> knowledge;              ///< [type * posts + post], 0-1, by evidence type
  std::vector<std::uint32_t> desk_partner;   ///< [post * k + i]: this week's hot-desk neighbours
  std::vector<float> desk_partner_hours;     ///< contact with each of them
  DoubleBuffered<UptakeState> uptake;        ///< [item * posts + post]
  std::vector<std::uint8_t> started;         ///< an employed practitioner joined this week
  std::vector<std::uint8_t> left;            ///< an employed practitioner left this week
  /// Days at home this week that an intervention requires (agile working);
  /// the rota keeps at least that many.
  std::vector<std::uint8_t> required_home_days;

  // Per team.
  std::vector<std::int64_t> open_cases;

  // Per organisation.
  std::vector<float> hei_link;        ///< strength of its university link this week (0-1)
  std::vector<float> promotion_bias;  ///< discount on minority candidates' claims to promotion

  // Per directed edge of the contact graph: contact hours this week.
  std::vector<float> edge_contact;

  /// [column] the extension columns' values (extension_columns()).
  std::vector<std::vector<float>> extension;

  /// The column table: f(spec, column, initial value) for every column above,
  /// in this order. A column missing here would be neither sized nor reset;
  /// a test checks that the table covers every member.
  template <class State, class F>
  static void for_each_column(State& s, F&& f);

  /// Empty state sized for `world` (every post vacant).
  explicit ReplicateState(const World& world);

  /// Start of a week: last week's values of every double-buffered column
  /// become what other agents read.
  void roll();
  /// Start of a week: every column cleared weekly back to its initial value.
  void clear_weekly();

  /// Moves the occupant of `from` (with all their state) into the vacant
  /// post `to` (an internal move: tenure goes with them); `from` becomes
  /// vacant. Neither a starter nor a leaver.
  void move_occupant(std::uint32_t from, std::uint32_t to, std::size_t evidence_items);
};

template <class State, class F>
void ReplicateState::for_each_column(State& s, F&& f) {
  using E = Extent;
  // name, extent, reset on arrival, moves with the occupant, /agents/final name
  f(ColumnSpec{"occupancy", E::post, false, true}, s.occupancy, Occupancy::vacant);
  f(ColumnSpec{"person_id", E::post, false, true, "id"}, s.person_id, std::int64_t{-1});
  f(ColumnSpec{"occupants", E::post}, s.occupants, std::uint32_t{0});
  f(ColumnSpec{"tenure_weeks", E::post, true, true, "tenure_weeks"}, s.tenure_weeks,
    std::int32_t{0});
  f(ColumnSpec{"newly_qualified", E::post, true, true, "newly_qualified"}, s.newly_qualified,
    std::uint8_t{0});
  f(ColumnSpec{"minority", E::post, false, true, "minority"}, s.minority, std::uint8_t{0});
  f(ColumnSpec{"age_years", E::post, false, true, "age"}, s.age_years, 0.f);
  f(ColumnSpec{"pattern", E::post, false, true, "pattern"}, s.pattern, WorkingPattern::standard);
  f(ColumnSpec{"hot_desk", E::post, false, true, "hot_desk"}, s.hot_desk, std::uint8_t{0});
  f(ColumnSpec{"working_days", E::post, false, true}, s.working_days, std::uint8_t{5});
  f(ColumnSpec{"office_days", E::post, false, true}, s.office_days, std::uint8_t{5});
  f(ColumnSpec{"presence_code", E::post}, s.presence_code, std::uint8_t{0});
  f(ColumnSpec{"indicator_bits", E::post_and_item}, s.indicator_bits, std::uint8_t{0});
  f(ColumnSpec{"near_contact", E::post}, s.near_contact, 0.0);
  f(ColumnSpec{"near_burnout", E::post}, s.near_burnout, 0.0);
  f(ColumnSpec{"near_users", E::post_and_item}, s.near_users, 0.0);
  f(ColumnSpec{"near_user_count", E::post_and_item}, s.near_user_count, std::uint32_t{0});
  f(ColumnSpec{"admin_share", E::post, false, true}, s.admin_share, 0.f);
  f(ColumnSpec{"absent", E::post, true, true, "absent"}, s.absent, std::uint8_t{0});
  f(ColumnSpec{"present", E::post, false, true}, s.present, std::uint8_t{0});
  f(ColumnSpec{"caseload", E::post, true, false, "caseload"}, s.caseload, 0.f);
  f(ColumnSpec{"pressure", E::post}, s.pressure, 1.f);  // neutral: the manageable caseload
  f(ColumnSpec{"burnout", E::post, false, true, "burnout"}, s.burnout, 0.f);
  f(ColumnSpec{"burnout_set_point", E::post, false, true}, s.burnout_set_point, 0.f);
  f(ColumnSpec{"supervision_hours", E::post}, s.supervision_hours, 0.f);
  f(ColumnSpec{"informal_hours", E::post}, s.informal_hours, 0.f);
  f(ColumnSpec{"cross_team_hours", E::post}, s.cross_team_hours, 0.f);
  f(ColumnSpec{"cross_agency_hours", E::post}, s.cross_agency_hours, 0.f);
  // Interventions grant it week by week.
  f(ColumnSpec{.name = "extra_supervision", .extent = E::post, .cleared_weekly = true},
    s.extra_supervision, 0.f);
  f(ColumnSpec{"recognition", E::post, true, true}, s.recognition, 0.f);
  f(ColumnSpec{"participating", E::post, true, true}, s.participating, std::uint32_t{0});
  f(ColumnSpec{"undo_on_end", E::post, true, true}, s.undo_on_end, std::uint32_t{0});
  f(ColumnSpec{"time_reserved", E::post, true, true}, s.time_reserved, std::uint32_t{0});
  f(ColumnSpec{"supervision_quality", E::post, true, false, "supervision_quality"},
    s.supervision_quality, 0.f);
  f(ColumnSpec{"resources", E::post, true, false}, s.resources, 0.f);
  f(ColumnSpec{"intention", E::post, true, true, "intention"}, s.intention, 0.f);
  f(ColumnSpec{"knowledge", E::post_and_type, false, true}, s.knowledge, 0.f);
  f(ColumnSpec{"desk_partner", E::post_and_partner}, s.desk_partner, kNoPost);
  f(ColumnSpec{"desk_partner_hours", E::post_and_partner}, s.desk_partner_hours, 0.f);
  // Exported as uptake_<item id>, one column per evidence item.
  f(ColumnSpec{"uptake", E::post_and_item, true, true, "uptake_"}, s.uptake, UptakeState::unaware);
  f(ColumnSpec{.name = "started", .extent = E::post, .cleared_weekly = true}, s.started,
    std::uint8_t{0});
  f(ColumnSpec{.name = "left", .extent = E::post, .cleared_weekly = true}, s.left, std::uint8_t{0});
  f(ColumnSpec{.name = "required_home_days", .extent = E::post, .cleared_weekly = true},
    s.required_home_days, std::uint8_t{0});
  f(ColumnSpec{"open_cases", E::team}, s.open_cases, std::int64_t{0});
  f(ColumnSpec{"hei_link", E::organisation}, s.hei_link, 0.f);
  f(ColumnSpec{"promotion_bias", E::organisation}, s.promotion_bias, 0.f);
  f(ColumnSpec{"edge_contact", E::edge}, s.edge_contact, 0.f);
  const std::vector<ExtensionColumn>& extensions = extension_columns();
  for (std::size_t i = 0; i < extensions.size(); ++i)
    f(extensions[i].spec, s.extension[i], extensions[i].initial);
}

/// Declares an extension column from the file of the process that owns it,
/// before main() runs; its spec says, as for every column, how long it is and
/// what happens on arrival, on a move and in /agents/final:
///   const ColumnRegistrar kAdminSupport{{.name = "admin_support", .extent = Extent::post}, 0.f};
///   kAdminSupport.values(state)[post] = ...;
/// Processes name it in access() like any other column.
class ColumnRegistrar {
 public:
  /// Throws std::logic_error if another extension column has the name.
  ColumnRegistrar(ColumnSpec spec, float initial);
  std::vector<float>& values(ReplicateState& s) const { return s.extension[index_]; }
  const std::vector<float>& values(const ReplicateState& s) const { return s.extension[index_]; }

 private:
  std::size_t index_;
};

/// f(vector) for each buffer of a column: one, or a double buffer's two.
template <class T, class F>
void for_each_buffer(std::vector<T>& column, F&& f) {
  f(column);
}
template <class T, class F>
void for_each_buffer(DoubleBuffered<T>& column, F&& f) {
  f(column.previous);
  f(column.current);
}

/// The values a process writes this week: the column, or a double buffer's current.
template <class T>
std::vector<T>& current_values(std::vector<T>& column) {
  return column;
}
template <class T>
std::vector<T>& current_values(DoubleBuffered<T>& column) {
  return column.current;
}
template <class T>
const std::vector<T>& current_values(const std::vector<T>& column) {
  return column;
}
template <class T>
const std::vector<T>& current_values(const DoubleBuffered<T>& column) {
  return column.current;
}

/// How many entries a column of `extent` has in `world`.
std::size_t column_length(Extent extent, const World& world);

/// f(i, j) for each entry i of post `a` and the matching entry j of post `b`
/// in a column of `extent` (none for columns that are not per post), where
/// the world has `posts` posts and `items` evidence items.
template <class F>
void for_each_entry_of_posts(Extent extent, std::uint32_t a, std::uint32_t b, std::size_t posts,
                             std::size_t items, F&& f) {
  switch (extent) {
    case Extent::post:
      f(std::size_t{a}, std::size_t{b});
      return;
    case Extent::post_and_type:
      for (std::size_t type = 0; type < kEvidenceTypes; ++type)
        f(type * posts + a, type * posts + b);
      return;
    case Extent::post_and_item:
      for (std::size_t item = 0; item < items; ++item) f(item * posts + a, item * posts + b);
      return;
    case Extent::post_and_partner:
      for (std::size_t i = 0; i < kHotDeskPartners; ++i)
        f(std::size_t{a} * kHotDeskPartners + i, std::size_t{b} * kHotDeskPartners + i);
      return;
    case Extent::team:
    case Extent::organisation:
    case Extent::edge:
      return;
  }
}

/// f(i) for each entry of `post` in a column of `extent`.
template <class F>
void for_each_entry_of_post(Extent extent, std::uint32_t post, std::size_t posts, std::size_t items,
                            F&& f) {
  for_each_entry_of_posts(extent, post, post, posts, items,
                          [&f](std::size_t i, std::size_t) { f(i); });
}

}  // namespace wfsim
