// Sweep experiments (`wfsim sweep EXPERIMENT.yaml`): which scenario, which
// factors (scenario key paths) over which values, by which design, with how
// many replicates, recording which metrics, to which file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "io/input_error.hpp"

namespace wfsim {

enum class DesignKind { grid, latin_hypercube, sobol };

/// The names used in experiment files: grid, lhs, sobol.
const std::vector<std::string>& design_kind_names();

struct Factor {
  std::string path;            ///< a scenario key path, as for --set
  std::vector<double> values;  ///< grid: the levels, in order
  double min = 0.0;            ///< lhs and sobol: the range sampled
  double max = 0.0;
  bool log_scale = false;  ///< sample log(value) uniformly (positive ranges only)
  bool integer = false;    ///< round sampled values to whole numbers
  InputLocation where;     ///< of its key in the experiment file
};

struct Experiment {
  std::string source;              ///< the experiment file, for messages
  std::string text;                ///< its YAML text, stored with the results
  std::filesystem::path scenario;  ///< resolved path of the scenario file
  DesignKind design = DesignKind::grid;
  int points = 0;                 ///< lhs and sobol; grid: product of levels
  std::uint64_t design_seed = 1;  ///< lhs only
  std::vector<Factor> factors;
  std::vector<std::string> fixed;  ///< KEY=VALUE overrides applied to every point
  std::vector<InputLocation> fixed_where;
  std::optional<int> replicates;  ///< unset: the scenario's
  std::optional<int> weeks;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> metrics;          ///< system series stored [point, replicate, week]
  std::vector<InputLocation> metrics_where;  ///< empty when the defaults are used
  std::string output;                        ///< results file; empty: results/<experiment>.h5
};

/// Reads and validates an experiment file. A relative scenario path is taken
/// from the current folder, else from the experiment file's folder; a relative
/// output path from the current folder. Throws InputError with file, line,
/// column and key path.
Experiment load_experiment(const std::filesystem::path& file);

/// The factor values of every design point: values[point][factor].
std::vector<std::vector<double>> design_values(const Experiment& experiment);

/// The --set overrides for one design point: fixed ones, then the factors.
std::vector<std::string> point_overrides(const Experiment& experiment,
                                         const std::vector<double>& values);

}  // namespace wfsim
