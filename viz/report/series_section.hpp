// The time-series part of a report: one chart per metric, for the whole
// system and then each organisation, with every arm overlaid.
#pragma once

#include <string>
#include <vector>

#include "viz/report/h5_reader.hpp"

namespace wfsim::report {

/// One ensemble drawn on the charts: a run, or an arm of a comparison.
struct Arm {
  std::string key;    ///< data-line id, e.g. "run", "a", "b"
  std::string label;  ///< legend text, e.g. "B: council_agile_flexitime"
  std::string group;  ///< where its run layout lives: "" (root) or "a", "b"
};

/// Sections "Whole system" and one per organisation (those of the first
/// arm), each a grid of charts; `currency` labels the cost axes. Throws
/// std::runtime_error when a series is not shaped [replicates, weeks + 1].
std::string series_sections(const H5Reader& file, const std::vector<Arm>& arms,
                            const std::string& currency);

/// Charts of a sweep's [points, replicates, weeks + 1] series, one line per
/// point (`labels`), for at most as many points as the palette has colours.
std::string sweep_series_section(const H5Reader& file, const std::vector<std::string>& labels,
                                 const std::string& currency);

}  // namespace wfsim::report
