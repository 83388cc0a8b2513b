#include "record/metrics.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace wfsim {

namespace {

double ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : std::numeric_limits<double>::quiet_NaN();
}

// The contract's metrics and the costs, in output order, each with how it is
// shown. Uptake metrics follow, one per item, then the registered metrics.
struct MetricDefinition {
  const char* name;
  const char* label;
  const char* unit;  ///< money: "" (the unit is "<currency> per week")
  bool share;
  bool zero_based;
  bool money;
  double (*value)(const ScopeSums&);
};

constexpr MetricDefinition kMetrics[] = {
    {"headcount", "Headcount (employed practitioners)", "people", false, false, false,
     [](const ScopeSums& s) { return s.employed; }},
    {"fte", "FTE employed", "FTE", false, false, false,
     [](const ScopeSums& s) { return s.employed_fte; }},
    {"vacancies", "Vacancies", "FTE", false, true, false,
     [](const ScopeSums& s) { return s.vacancy_fte; }},
    {"starters", "Starters", "people per week", false, true, false,
     [](const ScopeSums& s) { return s.starters; }},
    {"leavers", "Leavers", "people per week", false, true, false,
     [](const ScopeSums& s) { return s.leavers; }},
    {"absence_rate", "Sickness absence rate", "% of working days", true, true, false,
     [](const ScopeSums& s) { return ratio(s.absent_fte, s.employed_fte); }},
    {"burnout_mean", "Mean burnout", "CBI points, 0-100", false, false, false,
     [](const ScopeSums& s) { return ratio(s.burnout_sum, s.occupants); }},
    {"burnout_high_share", "High burnout (CBI 50 or more)", "% of occupants", true, true, false,
     [](const ScopeSums& s) { return ratio(s.burnout_high, s.occupants); }},
    {"burnout_high_count", "High burnout count (CBI 50 or more)", "people", false, true, false,
     [](const ScopeSums& s) { return s.burnout_high; }},
    {"caseload_mean", "Caseload", "cases per FTE", false, false, false,
     [](const ScopeSums& s) { return ratio(s.cases, s.case_holder_fte); }},
    {"agency_share", "Agency share", "% of FTE", true, true, false,
     [](const ScopeSums& s) { return ratio(s.agency_fte, s.agency_fte + s.employed_fte); }},
    {"supervision_contacts", "Supervision contact", "hours per week", false, true, false,
     [](const ScopeSums& s) { return ratio(s.supervision_hours, s.occupants); }},
    {"informal_contacts", "Informal contact", "hours per week", false, true, false,
     [](const ScopeSums& s) { return ratio(s.informal_hours, s.occupants); }},
    {"intention_to_leave_share", "Intending to leave", "% of employed", true, true, false,
     [](const ScopeSums& s) { return ratio(s.intending, s.employed); }},
    {"cross_team_contacts", "Contact with other teams", "hours per week", false, true, false,
     [](const ScopeSums& s) { return ratio(s.cross_team_hours, s.occupants); }},
    {"cross_agency_contacts", "Contact with other organisations", "hours per week", false, true,
     false, [](const ScopeSums& s) { return ratio(s.cross_agency_hours, s.occupants); }},
    {"manager_minority_share", "Managers from minority ethnic groups", "% of managers", true, true,
     false, [](const ScopeSums& s) { return ratio(s.minority_managers, s.managers); }},
    {"pressure_mean", "Caseload pressure", "ratio, 1 = manageable", false, false, false,
     [](const ScopeSums& s) { return ratio(s.pressure, s.case_holders_present); }},
    {"supervision_quality", "Supervision quality", "index, 0-1", false, true, false,
     [](const ScopeSums& s) { return ratio(s.supervision_quality, s.supervised); }},
    {"cost_total", "Total cost", "", false, true, true,
     [](const ScopeSums& s) {
       return s.salary_cost + s.agency_premium_cost + s.recruitment_cost + s.sickness_cost +
              s.intervention_cost;
     }},
    {"cost/salary", "Cost: Salary", "", false, true, true,
     [](const ScopeSums& s) { return s.salary_cost; }},
    {"cost/agency_premium", "Cost: Agency premium", "", false, true, true,
     [](const ScopeSums& s) { return s.agency_premium_cost; }},
    {"cost/recruitment", "Cost: Recruitment", "", false, true, true,
     [](const ScopeSums& s) { return s.recruitment_cost; }},
    {"cost/sickness", "Cost: Sickness", "", false, true, true,
     [](const ScopeSums& s) { return s.sickness_cost; }},
    {"cost/interventions", "Cost: Interventions", "", false, true, true,
     [](const ScopeSums& s) { return s.intervention_cost; }},
};
constexpr std::size_t kFixedMetrics = std::size(kMetrics);

