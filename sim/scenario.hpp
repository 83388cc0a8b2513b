// The scenario: what a user describes in YAML (docs/scenarios.md), fully resolved
// (every default filled in). Built and validated once, then read-only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/parameters.hpp"

namespace wfsim {

enum class Sector : std::uint8_t { local_authority, voluntary, private_provider, health };
enum class TeamFunction : std::uint8_t {
  assessment,
  child_protection,
  children_in_care,
  leaving_care,
  family_support,
  early_years,
  health,
  youth,
  admin,
  management  ///< middle and senior managers of the organisation
};
enum class Role : std::uint8_t {
  social_worker,
  senior_practitioner,
  team_manager,
  family_support_worker,
  early_years_worker,
  health_visitor,
  youth_worker,
  administrator,
  middle_manager,  ///< supervises team managers (about 3 each, DfE CSWW)
  senior_manager,
  reviewing_officer  ///< qualified, without a caseload (reviewing officers, chairs, practice
                     ///< educators)
};
/// Working patterns (seed 004 pilot 2): compressed hours keep the contracted
/// hours in fewer days.
enum class WorkingPattern : std::uint8_t { standard, four_day_week, nine_day_fortnight };
enum class EvidenceType : std::uint8_t { published, reflection, self_learning };
enum class Contagion : std::uint8_t { simple, complex };
enum class GraphKind : std::uint8_t { workplace, complete, lattice, random };

/// Posts of one role in a team.
struct RolePosts {
  Role role = Role::social_worker;
  int count = 0;
};

/// Where a team is described person by person (`staff:`), what the holder
/// of a post brings at week 0. Unset values are drawn as for any other post.
struct StartingValues {
  std::optional<double> tenure_years;
  std::optional<WorkingPattern> working_pattern;
  std::optional<double> burnout;    ///< 0-100
  std::optional<double> intention;  ///< intention to leave, 0-1
};

/// One post of a team's `staff:` list: its role and FTE, fixed for the whole
/// run, and the starting values of whoever holds it at week 0.
struct StaffSpec {
  Role role = Role::social_worker;
  double fte = 1.0;
  StartingValues start;
};

struct TeamSpec {
  std::string id;
  TeamFunction function = TeamFunction::assessment;
  int size = 0;                              ///< practitioner posts, manager included
  std::vector<RolePosts> roles;              ///< resolved: counts sum to size
  std::vector<StaffSpec> staff;              ///< empty, or one entry per post in post order
  std::optional<double> referrals_per_week;  ///< unset: derived from demand parameters
  std::string office;  ///< teams with the same office id sit together, across organisations
  /// Of its social_worker posts, the last this many are held by agency
  /// workers only: capacity beyond the establishment, never recruited to
  /// permanently and not counted as vacancies when empty.
  int agency_posts = 0;
};

struct OrganisationSpec {
  std::string id;
  Sector sector = Sector::local_authority;
  std::vector<TeamSpec> teams;
  /// This organisation's parameter values: the scenario's, with its own
  /// `parameters:` overrides on top (heterogeneity between organisations).
  ParameterValues parameters;
  std::map<std::string, double> parameter_overrides;  ///< only those it sets itself
};

/// A published figure the scenario should reproduce (`targets:`).
struct TargetSpec {
  std::string outcome;     ///< an annual outcome name, e.g. "turnover" (sim/outcomes.hpp)
  double value = 0.0;      ///< as a fraction for rates and shares
  double tolerance = 0.0;  ///< allowed distance from value
  bool relative = true;    ///< tolerance as a fraction of value (else absolute)
  std::string source;
};

struct EvidenceSpec {
  std::string id;
  EvidenceType type = EvidenceType::published;
  double p = 0.0;  ///< weekly external adoption probability
  double q = 0.0;  ///< weekly imitation coefficient
  Contagion contagion = Contagion::simple;
  double initial_share = 0.0;  ///< share of practitioners using it at week 0
};

struct InterventionTarget {
  std::string org;   ///< empty: every organisation
  std::string team;  ///< empty: every team of the organisation(s)
  std::optional<Role> role;
  double share = 1.0;    ///< share of eligible posts, drawn reproducibly
  std::string evidence;  ///< an evidence item, for interventions about one item
};

struct InterventionSpec {
  std::string type;
  int start_week = 0;
  std::optional<int> end_week;  ///< unset: runs to the end
  InterventionTarget target;
  std::map<std::string, double> parameters;  ///< the type's parameters, defaults filled in
  int index = 0;                             ///< position in the scenario's list
  bool one_off = false;  ///< the type acts once, in week max(1, start_week); end_week is ignored

