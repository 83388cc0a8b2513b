// Parameters that may differ between organisations (through an
// organisation's own `parameters:` block): processes read them once, at
// construction, into one value per organisation.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace wfsim {

/// The value of parameter `path` for each organisation, in scenario order.
inline std::vector<double> per_organisation(const Scenario& scenario, const std::string& path) {
  std::vector<double> values;
  values.reserve(scenario.organisations.size());
  for (const OrganisationSpec& org : scenario.organisations)
    values.push_back(org.parameters.real(path));
  return values;
}

}  // namespace wfsim
