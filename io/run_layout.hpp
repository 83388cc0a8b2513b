// The run layout of a results file (docs/results.md), for writers of file
// kinds that hold runs: a comparison writes one per arm.
#pragma once

#include <hdf5.h>

#include "io/results_h5.hpp"

namespace wfsim {

/// Throws std::runtime_error if the record's parts disagree in size.
void validate_run(const RunRecord& record);

/// The run's attributes, series, final agents and weeks completed, under
/// `target` (the file root, or a group).
void write_run(hid_t target, const RunRecord& record);

/// The caller's provenance attributes, on `target`.
void write_provenance(hid_t target, const Provenance& provenance);

}  // namespace wfsim