// The order the contract's metrics are read in (metric_display_order); the
// costs and uptake follow as families.
constexpr std::string_view kDisplayOrder[] = {"headcount",
                                              "fte",
                                              "vacancies",
                                              "starters",
                                              "leavers",
                                              "absence_rate",
                                              "burnout_mean",
                                              "burnout_high_share",
                                              "burnout_high_count",
                                              "caseload_mean",
                                              "pressure_mean",
                                              "agency_share",
                                              "intention_to_leave_share",
                                              "supervision_contacts",
                                              "supervision_quality",
                                              "informal_contacts",
                                              "cross_team_contacts",
                                              "cross_agency_contacts",
                                              "manager_minority_share"};

// Every metric but the costs has its place in kDisplayOrder, once.
consteval bool display_order_complete() {
  std::size_t placed = 0;
  for (const MetricDefinition& metric : kMetrics) {
    if (metric.money) continue;
    std::size_t found = 0;
    for (const std::string_view name : kDisplayOrder) found += name == metric.name ? 1 : 0;
    if (found != 1) return false;
    ++placed;
  }
  return placed == std::size(kDisplayOrder);
}
static_assert(display_order_complete(), "kDisplayOrder must list every metric but the costs once");

const MetricDefinition* find_definition(std::string_view name) {
  for (const MetricDefinition& metric : kMetrics)
    if (name == metric.name) return &metric;
  return nullptr;
}

// "agency_premium" as "Agency premium".
std::string readable(std::string name) {
  std::replace(name.begin(), name.end(), '_', ' ');
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

std::vector<MetricRegistration>& registrations() {
  static std::vector<MetricRegistration> metrics;
  return metrics;
}

const MetricRegistration* find_registration(const std::string& name) {
  for (const MetricRegistration& metric : registrations())
    if (metric.name == name) return &metric;
  return nullptr;
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.rfind(prefix, 0) == 0;
}

// Zeroes every sum, keeping the users vector's storage: the weekly loop does
// not allocate.
void reset(ScopeSums& sums, std::size_t items, std::size_t registered) {
  std::vector<double> users = std::move(sums.users);
  std::vector<double> extra = std::move(sums.registered);
  sums = ScopeSums{};
  users.assign(items, 0.0);
  extra.assign(2 * registered, 0.0);
  sums.users = std::move(users);
  sums.registered = std::move(extra);
}

// The registered metrics' sums over the organisation's posts, in post order.
void sum_registered(const World& world, const ReplicateState& s, std::size_t org, ScopeSums& out) {
  const std::vector<MetricRegistration>& metrics = registrations();
  const IndexRange range = world.orgs.posts[org];
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const MetricRegistration& metric = metrics[m];
    double numerator = 0, denominator = 0;
    for (std::uint32_t post = range.first; post < range.end(); ++post) {
      numerator += metric.numerator(s, world, post);
      if (metric.denominator != nullptr) denominator += metric.denominator(s, world, post);
    }
    out.registered[2 * m] = numerator;
    out.registered[2 * m + 1] = denominator;
  }
}

// This week's cost of the organisation's posts and of the interventions acting
// on it (docs/results.md, "Metrics").
void sum_costs(const World& world, const CostRates& rates, const ReplicateState& s, std::size_t org,
               int week, ScopeSums& out) {
  const IndexRange range = world.orgs.posts[org];
  for (std::uint32_t post = range.first; post < range.end(); ++post) {
    out.recruitment_cost += s.started[post] * rates.recruitment_per_hire;
    const Occupancy occupancy = s.occupancy[post];
    if (occupancy == Occupancy::vacant) continue;
    const double fte = world.posts.fte[post];
    out.salary_cost += rates.salary_per_week[post];
    if (occupancy == Occupancy::agency)
      out.agency_premium_cost += fte * rates.agency_premium_per_fte_week;
    if (occupancy == Occupancy::employed && s.absent[post])
      out.sickness_cost += fte * rates.sickness_per_fte_week;
  }
  for (const InterventionCostRate& rate : rates.interventions) {
    if (!rate.spec.acts(week)) continue;
    const std::uint32_t bit = intervention_bit(rate.spec.index);
    double participants = 0;
    for (std::uint32_t post = range.first; post < range.end(); ++post) {
      if (s.occupancy[post] != Occupancy::vacant && (s.participating[post] & bit) != 0)
        participants += 1;
    }
    out.intervention_cost += participants * rate.per_participant + rate.fixed_by_org[org];
  }
}

