// `wfsim report`: one self-contained HTML page (inline CSS and SVG, nothing
// fetched) describing a results file of any kind wfsim writes.
#pragma once

#include <filesystem>
#include <string>

namespace wfsim::report {

/// The report of the results file `input`: provenance, the scenario, and
/// per kind of file the weekly series with 95 % bands (run, comparison),
/// the table of differences (comparison), or the design, posterior or
/// indices (sweep, calibration, sensitivity). Throws wfsim::InputError
/// naming `input` when it is missing, not a wfsim results file, or malformed.
std::string render_report(const std::filesystem::path& input);

/// render_report(input) written to `output` atomically (sim/atomic_file.hpp):
/// on any failure no file is left and an existing `output` is untouched.
void write_report(const std::filesystem::path& input, const std::filesystem::path& output);

}  // namespace wfsim::report
