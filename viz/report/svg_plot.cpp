#include "viz/report/svg_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "viz/report/html.hpp"
#include "viz/report/metric_info.hpp"
#include "viz/report/svg_chart.hpp"

namespace wfsim::report {

AxisRange nice_range(const std::vector<double>& values, bool include_zero, int ticks) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  if (!std::isfinite(low)) low = 0, high = 1;
  if (include_zero) {
    low = std::min(low, 0.0);
    high = std::max(high, 0.0);
  }
  if (high - low < 1e-12 * std::max(1.0, std::abs(high))) {
    const double pad = high == 0 ? 1 : std::abs(high) * 0.1;
    low -= pad;
    high += pad;
  }
  AxisRange range;
  range.step = nice_step(high - low, std::max(ticks, 1));
  range.low = std::floor(low / range.step + 1e-9) * range.step;
  range.high = std::ceil(high / range.step - 1e-9) * range.step;
  return range;
}

std::string tick_text(double value, double step) {
  if (std::abs(value) < 1e-9 * std::abs(step)) return "0";
  const int d = decimals_for(step);
  if (std::abs(value) >= 10000) return grouped(value, d);
  const std::string text = fmt::format("{:.{}f}", value, d);
  return text == "-0" ? std::string("0") : text;
}

std::string svg_number(double value) {
  return fmt::format("{:.1f}", value);
}

double PlotFrame::x_of(double value) const {
  const double position = left + (value - x.low) / (x.high - x.low) * plot_width();
  return std::clamp(position, left, left + plot_width());
}

double PlotFrame::y_of(double value) const {
  const double position = top + (y.high - value) / (y.high - y.low) * plot_height();
  return std::clamp(position, top, top + plot_height());
}

std::string plot_open(const PlotFrame& f) {
  std::string svg = fmt::format(
      "<figure class=\"chart\" id=\"{0}\"{1}>\n<h4>{2}</h4>\n"
      "<svg viewBox=\"0 0 {3} {4}\" width=\"{3}\" height=\"{4}\" role=\"img\" "
      "aria-labelledby=\"{0}-t {0}-d\" font-family=\"system-ui, 'DejaVu Sans', sans-serif\" "
      "font-size=\"11\">\n<title id=\"{0}-t\">{5}</title>\n<desc id=\"{0}-d\">{6}</desc>\n"
      "<rect x=\"0\" y=\"0\" width=\"{3}\" height=\"{4}\" fill=\"#ffffff\"/>\n",
      escape(f.id), f.attributes.empty() ? "" : " " + f.attributes, escape(f.heading), f.width,
      f.height, escape(f.title), escape(f.desc));
  const double bottom = f.top + f.plot_height(), right = f.left + f.plot_width();
  svg += "<g class=\"grid-lines\" stroke=\"#e3e3e3\" stroke-width=\"1\">\n";
  const int nx = static_cast<int>(std::round((f.x.high - f.x.low) / f.x.step));
  for (int i = 0; i <= nx; ++i) {
    const double value = f.x.low + f.x.step * i;
    const double x = f.x_of(value);
    svg += fmt::format(
        "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\"/><text x=\"{0}\" y=\"{3}\" "
        "text-anchor=\"middle\" fill=\"#222\" stroke=\"none\">{4}</text>\n",
        svg_number(x), svg_number(f.top), svg_number(bottom), svg_number(bottom + 15),
        escape(f.x_tick ? f.x_tick(value) : tick_text(value, f.x.step)));
  }
  if (f.y_ticks) {
    const int ny = static_cast<int>(std::round((f.y.high - f.y.low) / f.y.step));
    for (int i = 0; i <= ny; ++i) {
      const double value = f.y.low + f.y.step * i;
      const double y = f.y_of(value);
      svg += fmt::format(
          "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\"/><text x=\"{3}\" y=\"{4}\" "
          "text-anchor=\"end\" fill=\"#222\" stroke=\"none\">{5}</text>\n",
          svg_number(f.left), svg_number(right), svg_number(y), svg_number(f.left - 6),
          svg_number(y + 4), escape(f.y_tick ? f.y_tick(value) : tick_text(value, f.y.step)));
    }
  }
  svg += "</g>\n";
  svg += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#444\"/>\n",
      svg_number(f.left), svg_number(f.top), svg_number(f.plot_width()),
      svg_number(f.plot_height()));
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#222\">{}</text>\n",
                     svg_number(f.left + f.plot_width() / 2), svg_number(f.height - 8),
                     escape(f.x_label));
  if (!f.y_label.empty()) {
    svg += fmt::format(
        "<text transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\" "
        "fill=\"#222\">{}</text>\n",
        svg_number(f.top + f.plot_height() / 2), escape(f.y_label));
  }
  return svg;
}

std::string plot_zero_axes(const PlotFrame& f, bool x_zero, bool y_zero) {
  std::string svg;
  if (x_zero && f.x.low <= 0 && f.x.high >= 0)
    svg += fmt::format(
        "<line class=\"zero\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#000\" "
        "stroke-width=\"1.2\"/>\n",
        svg_number(f.x_of(0)), svg_number(f.top), svg_number(f.top + f.plot_height()));
  if (y_zero && f.y.low <= 0 && f.y.high >= 0)
    svg += fmt::format(
        "<line class=\"zero\" x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#000\" "
        "stroke-width=\"1.2\"/>\n",
        svg_number(f.left), svg_number(f.left + f.plot_width()), svg_number(f.y_of(0)));
  return svg;
}

std::string plot_close(const std::string& caption) {
  return "</svg>\n<figcaption>" + caption + "</figcaption>\n</figure>\n";
}

}  // namespace wfsim::report
