// The runs behind `compare --uncertainty` and `compare --what-flips`: both
// need scenarios rebuilt with other parameter values, so they run the arms
// here rather than as one ensemble per arm.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "analysis/uncertainty.hpp"
#include "analysis/what_flips.hpp"
#include "record/ensemble.hpp"
#include "sim/scenario.hpp"

namespace wfsim::cli {

/// A scenario file and the overrides that make an arm of it (seed, weeks
/// and replicates already fixed).
struct ArmSpec {
  std::string file;
  std::vector<std::string> overrides;
};

struct ArmResults {
  EnsembleResult a;
  EnsembleResult b;
};

/// Replicate pairs [0, pairs): pair r runs replicate r of both arms with
/// parameter draw r (draw_parameters), pairs in parallel. `draws` receives
/// each pair's values. Stops early when `stop` is set (weeks_completed says
/// how far each replicate got).
ArmResults run_uncertain_pairs(const ArmSpec& a, const ArmSpec& b, const UncertaintySource& source,
                               std::uint64_t seed, int pairs, const std::atomic<bool>& stop,
                               std::vector<std::vector<double>>& draws);

/// Checks that both arms accept every parameter at each end of its screening
/// range (for what_flips, before any run); a value one rejects is reported
/// at its prior in the priors file.
void check_screen_ends(const ArmSpec& a, const ArmSpec& b, const UncertaintySource& source);

/// Every parameter of `source` at each end of its screening range, both
/// arms rerun with the scenarios' replicates; for each outcome at the last
/// horizon, the ranked screen. `base` is the comparison at the scenarios'
/// own values.
std::vector<FlipScreen> what_flips(const ArmSpec& a, const ArmSpec& b,
                                   const UncertaintySource& source, const Comparison& base,
                                   const ScopePair& scope, const ComparisonSettings& settings,
                                   const std::atomic<bool>& stop);

}  // namespace wfsim::cli
