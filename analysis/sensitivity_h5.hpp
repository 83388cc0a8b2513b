// The results file of a sensitivity analysis (docs/results.md, "Sensitivity
// files"): the design, every evaluation's outputs and the indices, written
// atomically as a run file is.
//
// Layout: root attributes kind = "sensitivity", method, experiment (the
// file's text), scenario (the resolved scenario without factor settings),
// seed, replicates, weeks, evaluations, complete, and the method's settings;
// /factors/{name,min,max} [factors]; /design/unit and /design/values
// [evaluations, factors]; /outputs/<outcome> [evaluations] (ensemble means)
// and /outputs_by_replicate/<outcome> [evaluations, replicates];
// /indices/<outcome>/... [factors] when complete (Morris: mu, mu_star, sigma,
// effects; Sobol: S1, S1_low, S1_high, ST, ST_low, ST_high).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/sensitivity.hpp"
#include "analysis/sensitivity_experiment.hpp"
#include "io/results_h5.hpp"

namespace wfsim {

struct SensitivityRecord {
  std::string scenario_yaml;
  std::string name;  ///< the scenario's
  int threads = 0;
  std::uint64_t seed = 0;
  int replicates = 0;
  int weeks = 0;
  std::vector<std::vector<double>> unit;    ///< [evaluation][factor], in [0, 1]
  std::vector<std::vector<double>> values;  ///< [evaluation][factor]
  /// [output][evaluation * replicates + replicate]; NaN for evaluations not run.
  std::vector<std::vector<double>> per_replicate;
  std::vector<std::vector<double>> means;  ///< [output][evaluation], over replicates
  /// [output][factor], for the experiment's method; empty when interrupted.
  std::vector<std::vector<MorrisIndex>> morris;
  std::vector<std::vector<SobolIndex>> sobol;
  bool complete = false;
};

/// Writes `record` to `path` atomically (hdf5::write_file_atomically): on
/// failure no file is left and an existing one is untouched.
void write_sensitivity_h5(const std::filesystem::path& path,
                          const SensitivityExperiment& experiment, const SensitivityRecord& record,
                          const Provenance& provenance);

}  // namespace wfsim
