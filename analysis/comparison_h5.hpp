// The results file of a comparison (`wfsim compare -o OUT.h5`,
// docs/results.md, "Comparison files").
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "analysis/what_flips.hpp"
#include "io/results_h5.hpp"

namespace wfsim {

/// Where a comparison's parameter draws came from.
struct UncertaintyRecord {
  std::string file;  ///< as given; empty: none (parameters at the scenarios' values)
  std::string kind;  ///< "priors" or "posterior"
  std::string text;  ///< a priors file's text
  std::vector<std::string> parameters;
};

/// Both arms of a comparison and the table of their paired differences.
struct ComparisonRecord {
  RunRecord a;
  RunRecord b;
  Comparison comparison;
  std::string interval;  ///< "t", "bootstrap" or "pairs"
  bool common_random_numbers = true;
  std::string organisation;  ///< the organisation the table compares; empty: the whole system
  int resamples = 0;         ///< bootstrap resamples (used with interval "bootstrap")
  std::vector<int> horizons;
  std::map<std::string, double> willingness_to_pay;
  UncertaintyRecord uncertainty;
  std::vector<std::vector<double>> draws;  ///< [pair][parameter]
  std::vector<FlipScreen> flips;
};

/// Writes a comparison atomically, as write_results_h5: root attributes
/// (kind = "comparison", seed, replicates, weeks, complete, interval,
/// common_random_numbers, organisation, resamples, horizons, uncertainty),
/// each arm in the run layout under /a and /b, the outcome table under
/// /comparison, costs against effects under /cost_effectiveness, the
/// parameter draws under /uncertainty and the screens under /what_flips
/// (layout in docs/results.md).
void write_comparison_h5(const std::filesystem::path& path, const ComparisonRecord& record,
                         const Provenance& provenance);

}  // namespace wfsim
