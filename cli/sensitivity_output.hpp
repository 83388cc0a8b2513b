// Printing a sensitivity analysis: per outcome, the factors ranked by Morris
// mu* or Sobol total index, as a readable table, CSV or JSON.
#pragma once

#include <cstdio>
#include <vector>

#include "analysis/sensitivity_experiment.hpp"
#include "analysis/sensitivity_h5.hpp"
#include "record/outcomes.hpp"

namespace wfsim::cli {

/// `outcomes[o]` names and labels the experiment's output o (its values unused).
void print_sensitivity_table(std::FILE* out, const SensitivityExperiment& experiment,
                             const SensitivityRecord& record, const std::vector<Outcome>& outcomes);

/// One row per outcome and factor, in rank order, values in the outcome's units:
/// Morris `output,rank,factor,mu_star,mu,sigma,effects`;
/// Sobol `output,rank,factor,ST,ST_low,ST_high,S1,S1_low,S1_high`.
void print_sensitivity_csv(std::FILE* out, const SensitivityExperiment& experiment,
                           const SensitivityRecord& record);

/// The same rows grouped by outcome, with the run's settings; null for NaN.
void print_sensitivity_json(std::FILE* out, const SensitivityExperiment& experiment,
                            const SensitivityRecord& record);

}  // namespace wfsim::cli
