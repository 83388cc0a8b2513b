// What `wfsim population` prints after writing: the synthetic workforce
// against the survey's weighted margins, and what the model draws where the
// survey is silent.
#pragma once

#include <cstdio>
#include <vector>

#include "population/survey_margins.hpp"
#include "sim/scenario.hpp"

namespace wfsim::cli {

/// The margins table, then the week-0 draws that stand in for missing values
/// (with the parameters of `scenario` that govern them).
void print_population_summary(std::FILE* out, const std::vector<Margin>& margins,
                              const Scenario& scenario);

}  // namespace wfsim::cli
