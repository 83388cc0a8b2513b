// Calibration files (`wfsim calibrate CALIBRATION.yaml`, docs/calibration.md): the
// scenario, priors over scenario key paths, targets (a metric's mean over a
// window of weeks, with its uncertainty) and the ABC-SMC settings.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/abc.hpp"
#include "analysis/priors.hpp"
#include "io/input_error.hpp"
#include "io/yaml_reader.hpp"

namespace wfsim {

struct CalibrationPrior {
  std::string path;  ///< a scenario key path, as for --set
  Prior prior;
  InputLocation where;  ///< for messages about this prior
};

struct CalibrationTarget {
  std::string metric;  ///< a series metric (docs/results.md)
  std::string org;     ///< empty: the whole system
  int from_week = 1;   ///< window, inclusive
  int to_week = 1;
  double value = 0.0;
  double sd = 1.0;  ///< the target's uncertainty: scales its distance
  std::string source;
  InputLocation where;
};

struct Calibration {
  std::string source;  ///< the calibration file
  std::string text;    ///< its YAML text, stored with the results
  std::filesystem::path scenario;
  std::vector<CalibrationPrior> priors;
  std::vector<CalibrationTarget> targets;
  std::vector<std::string> fixed;          ///< KEY=VALUE overrides for every simulation
  std::vector<InputLocation> fixed_where;  ///< of each `set:` key in the file
  AbcSettings abc;
  int replicates = 1;          ///< replicates per simulation (their mean is compared)
  int predictive_draws = 100;  ///< posterior predictive simulations
  std::string output;          ///< empty: results/<calibration file stem>.h5

  /// Simulations run to the last target week, whatever the scenario's weeks.
  int weeks() const;
};

/// A `priors:` mapping of key paths to priors, at least one. Shared by
/// calibration files and priors files (which allow `source:` notes).
std::vector<CalibrationPrior> read_priors(const YamlReader& reader, const YAML::Node& priors,
                                          const std::vector<std::string>& also_allowed = {});

/// Reads and validates a calibration file (paths as for experiment files: a
/// relative scenario path from the current folder, else the file's folder).
/// Throws InputError naming file, line, column and key path.
Calibration load_calibration(const std::filesystem::path& file);

/// A target's simulated statistic: the window mean of its metric, averaged
/// over replicates. `series` is [replicates x (weeks + 1)] row-major.
double target_statistic(const CalibrationTarget& target, const double* series, int replicates,
                        int weeks);

/// Scaled Euclidean distance: sqrt(sum ((simulated - value) / sd)^2).
double target_distance(const std::vector<CalibrationTarget>& targets,
                       const std::vector<double>& simulated);

}  // namespace wfsim
