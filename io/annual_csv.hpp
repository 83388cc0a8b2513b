// The annual table of a run: one row per organisation and reporting year,
// the rates as the official statistics publish them, for comparing a
// forecast with the published figures authority by authority.
#pragma once

#include <filesystem>
#include <optional>

#include "record/results.hpp"
#include "sim/scenario.hpp"

namespace wfsim {

/// Writes `file` (through a temporary file renamed into place): header
///   year,la_code,turnover_rate_fte,vacancy_rate_fte,agency_rate_fte,caseload_fte,
///   absence_rate_fte, then <rate>_p05 and <rate>_p95 for each of the four rates,
/// one row per organisation (la_code: its id) and complete 52-week year of the
/// run (year: reporting_year of record/outcomes.hpp), the values the means
/// over replicates of the annual outcomes (record/outcomes.hpp), rates in
/// percent, and the percentiles over replicates (linear between order
/// statistics). A value no replicate defines is an empty field. Throws
/// std::runtime_error naming the file on failure.
void write_annual_csv(const std::filesystem::path& file, const RunRecord& record,
                      const std::optional<CalendarDate>& start_date);

}  // namespace wfsim
