// What a run produces, independent of file format: the weekly series of every
// metric for the whole system and each organisation, the final agent table of
// replicate 0, and the provenance needed to reproduce it.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace wfsim {

/// Weekly series, float64, for several scopes (the system, then each
/// organisation) and metrics, shaped [replicates, weeks + 1] per pair.
class SeriesTable {
 public:
  SeriesTable() = default;
  SeriesTable(std::vector<std::string> scopes, std::vector<std::string> metrics, int replicates,
              int weeks);

  const std::vector<std::string>& scopes() const { return scopes_; }    ///< "" = whole system
  const std::vector<std::string>& metrics() const { return metrics_; }  ///< e.g. "uptake/rip"
  int replicates() const { return replicates_; }
  int weeks() const { return weeks_; }

  double& at(std::size_t scope, std::size_t metric, int replicate, int week) {
    return values_[offset(scope, metric) + static_cast<std::size_t>(replicate) * columns() +
                   static_cast<std::size_t>(week)];
  }
  double at(std::size_t scope, std::size_t metric, int replicate, int week) const {
    return values_[offset(scope, metric) + static_cast<std::size_t>(replicate) * columns() +
                   static_cast<std::size_t>(week)];
  }
  /// The [replicates x (weeks + 1)] row-major block of one scope and metric.
  const double* block(std::size_t scope, std::size_t metric) const {
    return values_.data() + offset(scope, metric);
  }
  std::size_t metric_index(const std::string& name) const;  ///< throws std::out_of_range
  bool has_metric(const std::string& name) const;

  /// Adds `more`'s replicates after this table's; scopes, metrics and weeks must match.
  void append_replicates(const SeriesTable& more);

 private:
  std::size_t columns() const { return static_cast<std::size_t>(weeks_) + 1; }
  std::size_t offset(std::size_t scope, std::size_t metric) const {
    return (scope * metrics_.size() + metric) * static_cast<std::size_t>(replicates_) * columns();
  }

  std::vector<std::string> scopes_;
  std::vector<std::string> metrics_;
  int replicates_ = 0;
  int weeks_ = 0;
  std::vector<double> values_;  // NaN where a week was not simulated (interrupted run)
};

/// One column of the final agent table.
struct AgentColumn {
  std::string name;
  std::variant<std::vector<std::int64_t>, std::vector<double>, std::vector<std::string>> values;
};

/// Everything a results file holds.
struct RunRecord {
  std::string scenario_yaml;  ///< the fully resolved scenario
  std::string scenario_name;
  std::uint64_t seed = 0;
  int replicates = 0;
  int weeks = 0;
  int threads = 0;
  bool complete = false;
  std::vector<int> weeks_completed;  ///< per replicate
  SeriesTable series;
  std::vector<AgentColumn> final_agents;
};

}  // namespace wfsim
