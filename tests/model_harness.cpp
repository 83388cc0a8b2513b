#include "tests/model_harness.hpp"
#include "record/ensemble.hpp"

#include <fmt/format.h>

namespace wfsim::test {

Scenario scenario_from_yaml(const std::string& yaml, const std::vector<std::string>& overrides) {
  return parse_scenario(yaml, "test.yaml", overrides, model::schema());
}

EnsembleResult run_scenario(const Scenario& scenario) {
  const Simulation simulation = model::build_simulation(scenario);
  return run_ensemble(simulation,
                      {scenario.seed, scenario.replicates, scenario.weeks, nullptr, nullptr});
}

std::vector<double> mean_series(const SeriesTable& series, const std::string& metric) {
  const std::size_t m = series.metric_index(metric);
  std::vector<double> means(static_cast<std::size_t>(series.weeks()) + 1, 0.0);
  for (int week = 0; week <= series.weeks(); ++week) {
    for (int r = 0; r < series.replicates(); ++r)
      means[static_cast<std::size_t>(week)] += series.at(0, m, r, week);
    means[static_cast<std::size_t>(week)] /= series.replicates();
  }
  return means;
}

std::string minimal_scenario(int teams, int size, const std::string& graph_kind) {
  std::string yaml = fmt::format(
      "name: test\nseed: 11\nweeks: 52\nreplicates: 4\ngraph: {{kind: {}}}\n"
      "mechanisms: {{demand: false, burnout: false, absence: false, leaving: false, "
      "recruitment: false, uptake: false}}\n"
      "organisations:\n  - id: org_a\n    sector: local_authority\n    teams:\n",
      graph_kind);
  for (int t = 0; t < teams; ++t) {
    yaml += fmt::format("      - {{id: team_{}, function: child_protection, size: {}}}\n", t, size);
  }
  return yaml;
}

}  // namespace wfsim::test
