// In-process runs for tests: a scenario from YAML text, run as an ensemble.
#pragma once

#include <string>
#include <vector>

#include "models/model.hpp"
#include "record/ensemble.hpp"

namespace wfsim::test {

/// Parses `yaml` (with optional --set style overrides) against the model's schema.
Scenario scenario_from_yaml(const std::string& yaml,
                            const std::vector<std::string>& overrides = {});

/// Runs the scenario's ensemble (its seed, replicates and weeks) in process.
EnsembleResult run_scenario(const Scenario& scenario);

/// Ensemble mean of a whole-system metric at each week.
std::vector<double> mean_series(const SeriesTable& series, const std::string& metric);

/// A scenario with one organisation of `teams` teams of `size` posts on the
/// given graph kind, every mechanism off: tests switch on what they need.
std::string minimal_scenario(int teams, int size, const std::string& graph_kind);

}  // namespace wfsim::test
