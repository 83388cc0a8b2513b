// A time-series chart as inline SVG: one line per arm (the mean) over a
// shaded band (its 95 % interval), weeks on the x axis with year ticks, a y
// axis in the metric's display unit. Accessible (<title>, <desc> with the
// values at each tick), Okabe-Ito colours, dashes as well as colour, and
// exact values for machines in data- attributes.
#pragma once

#include <string>
#include <vector>

#include "viz/report/bands.hpp"
#include "viz/report/metric_info.hpp"

namespace wfsim::report {

/// Okabe & Ito (2008) colour-blind-safe palette, without yellow (too light
/// on white): blue, vermillion, bluish green, orange, reddish purple, sky
/// blue, black.
const std::vector<std::string>& okabe_ito();

struct ChartLine {
  std::string key;    ///< short id for data-line, e.g. "a", "b", "run", "point3"
  std::string label;  ///< shown in the legend, e.g. "A: baseline"
  const Band* band = nullptr;
  std::string colour;
  std::string dash;  ///< SVG stroke-dasharray, "" for solid
};

struct ChartSpec {
  std::string id;      ///< unique within the page (used for aria ids)
  std::string scope;   ///< e.g. "whole system" or an organisation id
  std::string metric;  ///< the stored metric name
  MetricInfo info;
  std::vector<ChartLine> lines;
  /// Differences: a line at zero, always within the y axis.
  bool zero_line = false;
  /// What a line and its band are, for the description, legend and caption;
  /// empty for an ensemble mean with its Student-t interval.
  std::string line_text{};    ///< e.g. "the mean paired difference B - A"
  std::string band_text{};    ///< e.g. "the 95 % interval of the mean difference"
  std::string legend_band{};  ///< legend entry of the band
};

/// The weeks given a tick on the x axis: 0 and every year (or every few
/// years, or weeks for runs shorter than a year), up to `weeks`.
std::vector<std::size_t> week_ticks(std::size_t weeks);

/// A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about
/// `target_ticks` ticks over `range`.
double nice_step(double range, double target_ticks);

/// The decimals a tick label needs to show multiples of `step` exactly.
int decimals_for(double step);

/// A <figure> with a heading, the SVG and a caption. The figure carries
/// data-metric and data-scope; each line a <g class="series"> with
/// data-line and data-points = "week:mean:low:high:n;..." in stored units
/// at the ticked weeks and the last week.
std::string render_chart(const ChartSpec& spec);

}  // namespace wfsim::report
