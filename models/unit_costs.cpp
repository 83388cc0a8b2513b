#include "models/unit_costs.hpp"

#include <string>

namespace wfsim::model {

namespace {

using K = ParameterSpec::Kind;

constexpr double kMaxAmount = 1e9;  // far above any real unit cost: catches typos only

// Employer cost = salary + on-costs. On-costs of 28 % (employer National
// Insurance and the Local Government Pension Scheme) are assumed for council
// staff; NHS staff pay a higher pension contribution.
struct Salary {
  double per_year;
  const char* source;
};

Salary salary(Role role) {
  switch (role) {
    case Role::social_worker:
      return {50000,
              "assumed salary about £39,000 (newly qualified £32,076 on the NJC scale in "
              "2023-24: £30,151 plus the £1,925 award, Community Care 23 Feb 2023; experienced "
              "social workers up to about £40,000-£44,000 with market supplements) + 28 % "
              "on-costs"};
    case Role::senior_practitioner:
      return {57500, "assumed salary about £45,000 (council senior practitioner scales) + 28 %"};
    case Role::team_manager:
      return {64000, "assumed salary about £50,000 (council team manager scales) + 28 %"};
    case Role::family_support_worker:
      return {36000, "assumed salary about £28,000 (NJC scale, unqualified grades) + 28 %"};
    case Role::early_years_worker:
      return {32000, "assumed salary about £25,000 (NJC scale, early years practitioner) + 28 %"};
    case Role::health_visitor:
      return {52000,
              "NHS Agenda for Change band 6 in 2023-24 (£35,392-£42,618), midpoint about "
              "£39,000, + about 33 % on-costs (employer NI and 20.6 % NHS pension)"};
    case Role::youth_worker:
      return {40000,
              "assumed salary about £31,000 (JNC youth and community professional range) + 28 %"};
    case Role::administrator:
      return {31000, "assumed salary about £24,000 (NJC scale, administrative grades) + 28 %"};
    case Role::middle_manager:
      return {80000, "assumed salary about £62,500 (council service manager scales) + 28 %"};
    case Role::senior_manager:
      return {110000, "assumed salary about £86,000 (head of service) + 28 %"};
    case Role::reviewing_officer:
      return {60000,
              "assumed salary about £47,000 (independent reviewing officer and child protection "
              "chair scales) + 28 %"};
  }
  return {0.0, ""};
}

ParameterSpec amount(std::string path, double value, std::string unit, std::string meaning,
                     std::string source) {
  return {std::move(path),    K::real,           value,          0.0, kMaxAmount, std::move(unit),
          std::move(meaning), std::move(source), Scope::scenario};
}

}  // namespace

std::vector<ParameterSpec> cost_specs(const std::vector<InterventionRegistration>& interventions) {
  std::vector<ParameterSpec> specs{{"price_year", K::integer, 2023, 1900, 2100, "year",
                                    "the year whose prices the amounts are in",
                                    "the sources' year (2023-24 financial year)", Scope::scenario}};
  for (std::size_t i = 0; i < role_names().size(); ++i) {
    const Salary role = salary(static_cast<Role>(i));
    specs.push_back(amount("salary_per_year." + role_names()[i], role.per_year, "per FTE per year",
                           "employer cost of one FTE in post: salary plus on-costs", role.source));
  }
  specs.push_back(amount(
      "agency_premium_per_day", 100, "per agency FTE per working day",
      "extra cost of an agency worker over an employed one in the same post",
      "St Helens Council decision 0044 2025/26: an agency social worker costs £1,800 a week "
      "against £1,280 employed, £104 a working day more; about £100 at 2023-24 prices (assumed)"));
  specs.push_back(amount(
      "recruitment_per_hire", 5000, "per starter",
      "advertising, interviews, checks, induction and incentives for one permanent hire",
      "assumed: CIPD's average direct cost of a non-senior hire, about £1,500, plus induction and "
      "the incentives councils pay for social workers (golden hellos up to £5,125, The Guardian "
      "15 Mar 2016)"));
  specs.push_back(amount(
      "sickness_per_day", 220, "per absent FTE per working day",
      "output lost or cover bought for a day of sickness absence (sick pay is in the salary)",
      "derived: salary_per_year.social_worker / 227 working days (52 x 5 less 25 days' leave "
      "and 8 bank holidays)"));
  for (const InterventionRegistration& type : interventions) {
    const std::string key = "interventions." + type.type + ".";
    specs.push_back(amount(key + "per_participant_per_week", type.costs.per_participant_per_week,
                           "per participant per week it acts",
                           "running cost for each person it has touched", type.costs.source));
    specs.push_back(amount(key + "fixed_per_week", type.costs.fixed_per_week, "per week it acts",
                           "running cost of the entry as a whole", type.costs.source));
  }
  return specs;
}

}  // namespace wfsim::model
