#include "viz/report/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "viz/report/html.hpp"

namespace wfsim::report {

const std::vector<std::string>& okabe_ito() {
  static const std::vector<std::string> palette{"#0072B2", "#D55E00", "#009E73", "#E69F00",
                                                "#CC79A7", "#56B4E9", "#000000"};
  return palette;
}

namespace {

// Layout of the viewBox, in SVG user units (px at 100 %).
constexpr double kWidth = 560;
constexpr double kLeft = 68;
constexpr double kRight = 30;
constexpr double kPlotHeight = 220;
constexpr double kBottom = 54;
constexpr double kLegendRow = 17;
constexpr double kCharWidth = 6.3;  // average glyph width at 11 px, for laying out the legend
constexpr std::size_t kMaxLabel = 34;

struct Axis {
  double low = 0, high = 1, step = 0.2;
  int decimals = 1;
  double divisor = 1;  // money ticks in thousands ("k") or millions ("m")
  const char* suffix =
      "";  // "k" or "m" (a pointer: GCC 12 warns falsely on assigning short strings)
};

Axis y_axis(const ChartSpec& spec) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (const ChartLine& line : spec.lines) {
    for (std::size_t w = 0; w < line.band->mean.size(); ++w) {
      for (double v : {line.band->low[w], line.band->mean[w], line.band->high[w]}) {
        if (!std::isfinite(v)) continue;
        low = std::min(low, v * spec.info.scale);
        high = std::max(high, v * spec.info.scale);
      }
    }
  }
  Axis axis;
  if (!std::isfinite(low)) return axis;
  if (spec.zero_line) {
    low = std::min(low, 0.0);
    high = std::max(high, 0.0);
  }
  // A band of few replicates can cross a metric's bounds (a negative count, a
  // share above 100 %); the axis keeps to the bounds and the band is cut there.
  if (spec.info.zero_based) low = std::max(low, 0.0);
  if (spec.info.scale == 100.0) high = std::min(high, 100.0);
  high = std::max(high, low);
  // Counts, costs and shares start at 0 unless their values sit far above it
  // (then the axis zooms in on the data, as for any other metric).
  if (spec.info.zero_based && low >= 0 && low <= 0.5 * high) low = 0;
  if (high - low < 1e-12 * std::max(1.0, std::abs(high))) {
    const double pad = high == 0 ? 1 : std::abs(high) * 0.1;
    if (!(spec.info.zero_based && low == 0)) low -= pad;
    high += pad;
  }
  axis.step = nice_step(high - low, 5);
  axis.low = std::floor(low / axis.step + 1e-9) * axis.step;
  axis.high = std::ceil(high / axis.step - 1e-9) * axis.step;
  if (spec.info.money && std::max(std::abs(axis.low), std::abs(axis.high)) >= 1e6) {
    axis.divisor = 1e6;
    axis.suffix = "m";
  } else if (spec.info.money && std::max(std::abs(axis.low), std::abs(axis.high)) >= 1e4) {
    axis.divisor = 1e3;
    axis.suffix = "k";
  }
  axis.decimals = decimals_for(axis.step / axis.divisor);
  return axis;
}

std::string tick_label(double value, const Axis& axis) {
  if (std::abs(value) < 1e-9 * axis.step) return "0";
  const double shown = value / axis.divisor;
  const std::string text = axis.divisor > 1 || std::abs(shown) >= 10000
                               ? grouped(shown, axis.decimals)
                               : fmt::format("{:.{}f}", shown, axis.decimals);
  return (text == "-0" ? std::string("0") : text) + axis.suffix;
}

std::string truncate(const std::string& text) {
  return text.size() <= kMaxLabel ? text : text.substr(0, kMaxLabel - 1) + "\u2026";
}

// The legend: one entry per line, then the band; wrapped into rows.
struct LegendItem {
  double x = 0, y = 0;
};

std::vector<LegendItem> layout_legend(const ChartSpec& spec, int& rows) {
  std::vector<LegendItem> items;
  double x = kLeft;
  double y = 14;
  rows = 1;
  const auto place = [&](double width) {
    if (x + width > kWidth - kRight && x > kLeft) {
      x = kLeft;
      y += kLegendRow;
      ++rows;
    }
    items.push_back({x, y});
    x += width + 14;
  };
  for (const ChartLine& line : spec.lines)
    place(28 + kCharWidth * static_cast<double>(truncate(line.label).size()));
  place(20 + kCharWidth * 34);
  return items;
}

std::string path_number(double v) {
  return fmt::format("{:.1f}", v);
}

}  // namespace

