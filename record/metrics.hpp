// Data collection, declared in one place: each metric of docs/results.md is a
// name, how it is shown (label, unit, share, axis) and a formula over
// per-organisation sums. Processes never write outputs; the recorder reads
// the state after each week. The report and the workshop page take labels,
// units and order from here; a model file may add a metric of its own with a
// MetricRegistrar (below).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "record/costs.hpp"
#include "record/results.hpp"
#include "sim/state.hpp"
#include "sim/world.hpp"

namespace wfsim {

/// Sums over one organisation's posts (or the whole system) at one week.
struct ScopeSums {
  double employed = 0;  ///< headcount of employed practitioners in post
  double employed_fte = 0;
  double agency_fte = 0;
  double vacancy_fte = 0;  ///< funded FTE without an employed practitioner
  double starters = 0;
  double leavers = 0;
  double absent_fte = 0;  ///< employed FTE on sickness absence
  double occupants = 0;   ///< employed and agency practitioners in post
  double burnout_sum = 0;
  double burnout_high = 0;  ///< occupants with burnout >= 50
  double cases = 0;
  double case_holder_fte = 0;  ///< occupied case-holding FTE (agency included)
  double supervision_hours = 0;
  double informal_hours = 0;
  double present = 0;
  double intending = 0;   ///< employed with intention to leave >= 0.5
  double supervised = 0;  ///< present occupants who have a supervisor
  double supervision_quality = 0;
  double managers = 0;           ///< employed team, middle and senior managers
  double minority_managers = 0;  ///< of whom from a minority ethnic group
  double cross_team_hours = 0;
  double cross_agency_hours = 0;
  double case_holders_present = 0;
  double pressure = 0;  ///< summed over present case holders
  // Costs this week, in the scenario's currency (sim/costs.hpp).
  double salary_cost = 0;  ///< employer cost of the employed and agency in post
  double agency_premium_cost = 0;
  double recruitment_cost = 0;
  double sickness_cost = 0;
  double intervention_cost = 0;
  std::vector<double> users;  ///< per evidence item, present users
  /// Per registered metric (registered_metrics() order): numerator sum, then
  /// denominator sum, interleaved.
  std::vector<double> registered;

  void add(const ScopeSums& other);
};

/// Burnout at or above this is "high" (CBI convention; data/targets.yaml).
inline constexpr float kHighBurnout = 50.f;

/// The scopes of every series table, in order: "" for the whole system,
/// then each organisation's id (scope 1 + o is organisation o).
std::vector<std::string> metric_scopes(const World& world);

/// The metric names in output order: the contract's, the costs, uptake/<id>
/// per item, then the registered metrics (by name).
std::vector<std::string> metric_names(const World& world);

/// How a weekly metric is shown.
struct MetricDescription {
  std::string label;        ///< e.g. "Agency share"
  std::string unit;         ///< axis unit, e.g. "% of FTE" or "GBP per week"
  bool share = false;       ///< stored as a fraction, shown as a percentage
  bool zero_based = false;  ///< its axis starts at 0 (counts, costs, shares)
  bool money = false;       ///< an amount of money (shown with thousands separators)
};

/// The description of a metric named by metric_names() (or found in a results
/// file): the contract's and the registered metrics, uptake/<id> ("Uses
/// <id>"), cost_total and cost/<part> (in "<currency> per week"; "money per
/// week" when `currency` is empty). Any other name gets a readable label, no
/// unit, and a scale of 1.
MetricDescription describe_metric(const std::string& name, const std::string& currency);

/// `names` in the order they are shown: the contract's metrics first in their
/// reading order, then uptake/<id>, cost_total, cost/<part>, and any other
/// metric (the registered ones included), each group by name.
std::vector<std::string> metric_display_order(std::vector<std::string> names);

/// A post's contribution to a registered metric at the end of a week. Called
/// for every post (vacant ones too) from several threads at once: it must only
/// read its arguments.
using PostContribution = double (*)(const ReplicateState& state, const World& world,
                                    std::uint32_t post);

/// A metric a model file adds in its own file. Its value for an organisation
/// (or the whole system) is the sum of `numerator` over its posts, divided by
/// the sum of `denominator` (NaN when that is not positive), or the plain sum
/// when `denominator` is null. Sums run in post order, so values do not depend
/// on the thread count.
struct MetricRegistration {
  std::string name;  ///< the series' name, e.g. "present_share"; unique
  std::string label;
  std::string unit;
  bool share = false;
  bool zero_based = false;
  PostContribution numerator = nullptr;
  PostContribution denominator = nullptr;  ///< null: the plain sum of `numerator`
};

/// Registers a metric when the program starts: a namespace-scope object in
/// the model's file, e.g.
///
///     const MetricRegistrar present_share{{"present_share", "Present", "% of posts", true,
///                                          true, &is_present, &one}};
///
/// Registered metrics are recorded after every other metric, by name. The
/// object file must be linked into the program (a static library drops an
/// object file nothing refers to). Throws std::invalid_argument for an empty,
/// reserved or duplicate name or a null numerator.
struct MetricRegistrar {
  explicit MetricRegistrar(MetricRegistration registration);
};

/// Every registered metric, by name.
const std::vector<MetricRegistration>& registered_metrics();

/// What recording one replicate needs besides the state: the world's cost
/// rates, worked out once, and reusable buffers.
struct MetricScratch {
  explicit MetricScratch(const World& world);
  CostRates costs;
  std::vector<ScopeSums> orgs;
  ScopeSums system;
};

/// Records every metric at `week` of `replicate`: scope 0 is the system, scope
/// 1 + o organisation o. Sums run in a fixed order, so results do not depend
/// on the thread count.
void record_metrics(const World& world, const ReplicateState& state, int replicate, int week,
                    MetricScratch& scratch, SeriesTable& series);

}  // namespace wfsim
