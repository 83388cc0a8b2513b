// Parameter uncertainty for what-if studies (`compare --uncertainty FILE`):
// where the model's uncertain parameters come from (a priors file, or the
// posterior of a calibration) and one draw of them per replicate pair. Both
// arms of a pair run with the same draw, as they share random numbers, so
// the pair's difference carries the parameters' uncertainty as well as
// chance.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/priors.hpp"
#include "analysis/study_file.hpp"
#include "io/input_error.hpp"

namespace wfsim {

struct UncertainParameter {
  std::string path;  ///< a scenario key path, as for --set
  Prior prior;       ///< priors files only
  InputLocation where;
};

struct UncertaintySource {
  std::string file;  ///< as given, for messages and the results file
  std::string kind;  ///< "priors" or "posterior"
  std::string text;  ///< a priors file's YAML text (empty for a posterior)
  std::vector<UncertainParameter> parameters;
  /// Posterior only: the particles [particle][parameter] and their weights.
  std::vector<std::vector<double>> particles;
  std::vector<double> weights;
};

/// Reads a priors file (YAML: `priors:` as in a calibration file, each
/// parameter with `dist:` and its settings, optionally `source:`) or a
/// calibration results file (.h5: its /posterior). Throws InputError naming
/// file, line, column and key path.
UncertaintySource load_uncertainty(const std::filesystem::path& file);

/// Several priors files as one (a posterior stands alone): their parameters
/// in order, each named once; `file` lists them, comma-separated.
UncertaintySource load_uncertainty(const std::vector<std::filesystem::path>& files);

/// The parameter values of replicate pair `pair`: from each prior
/// independently, each parameter from its own stream keyed by its path (so
/// adding a parameter to the file leaves the others' draws unchanged), or
/// one particle of the posterior chosen with probability its weight.
std::vector<double> draw_parameters(const UncertaintySource& source, std::uint64_t seed, int pair);

/// `path=value` overrides for a draw, with values written to round-trip.
std::vector<std::string> parameter_overrides(const UncertaintySource& source,
                                             const std::vector<double>& values);

/// The parameters as keys of their file (`priors.PATH` at the prior's line),
/// for in_study_file: a drawn value the scenario rejects is reported there.
std::vector<StudyKey> uncertainty_keys(const UncertaintySource& source);

/// The value a parameter takes at quantile p of its prior (priors only):
/// used for the low and high ends of a one-at-a-time screen.
double prior_quantile(const Prior& prior, double p);

}  // namespace wfsim