double nice_step(double range, double target_ticks) {
  const double raw = range / target_ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / magnitude;
  const double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10;
  return nice * magnitude;
}

int decimals_for(double step) {
  for (int d = 0; d < 8; ++d) {
    const double scaled = std::abs(step) * std::pow(10.0, d);
    if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, scaled)) return d;
  }
  return 8;
}

std::vector<std::size_t> week_ticks(std::size_t weeks) {
  std::vector<std::size_t> ticks;
  std::size_t step = 0;
  if (weeks >= 52) {
    const std::size_t years = weeks / 52;
    const std::size_t every = years <= 10 ? 1 : years <= 20 ? 2 : years <= 50 ? 5 : 10;
    step = 52 * every;
  } else {
    step = weeks <= 8 ? 1 : weeks <= 16 ? 2 : weeks <= 26 ? 4 : 8;
  }
  for (std::size_t w = 0; w <= weeks; w += step) ticks.push_back(w);
  return ticks;
}

std::string render_chart(const ChartSpec& spec) {
  std::size_t weeks = 0;
  for (const ChartLine& line : spec.lines) weeks = std::max(weeks, line.band->weeks());
  const double span = static_cast<double>(std::max<std::size_t>(weeks, 1));
  int legend_rows = 1;
  const std::vector<LegendItem> legend = layout_legend(spec, legend_rows);
  const double top = 14 + kLegendRow * legend_rows;
  const double height = top + kPlotHeight + kBottom;
  const double plot_width = kWidth - kLeft - kRight;
  const Axis axis = y_axis(spec);
  const auto x_of = [&](std::size_t week) {
    return kLeft + static_cast<double>(week) / span * plot_width;
  };
  const auto y_of = [&](double stored) {
    const double y =
        top + (axis.high - stored * spec.info.scale) / (axis.high - axis.low) * kPlotHeight;
    return std::clamp(y, top, top + kPlotHeight);
  };
  const std::string title = spec.info.label + ", " + spec.scope;
  const std::vector<std::size_t> ticks = week_ticks(weeks);
  std::vector<std::size_t> sampled = ticks;
  if (sampled.empty() || sampled.back() != weeks) sampled.push_back(weeks);

  // Description: what the chart shows and its values at each ticked week.
  int replicates = 0;
  for (const ChartLine& line : spec.lines)
    for (int n : line.band->n) replicates = std::max(replicates, n);
  const bool custom = !spec.line_text.empty();
  std::string desc =
      custom ? fmt::format(
                   "Line chart of {} ({}) over weeks 0 to {}. The line is {} over {} replicate "
                   "pairs; the shaded band around it is {}.{}",
                   spec.info.label, spec.info.unit.empty() ? "no unit" : spec.info.unit, weeks,
                   spec.line_text, replicates, spec.band_text,
                   spec.zero_line ? " A black line marks zero." : "")
             : fmt::format(
                   "Line chart of {} ({}) over weeks 0 to {}. {} the mean over {} replicates; the "
                   "shaded band around it is the 95 % confidence interval of that mean.",
                   spec.info.label, spec.info.unit.empty() ? "no unit" : spec.info.unit, weeks,
                   spec.lines.size() > 1 ? "Each line is" : "The line is", replicates);
  for (const ChartLine& line : spec.lines) {
    desc += " " + line.label + ":";
    for (std::size_t i = 0; i < sampled.size(); ++i) {
      const std::size_t w = sampled[i];
      if (w >= line.band->mean.size()) break;  // a shorter line (never within one file)
      desc += fmt::format("{} week {}: {} ({} to {})", i == 0 ? "" : ";", w,
                          show_value(line.band->mean[w], spec.info),
                          show_value(line.band->low[w], spec.info),
                          show_value(line.band->high[w], spec.info));
    }
    desc += ".";
  }

  std::string svg = fmt::format(
      "<figure class=\"chart\" id=\"{0}\" data-metric=\"{1}\" data-scope=\"{2}\">\n"
      "<h4>{3}</h4>\n"
      "<svg viewBox=\"0 0 {4} {5}\" width=\"{4}\" height=\"{5}\" role=\"img\" "
      "aria-labelledby=\"{0}-t {0}-d\" font-family=\"system-ui, 'DejaVu Sans', sans-serif\" "
      "font-size=\"11\">\n<title id=\"{0}-t\">{6}</title>\n<desc id=\"{0}-d\">{7}</desc>\n"
      "<rect x=\"0\" y=\"0\" width=\"{4}\" height=\"{5}\" fill=\"#ffffff\"/>\n",
      escape(spec.id), escape(spec.metric), escape(spec.scope), escape(spec.info.label), kWidth,
      height, escape(title), escape(desc));

  // Grid and y ticks.
  svg += "<g class=\"y-axis\" stroke=\"#d9d9d9\" stroke-width=\"1\">\n";
  const int y_ticks = static_cast<int>(std::round((axis.high - axis.low) / axis.step));
  for (int i = 0; i <= y_ticks; ++i) {
    const double value = axis.low + axis.step * i;
    const double y = top + (axis.high - value) / (axis.high - axis.low) * kPlotHeight;
    svg += fmt::format(
        "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\"/><text x=\"{3}\" y=\"{4}\" "
        "text-anchor=\"end\" fill=\"#222\" stroke=\"none\">{5}</text>\n",
        kLeft, path_number(kLeft + plot_width), path_number(y), kLeft - 6, path_number(y + 4),
        escape(tick_label(value, axis)));
  }
  svg += "</g>\n<g class=\"x-axis\" stroke=\"#ececec\" stroke-width=\"1\">\n";
  for (std::size_t w : ticks) {
    const double x = x_of(w);
    svg += fmt::format(
        "<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\"/><text x=\"{0}\" y=\"{3}\" "
        "text-anchor=\"middle\" fill=\"#222\" stroke=\"none\">{4}</text>\n",
        path_number(x), top, top + kPlotHeight, top + kPlotHeight + 15, w);
    if (weeks >= 52 && w > 0) {
      svg += fmt::format(
          "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\" stroke=\"none\" "
          "font-size=\"10\">year {}</text>\n",
          path_number(x), top + kPlotHeight + 28, w / 52);
    }
  }
  svg += "</g>\n";
  svg += fmt::format(
      "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#444\"/>"
      "<line x1=\"{0}\" x2=\"{0}\" y1=\"{3}\" y2=\"{2}\" stroke=\"#444\"/>\n",
      kLeft, kLeft + plot_width, top + kPlotHeight, top);
  const std::size_t tick_years = weeks >= 52 && ticks.size() > 1 ? ticks[1] / 52 : 0;
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#222\">Week{}</text>\n",
                     path_number(kLeft + plot_width / 2), path_number(height - 6),
                     tick_years == 0 ? ""
                     : tick_years == 1
                         ? " (ticks every year of 52 weeks)"
                         : fmt::format(" (ticks every {} years of 52 weeks)", tick_years).c_str());
  svg += fmt::format(
      "<text transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\" "
      "fill=\"#222\">{}</text>\n",
      path_number(top + kPlotHeight / 2), escape(spec.info.unit));

  if (spec.zero_line && axis.low <= 0 && axis.high >= 0) {
    svg += fmt::format(
        "<line class=\"zero\" x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#000\" "
        "stroke-width=\"1.2\"/>\n",
        kLeft, path_number(kLeft + plot_width), path_number(y_of(0)));
  }

  // Bands first, then the lines over them.
  bool any_data = false;
  for (const ChartLine& line : spec.lines) {
    const Band& band = *line.band;
    // Weeks drawn: every week up to ~one per pixel, else every k-th (and the last).
    const std::size_t stride = std::max<std::size_t>(1, (band.mean.size() + 479) / 480);
    std::vector<std::size_t> drawn;
    for (std::size_t i = 0; i < band.mean.size(); i += stride) drawn.push_back(i);
    if (!drawn.empty() && drawn.back() + 1 != band.mean.size())
      drawn.push_back(band.mean.size() - 1);
    const auto band_finite = [&](std::size_t i) {
      return std::isfinite(band.low[i]) && std::isfinite(band.high[i]);
    };
    std::string bands, means;
    std::size_t k = 0;
    while (k < drawn.size()) {
      if (!band_finite(drawn[k])) {
        ++k;
        continue;
      }
      std::size_t end = k;
      while (end < drawn.size() && band_finite(drawn[end])) ++end;
      std::string upper, lower;
      for (std::size_t j = k; j < end; ++j)
        upper += fmt::format("{}{},{}", j == k ? "M" : " L", path_number(x_of(drawn[j])),
                             path_number(y_of(band.high[drawn[j]])));
      for (std::size_t j = end; j-- > k;)
        lower += fmt::format(" L{},{}", path_number(x_of(drawn[j])),
                             path_number(y_of(band.low[drawn[j]])));
      bands += upper + lower + " Z";
      k = end;
    }
    for (std::size_t j = 0; j < drawn.size(); ++j) {
      const std::size_t i = drawn[j];
      if (!std::isfinite(band.mean[i])) continue;
      any_data = true;
      const bool starts = j == 0 || !std::isfinite(band.mean[drawn[j - 1]]);
      means += fmt::format("{}{},{}", starts ? (means.empty() ? "M" : " M") : " L",
                           path_number(x_of(i)), path_number(y_of(band.mean[i])));
    }
    std::string points;
    for (std::size_t s : sampled) {
      if (s >= band.mean.size()) break;
      points +=
          fmt::format("{}{}:{}:{}:{}:{}", points.empty() ? "" : ";", s, data_number(band.mean[s]),
                      data_number(band.low[s]), data_number(band.high[s]), band.n[s]);
    }
    svg +=
        fmt::format("<g class=\"series\" data-line=\"{}\" data-label=\"{}\" data-points=\"{}\">\n",
                    escape(line.key), escape(line.label), points);
    if (!bands.empty())
      svg += fmt::format(
          "<path class=\"band\" d=\"{}\" fill=\"{}\" fill-opacity=\"0.22\" "
          "stroke=\"none\"/>\n",
          bands, line.colour);
    if (!means.empty())
      svg += fmt::format(
          "<path class=\"mean\" d=\"{}\" fill=\"none\" stroke=\"{}\" "
          "stroke-width=\"2\" stroke-linejoin=\"round\"{}/>\n",
          means, line.colour, line.dash.empty() ? "" : " stroke-dasharray=\"" + line.dash + "\"");
    svg += "</g>\n";
  }
  if (!any_data) {
    svg += fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\" font-size=\"13\">No data "
        "(every replicate is undefined here)</text>\n",
        path_number(kLeft + plot_width / 2), path_number(top + kPlotHeight / 2));
  }

  // Legend.
  svg += "<g class=\"legend\">\n";
  for (std::size_t i = 0; i < spec.lines.size(); ++i) {
    const ChartLine& line = spec.lines[i];
    svg += fmt::format(
        "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"2.5\"{4}/>"
        "<text x=\"{5}\" y=\"{6}\" fill=\"#222\">{7}</text>\n",
        path_number(legend[i].x), path_number(legend[i].x + 22), path_number(legend[i].y - 4),
        line.colour, line.dash.empty() ? "" : " stroke-dasharray=\"" + line.dash + "\"",
        path_number(legend[i].x + 27), path_number(legend[i].y), escape(truncate(line.label)));
  }
  const LegendItem& band_item = legend.back();
  const bool one = spec.lines.size() == 1;
  svg += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{}\" fill-opacity=\"{}\"/>"
      "<text x=\"{}\" y=\"{}\" fill=\"#222\">{}</text>\n",
      path_number(band_item.x), path_number(band_item.y - 9),
      one ? spec.lines.front().colour : std::string("#555"), one ? "0.22" : "0.25",
      path_number(band_item.x + 19), path_number(band_item.y),
      escape(!spec.legend_band.empty() ? spec.legend_band
             : one                     ? std::string("band: 95 % interval of the mean")
                                       : std::string("bands: 95 % intervals of the means")));
  if (custom) {
    svg += fmt::format(
        "</g>\n</svg>\n<figcaption>Line: {} over {} pairs; band: {}.</figcaption>\n"
        "</figure>\n",
        escape(spec.line_text), replicates, escape(spec.band_text));
    return svg;
  }
  svg += fmt::format("</g>\n</svg>\n<figcaption>{} of {} replicates; {}.</figcaption>\n</figure>\n",
                     spec.lines.size() > 1 ? "Lines: means" : "Line: mean", replicates,
                     spec.lines.size() > 1 ? "bands: 95 % Student-t intervals of the means"
                                           : "band: 95 % Student-t interval of the mean");
  return svg;
}

}  // namespace wfsim::report
