// The results file of a comparison (`wfsim compare -o OUT.h5`,
// docs/results.md, "Comparison files").
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "io/results_h5.hpp"

namespace wfsim {

/// Both arms of a comparison and the table of their paired differences.
struct ComparisonRecord {
  RunRecord a;
  RunRecord b;
  std::vector<ComparisonRow> rows;
  std::string interval;  ///< "t" or "bootstrap"
  bool common_random_numbers = true;
  std::string organisation;  ///< the organisation the table compares; empty: the whole system
  int resamples = 0;         ///< bootstrap resamples (used with interval "bootstrap")
  std::vector<int> horizons;
};

/// Writes a comparison atomically, as write_results_h5: root attributes
/// (kind = "comparison", seed, replicates, weeks, complete, interval,
/// common_random_numbers, organisation, resamples, horizons), each arm in the run layout under /a
/// and /b, and the table under /comparison (metric, week, a_mean, b_mean, difference, ci_low,
/// ci_high, replicates: one row per outcome and horizon).
void write_comparison_h5(const std::filesystem::path& path, const ComparisonRecord& record,
                         const Provenance& provenance);

}  // namespace wfsim
