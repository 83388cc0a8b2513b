// What the results file kinds share (docs/results.md): the layout of a run
// (a comparison writes one per arm), the provenance attributes, and the
// header of a study's file (sweep, calibration, sensitivity).
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>

#include "io/results_h5.hpp"

namespace wfsim {

/// Throws std::runtime_error if the record's parts disagree in size.
void validate_run(const RunRecord& record);

/// The run's attributes, series, final agents and weeks completed, under
/// `target` (the file root, or a group).
void write_run(hid_t target, const RunRecord& record);

/// The caller's provenance attributes, on `target`.
void write_provenance(hid_t target, const Provenance& provenance);

/// The root attributes a study's file opens with: the provenance, `kind`, the
/// study file's text under `study_key` (e.g. "experiment"), the resolved base
/// scenario and the seed.
void write_study_header(hid_t file, const Provenance& provenance, const std::string& kind,
                        const std::string& study_key, const std::string& study_text,
                        const std::string& scenario_yaml, std::uint64_t seed);

}  // namespace wfsim
