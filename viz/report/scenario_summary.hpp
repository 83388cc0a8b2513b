// The scenario at a glance, from the resolved YAML a results file embeds:
// name, organisations with their teams and sizes, mechanisms, evidence and
// interventions; and the full YAML, collapsed.
#pragma once

#include <string>

namespace wfsim::report {

/// HTML for the scenario `yaml` (text from the file, escaped here). A YAML
/// that cannot be read gives a note instead of the summary; the full text
/// is shown either way. `heading` titles the block (e.g. "Scenario B").
std::string scenario_summary(const std::string& yaml, const std::string& heading);

/// The scenario's `costs.currency`, or "" when absent or unreadable.
std::string scenario_currency(const std::string& yaml);

}  // namespace wfsim::report
