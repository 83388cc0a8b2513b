#include "sim/scenario.hpp"

namespace wfsim {

const std::vector<std::string>& sector_names() {
  static const std::vector<std::string> names{"local_authority", "voluntary", "private", "health"};
  return names;
}
const std::vector<std::string>& team_function_names() {
  static const std::vector<std::string> names{
      "assessment",     "child_protection", "children_in_care", "leaving_care",
      "family_support", "early_years",      "health",           "youth",
      "admin",          "management"};
  return names;
}
const std::vector<std::string>& role_names() {
  static const std::vector<std::string> names{
      "social_worker",      "senior_practitioner", "team_manager",     "family_support_worker",
      "early_years_worker", "health_visitor",      "youth_worker",     "administrator",
      "middle_manager",     "senior_manager",      "reviewing_officer"};
  return names;
}
const std::vector<std::string>& working_pattern_names() {
  static const std::vector<std::string> names{"standard", "four_day_week", "nine_day_fortnight"};
  return names;
}
const std::vector<std::string>& evidence_type_names() {
  static const std::vector<std::string> names{"published", "reflection", "self_learning"};
  return names;
}
const std::vector<std::string>& contagion_names() {
  static const std::vector<std::string> names{"simple", "complex"};
  return names;
}
const std::vector<std::string>& graph_kind_names() {
  static const std::vector<std::string> names{"workplace", "complete", "lattice", "random"};
  return names;
}

bool holds_cases(Role role) {
  switch (role) {
    case Role::social_worker:
    case Role::senior_practitioner:
    case Role::family_support_worker:
    case Role::health_visitor:
    case Role::youth_worker:
    case Role::early_years_worker:
      return true;
    case Role::team_manager:
    case Role::administrator:
    case Role::middle_manager:
    case Role::senior_manager:
    case Role::reviewing_officer:
      return false;
  }
  return false;
}

}  // namespace wfsim
