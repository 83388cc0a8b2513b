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

/// What a study's file says about itself, beside the provenance.
struct StudyHeader {
  std::string kind;           ///< "sweep", "calibration", "sensitivity"
  std::string study_key;      ///< the attribute holding the study file's text, e.g. "experiment"
  std::string study_text;     ///< that text
  std::string scenario_yaml;  ///< the resolved base scenario
  std::string name;           ///< its name
  std::uint64_t seed = 0;
  int threads = 0;  ///< worker threads used (does not affect results)
};

/// The root attributes a study's file opens with: the provenance, then the
/// header's kind, study text, scenario, name, seed and threads.
void write_study_header(hid_t file, const Provenance& provenance, const StudyHeader& header);

}  // namespace wfsim