void sum_organisation(const World& world, const CostRates& rates, const ReplicateState& s,
                      std::size_t org, int week, ScopeSums& out) {
  const std::size_t items = world.evidence.size();
  const std::size_t posts = world.posts.size();
  reset(out, items, registrations().size());
  sum_costs(world, rates, s, org, week, out);
  sum_registered(world, s, org, out);
  const IndexRange range = world.orgs.posts[org];
  for (std::uint32_t post = range.first; post < range.end(); ++post) {
    const double fte = world.posts.fte[post];
    const Occupancy occupancy = s.occupancy[post];
    out.starters += s.started[post];
    out.leavers += s.left[post];
    // An empty post held by agency workers only is not a vacancy (DfE: posts
    // not filled by a permanent worker, except capacity beyond establishment).
    if (occupancy != Occupancy::employed && !world.posts.agency_only[post]) out.vacancy_fte += fte;
    if (occupancy == Occupancy::vacant) continue;
    if (occupancy == Occupancy::employed) {
      out.employed += 1;
      out.employed_fte += fte;
      if (s.absent[post]) out.absent_fte += fte;
      if (s.intention[post] >= 0.5f) out.intending += 1;
      const Role role = world.posts.role[post];
      if (role == Role::team_manager || role == Role::middle_manager ||
          role == Role::senior_manager) {
        out.managers += 1;
        out.minority_managers += s.minority[post];
      }
    } else {
      out.agency_fte += fte;
    }
    out.occupants += 1;
    const float burnout = s.burnout.current[post];
    out.burnout_sum += burnout;
    if (burnout >= kHighBurnout) out.burnout_high += 1;
    if (world.posts.case_holder[post]) out.case_holder_fte += fte;
    out.supervision_hours += s.supervision_hours[post];
    out.informal_hours += s.informal_hours[post];
    out.cross_team_hours += s.cross_team_hours[post];
    out.cross_agency_hours += s.cross_agency_hours[post];
    if (!s.absent[post]) {
      out.present += 1;
      if (world.posts.case_holder[post]) {
        out.case_holders_present += 1;
        out.pressure += s.pressure[post];
      }
      if (world.posts.supervisor[post] != kNoPost) {
        out.supervised += 1;
        out.supervision_quality += s.supervision_quality[post];
      }
      for (std::size_t item = 0; item < items; ++item) {
        if (uses_evidence(s.uptake.current[item * posts + post])) out.users[item] += 1;
      }
    }
  }
  const IndexRange teams = world.orgs.teams[org];
  for (std::uint32_t team = teams.first; team < teams.end(); ++team) {
    out.cases += static_cast<double>(s.open_cases[team]);
  }
}

void write_scope(const ScopeSums& sums, std::size_t scope, int replicate, int week,
                 SeriesTable& series) {
  for (std::size_t m = 0; m < kFixedMetrics; ++m) {
    series.at(scope, m, replicate, week) = kMetrics[m].value(sums);
  }
  for (std::size_t item = 0; item < sums.users.size(); ++item) {
    series.at(scope, kFixedMetrics + item, replicate, week) = ratio(sums.users[item], sums.present);
  }
  const std::vector<MetricRegistration>& metrics = registrations();
  const std::size_t first = kFixedMetrics + sums.users.size();
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const double numerator = sums.registered[2 * m];
    series.at(scope, first + m, replicate, week) =
        metrics[m].denominator == nullptr ? numerator
                                          : ratio(numerator, sums.registered[2 * m + 1]);
  }
}

}  // namespace

void ScopeSums::add(const ScopeSums& o) {
  employed += o.employed;
  employed_fte += o.employed_fte;
  agency_fte += o.agency_fte;
  vacancy_fte += o.vacancy_fte;
  starters += o.starters;
  leavers += o.leavers;
  absent_fte += o.absent_fte;
  occupants += o.occupants;
  burnout_sum += o.burnout_sum;
  burnout_high += o.burnout_high;
  cases += o.cases;
  case_holder_fte += o.case_holder_fte;
  supervision_hours += o.supervision_hours;
  informal_hours += o.informal_hours;
  present += o.present;
  intending += o.intending;
  supervised += o.supervised;
  supervision_quality += o.supervision_quality;
  case_holders_present += o.case_holders_present;
  managers += o.managers;
  minority_managers += o.minority_managers;
  cross_team_hours += o.cross_team_hours;
  cross_agency_hours += o.cross_agency_hours;
  pressure += o.pressure;
  salary_cost += o.salary_cost;
  agency_premium_cost += o.agency_premium_cost;
  recruitment_cost += o.recruitment_cost;
  sickness_cost += o.sickness_cost;
  intervention_cost += o.intervention_cost;
  users.resize(o.users.size(), 0.0);
  for (std::size_t i = 0; i < o.users.size(); ++i) users[i] += o.users[i];
  registered.resize(o.registered.size(), 0.0);
  for (std::size_t i = 0; i < o.registered.size(); ++i) registered[i] += o.registered[i];
}

