// The table printed at the end of `wfsim run`.
#pragma once

#include <cstdio>

#include "record/results.hpp"
#include "sim/scenario.hpp"

namespace wfsim::cli {

/// Annual outcomes for the whole system over the last year, as ensemble mean
/// with a 95 % t interval across replicates.
void print_summary(std::FILE* out, const Scenario& scenario, const RunRecord& record);

}  // namespace wfsim::cli