  /// Whether the intervention acts in `week` (start_week <= week < end_week).
  bool active(int week) const { return week >= start_week && (!end_week || week < *end_week); }
  /// Whether it acts in the weekly step of `week`, by its kind (week 0 is the
  /// initial state, before any step).
  bool acts(int week) const {
    return one_off ? week == std::max(1, start_week) : week >= 1 && active(week);
  }
};

struct GraphSpec {
  GraphKind kind = GraphKind::workplace;
  int desk_neighbours = 2;  ///< desk-proximity ties per practitioner to the neighbouring team
  int degree = 4;           ///< ties per person for the lattice and random kinds
};

/// Unit costs for the cost series (`costs:`), in `currency` at `price_year`
/// prices. Amounts are looked up by their key below `costs.`, e.g.
/// "salary_per_year.social_worker" or "interventions.hei_link.fixed_per_week".
struct CostSpec {
  std::string currency;
  ParameterValues values;  ///< every amount and price_year, defaults filled in
};

/// `population:`: the organisations generated from published figures for
/// each local authority (io/authority_population.hpp) instead of listed.
struct PopulationSpec {
  std::string authorities;  ///< the figures (CSV): as written, relative to the scenario file;
                            ///< resolved, its full path
  std::uint64_t seed = 1;   ///< of the heterogeneity between authorities
  /// If set, authorities are taken in file order, and the list repeated
  /// (ids suffixed _2, _3, ...), until there are at least this many posts.
  std::optional<std::int64_t> posts;
};

/// A day of the calendar (`start_date: 2021-09-30`).
struct CalendarDate {
  int year = 0, month = 0, day = 0;
  bool operator==(const CalendarDate&) const = default;
};

struct Scenario {
  std::string name = "unnamed";
  std::string source_file;  ///< where it was read from (not part of the YAML)
  std::uint64_t seed = 1;
  int weeks = 156;
  int replicates = 8;
  /// The date of week 0, if given: reporting years are then named as the
  /// official statistics name them (record/outcomes.hpp, reporting_year).
  std::optional<CalendarDate> start_date;
  std::vector<OrganisationSpec> organisations;
  std::optional<PopulationSpec> population;  ///< set: `organisations` were generated from it
  GraphSpec graph;
  /// `mechanisms:`: which processes run, by switch (1 on, 0 off; every
  /// registered switch, defaults filled in).
  ParameterValues mechanisms;
  ParameterValues parameters;
  std::vector<EvidenceSpec> evidence;
  std::vector<InterventionSpec> interventions;
  CostSpec costs;
  std::vector<TargetSpec> targets;
};

// Names used in YAML, in enum order.
const std::vector<std::string>& sector_names();
const std::vector<std::string>& team_function_names();
const std::vector<std::string>& role_names();
const std::vector<std::string>& working_pattern_names();
const std::vector<std::string>& evidence_type_names();
const std::vector<std::string>& contagion_names();
const std::vector<std::string>& graph_kind_names();

template <class Enum>
const std::string& name_of(Enum value, const std::vector<std::string>& names) {
  return names.at(static_cast<std::size_t>(value));
}

/// Whether a role holds cases (caseload is cases / case-holding FTE).
bool holds_cases(Role role);

}  // namespace wfsim
