// Sensitivity experiments (`wfsim sensitivity EXPERIMENT.yaml`, documented in
// docs/sensitivity.md): which scenario, which factors (scenario key paths)
// over which ranges, which annual outcomes, by Morris screening or Sobol
// indices, with how many replicates, to which file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "io/input_error.hpp"

namespace wfsim {

enum class SensitivityMethod { morris, sobol };

/// The names used in experiment files: morris, sobol.
const std::vector<std::string>& sensitivity_method_names();

struct SensitivityFactor {
  std::string path;  ///< a scenario key path, as for --set
  double min = 0.0;  ///< the range: unit coordinate 0 is min, 1 is max
  double max = 0.0;
  InputLocation where;  ///< where the experiment file names it, for messages
};

struct MorrisSettings {
  int trajectories = 10;
  int levels = 4;
  std::uint64_t seed = 1;  ///< of the design
};

struct SobolSettings {
  int samples = 256;  ///< N, a power of two: N x (factors + 2) evaluations
  int bootstrap = 1000;
  std::uint64_t seed = 1;  ///< of the bootstrap
};

struct SensitivityExperiment {
  std::string source;              ///< the experiment file, for messages
  std::string text;                ///< its YAML text, stored with the results
  std::filesystem::path scenario;  ///< resolved path of the scenario file
  SensitivityMethod method = SensitivityMethod::morris;
  std::vector<SensitivityFactor> factors;
  std::vector<std::string> outputs;  ///< annual outcomes (outcomes.hpp)
  MorrisSettings morris;
  SobolSettings sobol;
  std::vector<std::string> fixed;          ///< KEY=VALUE overrides applied to every evaluation
  std::vector<InputLocation> fixed_where;  ///< of each `set:` key in the file
  std::optional<int> replicates;           ///< unset: the scenario's
  std::optional<int> weeks;
  std::optional<std::uint64_t> seed;  ///< of the simulation, common to every evaluation
  std::string output;                 ///< results file; empty: results/<experiment>.h5
};

/// Reads and validates an experiment file. A relative scenario path is taken
/// from the current folder, else from the experiment file's folder. Throws
/// InputError with file, line, column and key path.
SensitivityExperiment load_sensitivity_experiment(const std::filesystem::path& file);

/// Factor values of a point of the unit cube: min + u (max - min).
std::vector<double> factor_values(const SensitivityExperiment& experiment,
                                  const std::vector<double>& unit);

/// The --set overrides every evaluation shares: the fixed ones, then
/// replicates, weeks and seed where the experiment sets them.
std::vector<std::string> common_overrides(const SensitivityExperiment& experiment);

/// The --set overrides of one evaluation: the common ones, then the factors.
std::vector<std::string> evaluation_overrides(const SensitivityExperiment& experiment,
                                              const std::vector<double>& values);

}  // namespace wfsim
