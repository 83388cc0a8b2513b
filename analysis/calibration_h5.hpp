// The results file of a calibration (docs/results.md, "Calibration file"):
// /posterior/<key path> and /posterior/weight, every generation (so an
// interrupted calibration resumes where it stopped), per-generation
// diagnostics and the posterior predictive check. Layout in docs/results.md.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/abc.hpp"
#include "io/results_h5.hpp"

namespace wfsim {

/// One target of the posterior predictive check.
struct PredictiveRow {
  std::string metric;
  std::string org;
  int from_week = 0;
  int to_week = 0;
  double target = 0.0;
  double target_sd = 0.0;
  double mean = 0.0;  ///< over posterior draws, each a fresh simulation
  double low = 0.0;   ///< 2.5 % and 97.5 % of the draws
  double high = 0.0;
};

struct CalibrationRecord {
  std::string calibration_text;
  std::string scenario_yaml;
  std::string name;  ///< the scenario's
  int threads = 0;
  std::vector<std::string> parameters;  ///< key paths, in prior order
  std::vector<std::string> prior_descriptions;
  std::vector<Generation> generations;
  std::vector<double> seconds;  ///< wall time of each generation
  std::vector<PredictiveRow> predictive;
  std::uint64_t seed = 0;
  int particles = 0;
  bool complete = false;
};

/// The generation that stands as the posterior: the last filled one.
const Generation& posterior_generation(const std::vector<Generation>& generations);

/// Writes atomically (a temporary file renamed into place), so a checkpoint
/// after each generation never leaves a damaged file.
void write_calibration_h5(const std::filesystem::path& path, const CalibrationRecord& record,
                          const Provenance& provenance);

/// Reads the generations and their wall times back from a checkpoint.
/// Throws InputError if the file is not a calibration file of this
/// calibration text.
void read_calibration_checkpoint(const std::filesystem::path& path,
                                 const std::string& calibration_text,
                                 const std::vector<std::string>& parameters,
                                 std::vector<Generation>& generations,
                                 std::vector<double>& seconds);

}  // namespace wfsim
