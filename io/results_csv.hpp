// Writes a run's series as tidy CSV, for spreadsheets and quick plotting.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "record/results.hpp"

namespace wfsim {

/// Writes into `dir` (created if missing) series.csv, header
/// `replicate,week,metric,value`, for the whole system, and orgs.csv, header
/// `org,replicate,week,metric,value`, for each organisation. Each file is
/// written under a temporary name and renamed, so readers never see half a
/// file. NaN (week not simulated) is an empty field; doubles round-trip.
/// Throws std::runtime_error naming the file on failure.
void write_results_csv(const std::filesystem::path& dir, const RunRecord& record);

/// The names of the files write_results_csv writes.
const std::vector<std::string>& results_csv_files();

}  // namespace wfsim
