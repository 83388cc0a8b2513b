// Building blocks of the report's non-time-series charts (scatter plots,
// error bars, curves, horizontal bars): a frame with two linear axes, a
// grid, tick labels and axis titles, drawn as inline SVG inside a <figure>
// with a heading, an accessible <title> and <desc>, and a caption.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace wfsim::report {

/// An axis: its ends and the step between ticks (ends are multiples of it).
struct AxisRange {
  double low = 0, high = 1, step = 0.2;
};

/// A range of round numbers covering `values` (non-finite ones ignored),
/// with about `ticks` ticks; zero is included when `include_zero`.
AxisRange nice_range(const std::vector<double>& values, bool include_zero, int ticks = 5);

/// A tick label: `value` to as many decimals as `step` needs, with thousands
/// separators from 10,000.
std::string tick_text(double value, double step);

/// A number in SVG coordinates (one decimal).
std::string svg_number(double value);

struct PlotFrame {
  std::string id;          ///< the figure's id (unique within the page)
  std::string heading;     ///< shown above the chart
  std::string title;       ///< the SVG's <title>
  std::string desc;        ///< the SVG's <desc>: what it shows and its values
  std::string attributes;  ///< extra attributes of the <figure>, e.g. data-effect="x"
  double width = 560, height = 330;
  double left = 70, right = 24, top = 18, bottom = 50;
  AxisRange x, y;
  std::string x_label, y_label;
  /// Tick labels; when absent, tick_text. `y_ticks = false` draws no y ticks
  /// (a chart of labelled rows).
  std::function<std::string(double)> x_tick, y_tick;
  bool y_ticks = true;

  double plot_width() const { return width - left - right; }
  double plot_height() const { return height - top - bottom; }
  /// SVG coordinates of a data value, clamped to the plot area.
  double x_of(double value) const;
  double y_of(double value) const;
};

/// The figure up to and including the axes, grid and axis titles.
std::string plot_open(const PlotFrame& frame);
/// Lines at x = 0 and y = 0 (where they are within the axes).
std::string plot_zero_axes(const PlotFrame& frame, bool x_zero, bool y_zero);
/// Closes the SVG and the figure, with `caption` (HTML) below.
std::string plot_close(const std::string& caption);

}  // namespace wfsim::report
