// The results file of a sweep, written point by point as the sweep runs, so a
// sweep of 10^4 runs never holds them all in memory and an interrupted sweep
// leaves a valid file that `--resume` completes.
//
// Layout (see docs/results.md): root attributes kind = "sweep", experiment
// (the experiment file's text), scenario (point 0's resolved scenario),
// design, seed, replicates, weeks, points, complete; /design/<factor key
// path> [points]; /design/seed [points]; /design/done [points] (1 once the
// point is written); /series/<metric> [points, replicates, weeks + 1] for the
// whole system; /outcomes/<outcome> [points, replicates], the annual outcomes
// of the last year. Unfinished points hold NaN.
//
// Crash safety: datasets are contiguous and allocated when the file is
// created, so writing a point changes raw data only, never HDF5's metadata;
// a point's data is flushed before its done flag is set and flushed. A job
// killed at any moment therefore leaves a readable file whose done points
// are complete.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "io/results_h5.hpp"

namespace wfsim {

struct SweepLayout {
  std::string experiment_text;
  std::string scenario_yaml;
  std::string name;  ///< the scenario's (point 0)
  int threads = 0;
  std::string design;
  std::vector<std::string> factors;         ///< key paths
  std::vector<std::vector<double>> values;  ///< [point][factor]
  std::vector<std::uint64_t> seeds;         ///< per point
  int replicates = 0;
  int weeks = 0;
  std::vector<std::string> metrics;
  std::vector<std::string> outcomes;
  /// With parameter uncertainty: its files (comma-separated; empty: none),
  /// a priors text, the parameters, and replicate r's draw at every point.
  std::string uncertainty;
  std::string uncertainty_text;
  std::vector<std::string> uncertain_parameters;
  std::vector<std::vector<double>> draws;  ///< [replicate][parameter]
};

class SweepFile {
 public:
  /// Creates the file, every point unfinished (atomically: on failure no file).
  static SweepFile create(const std::filesystem::path& path, const SweepLayout& layout,
                          const Provenance& provenance);
  /// Opens a partial file to continue it. Throws InputError if it is not a
  /// sweep file or was written for a different experiment or design.
  static SweepFile resume(const std::filesystem::path& path, const SweepLayout& layout);

  SweepFile(SweepFile&&) noexcept;
  SweepFile& operator=(SweepFile&&) noexcept;
  ~SweepFile();

  /// Done flag per point.
  std::vector<std::uint8_t> done() const;

  /// Writes one point: series[metric] is [replicates x (weeks + 1)] row-major,
  /// outcomes[outcome] is [replicates]; then marks the point done.
  void write_point(int point, const std::vector<std::vector<double>>& series,
                   const std::vector<std::vector<double>>& outcomes);

  /// Reads one point back: [metric][replicate * (weeks + 1) + week].
  std::vector<std::vector<double>> read_series(int point) const;

  /// Reads every point's annual outcomes back: [outcome][point * replicates + replicate].
  std::vector<std::vector<double>> read_outcomes() const;

  /// Sets the `complete` attribute and closes the file.
  void close(bool complete);

 private:
  struct Impl;
  explicit SweepFile(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wfsim