std::vector<std::string> metric_names(const World& world) {
  std::vector<std::string> names;
  for (const MetricDefinition& metric : kMetrics) names.emplace_back(metric.name);
  for (const EvidenceSpec& item : world.evidence) names.push_back("uptake/" + item.id);
  for (const MetricRegistration& metric : registrations()) names.push_back(metric.name);
  return names;
}

MetricDescription describe_metric(const std::string& name, const std::string& currency) {
  const std::string money_unit = (currency.empty() ? std::string("money") : currency) + " per week";
  if (const MetricDefinition* metric = find_definition(name)) {
    return {metric->label, metric->money ? money_unit : metric->unit, metric->share,
            metric->zero_based, metric->money};
  }
  if (const MetricRegistration* metric = find_registration(name))
    return {metric->label, metric->unit, metric->share, metric->zero_based, false};
  if (starts_with(name, "uptake/"))
    return {"Uses " + name.substr(7), "% of present practitioners", true, true, false};
  if (starts_with(name, "cost/"))
    return {"Cost: " + readable(name.substr(5)), money_unit, false, true, true};
  return {readable(name), "", false, false, false};
}

std::vector<std::string> metric_display_order(std::vector<std::string> names) {
  const auto rank = [](const std::string& name) {
    const auto* const placed = std::find(std::begin(kDisplayOrder), std::end(kDisplayOrder), name);
    if (placed != std::end(kDisplayOrder))
      return static_cast<int>(placed - std::begin(kDisplayOrder));
    if (starts_with(name, "uptake/")) return 1000;
    if (name == "cost_total") return 2000;
    if (starts_with(name, "cost/")) return 2001;
    return 3000;
  };
  std::stable_sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
    const int ra = rank(a), rb = rank(b);
    return ra != rb ? ra < rb : a < b;
  });
  return names;
}

MetricRegistrar::MetricRegistrar(MetricRegistration registration) {
  const std::string& name = registration.name;
  if (name.empty()) throw std::invalid_argument("a registered metric needs a name");
  if (find_definition(name) != nullptr || starts_with(name, "uptake/") ||
      starts_with(name, "cost/")) {
    throw std::invalid_argument("the metric name '" + name + "' is reserved");
  }
  if (find_registration(name) != nullptr)
    throw std::invalid_argument("the metric '" + name + "' is registered twice");
  if (registration.numerator == nullptr)
    throw std::invalid_argument("the metric '" + name + "' has no numerator");
  std::vector<MetricRegistration>& metrics = registrations();
  const auto after = std::find_if(metrics.begin(), metrics.end(),
                                  [&](const MetricRegistration& m) { return name < m.name; });
  metrics.insert(after, std::move(registration));
}

const std::vector<MetricRegistration>& registered_metrics() {
  return registrations();
}

std::vector<std::string> metric_scopes(const World& world) {
  std::vector<std::string> scopes{""};
  scopes.insert(scopes.end(), world.orgs.id.begin(), world.orgs.id.end());
  return scopes;
}

MetricScratch::MetricScratch(const World& world)
    : costs(build_cost_rates(world)), orgs(world.orgs.size()) {}

void record_metrics(const World& world, const ReplicateState& state, int replicate, int week,
                    MetricScratch& scratch, SeriesTable& series) {
  tbb::parallel_for(std::size_t{0}, world.orgs.size(), [&](std::size_t org) {
    sum_organisation(world, scratch.costs, state, org, week, scratch.orgs[org]);
  });
  ScopeSums& system = scratch.system;
  reset(system, world.evidence.size(), registrations().size());
  for (std::size_t org = 0; org < world.orgs.size(); ++org) {
    system.add(scratch.orgs[org]);
    write_scope(scratch.orgs[org], org + 1, replicate, week, series);
  }
  write_scope(system, 0, replicate, week, series);
}

}  // namespace wfsim
