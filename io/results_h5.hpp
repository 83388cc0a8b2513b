// Writes a run's results as one HDF5 file, the archival format that
// docs/results.md promises to analysis scripts.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "record/results.hpp"

namespace wfsim {

/// Extra string attributes for the file root (wfsim_version, git_sha,
/// build_type, compiler, library versions...): the caller knows them, the
/// writer does not. Names must not clash with those the writer sets itself.
struct Provenance {
  std::vector<std::pair<std::string, std::string>> attributes;
};

/// Writes `record` to `path` atomically: to `<path>.tmp-<pid>` in the same
/// directory, renamed over `path` only once fully written and closed. On any
/// failure the temporary file is removed, `path` is untouched, and a
/// std::runtime_error names the path and the HDF5 failure. HDF5 is built
/// without thread safety: call this from one thread at a time.
void write_results_h5(const std::filesystem::path& path, const RunRecord& record,
                      const Provenance& provenance);

}  // namespace wfsim
