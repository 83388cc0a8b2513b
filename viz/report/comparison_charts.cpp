#include "viz/report/comparison_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "viz/report/bands.hpp"
#include "viz/report/html.hpp"
#include "viz/report/metric_info.hpp"
#include "viz/report/svg_chart.hpp"
#include "viz/report/svg_plot.hpp"

namespace wfsim::report {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kYear = 52;

std::string id_part(std::string text) {
  for (char& c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') c = '-';
  return text;
}

// Where the arms' series of the compared scope live: the whole system, or
// the organisation the table compares.
std::string series_group(const H5Reader& file) {
  const std::string org = file.attribute_text("organisation").value_or("");
  if (org.empty() || !file.is_group("a/orgs/" + org + "/series") ||
      !file.is_group("b/orgs/" + org + "/series"))
    return "series";
  return "orgs/" + org + "/series";
}

std::string scope_name(const H5Reader& file) {
  const std::string group = series_group(file);
  return group == "series" ? "whole system" : group.substr(5, group.size() - 12);
}

std::vector<double> doubles_of(const H5Reader& file, const std::string& path, std::size_t n) {
  std::vector<double> values = file.doubles(path).values;
  if (values.size() != n)
    throw std::runtime_error(fmt::format("{} has {} values, expected {}", path, values.size(), n));
  return values;
}

// Per pair: the value of an arm's series over the reporting year ending at
// `week` (weeks end - 52 + 1 to end): annualised sum, or mean.
std::vector<double> yearly(const Array& series, int week, bool sum) {
  const int start = std::max(0, week - kYear);
  const int span = std::max(1, week - start);
  std::vector<double> out;
  for (std::size_t r = 0; r < series.rows(); ++r) {
    double total = 0;
    for (int w = start + 1; w <= week; ++w) total += series.at(r, static_cast<std::size_t>(w));
    out.push_back(sum ? total * kYear / span : total / span);
  }
  return out;
}

std::string outcome_text(double value, const OutcomeInfo& info) {
  if (!std::isfinite(value)) return "n/a";
  if (info.percent) return fmt::format("{:.2f} pp", value * 100);
  if (info.money || std::abs(value) >= 10000) return grouped(value);
  return fmt::format("{:.4g}", value);
}

std::string percent(double p) {
  return std::isfinite(p) ? fmt::format("{:.0f} %", p * 100) : std::string("&ndash;");
}

std::string money(double value) {
  return std::isfinite(value) ? grouped(value) : std::string("&ndash;");
}

const std::map<std::string, std::string>& effect_labels() {
  static const std::map<std::string, std::string> labels{
      {"leavers_avoided", "Leavers avoided (annual)"},
      {"high_burnout_avoided", "High-burnout person-years avoided"}};
  return labels;
}

std::string effect_label(const std::string& effect) {
  const auto found = effect_labels().find(effect);
  return found == effect_labels().end() ? effect : found->second;
}

}  // namespace

std::string difference_section(const H5Reader& file, const std::string& currency) {
  const std::string group = series_group(file);
  const std::string interval = file.attribute_text("interval").value_or("t");
  const bool pairs = interval == "pairs";
  const std::string band_text =
      pairs ? "the central 95 % of the pairs' own differences B - A (2.5 to 97.5 % percentiles), "
              "under parameter uncertainty and chance"
            : "the 95 % interval of the mean difference (paired Student t: mean \u00b1 "
              "t \u00d7 sd / \u221an of the pairs' differences)";
  std::string grid = "<div class=\"grid\">\n";
  int charts = 0;
  for (const char* metric : {"burnout_mean", "burnout_high_share", "agency_share", "vacancies",
                             "leavers", "cost_total"}) {
    const std::string a_path = "a/" + group + "/" + metric, b_path = "b/" + group + "/" + metric;
    if (!file.is_dataset(a_path) || !file.is_dataset(b_path)) continue;
    const Array a = file.doubles(a_path), b = file.doubles(b_path);
    if (a.shape != b.shape || a.shape.size() != 2)
      throw std::runtime_error(b_path + " is not shaped as " + a_path);
    Array difference = b;
    for (std::size_t i = 0; i < difference.values.size(); ++i)
      difference.values[i] = b.values[i] - a.values[i];
    const Band band = pairs ? percentile_band(difference) : ensemble_band(difference);
    MetricInfo info = metric_info(metric, currency);
    info.zero_based = false;
    info.label = info.label + ": B \u2212 A";
    if (info.scale == 100.0) info.unit = "percentage points";
    ChartSpec spec{"diff-" + std::string(metric), scope_name(file), metric, info, {}};
    spec.lines.push_back({"difference", "B \u2212 A (mean of pairs)", &band, okabe_ito()[0], ""});
    spec.zero_line = true;
    spec.line_text = "the mean paired difference B - A";
    spec.band_text = band_text;
    spec.legend_band = pairs ? "band: 95 % of the pairs" : "band: 95 % interval of the mean";
    grid += render_chart(spec);
    ++charts;
  }
  if (charts == 0) return "";
  return fmt::format(
      "<section id=\"differences-over-time\">\n<h2>B &minus; A over time ({})</h2>\n"
      "<p class=\"caption\">Replicate r of B minus replicate r of A, week by week; the line is "
      "the mean of these paired differences and the black line marks zero. {}</p>\n{}</div>\n"
      "</section>\n",
      escape(scope_name(file)),
      pairs ? "Each pair ran at its own draw of the uncertain parameters: the band holds the "
              "central 95 % of the pairs' differences (parameter uncertainty and chance)."
            : "The band is the 95 % confidence interval of the mean difference (paired Student "
              "t), so it reflects chance only.",
      grid);
}

namespace {

struct CeRow {
  std::string effect, quadrant;
  double week = 0;
  std::map<std::string, double> v;
};

std::vector<CeRow> read_cost_effectiveness(const H5Reader& file) {
  const std::vector<std::string> effect = file.strings("cost_effectiveness/effect_name");
  const std::size_t n = effect.size();
  std::vector<std::string> quadrant(n);
  if (file.is_dataset("cost_effectiveness/quadrant_of_means"))
    quadrant = file.strings("cost_effectiveness/quadrant_of_means");
  const std::vector<double> week = doubles_of(file, "cost_effectiveness/week", n);
  std::vector<CeRow> rows(n);
  for (std::size_t i = 0; i < n; ++i) rows[i] = {effect[i], quadrant[i], week[i], {}};
  for (const std::string& name : file.datasets_under("cost_effectiveness")) {
    if (name == "effect_name" || name == "quadrant_of_means" || name == "week" ||
        name.rfind("acceptability", 0) == 0)
      continue;
    const Array array = file.doubles("cost_effectiveness/" + name);
    if (array.values.size() != n) continue;
    for (std::size_t i = 0; i < n; ++i) rows[i].v[name] = array.values[i];
  }
  return rows;
}

double value_of(const CeRow& row, const std::string& name) {
  const auto found = row.v.find(name);
  return found == row.v.end() ? kNaN : found->second;
}

const std::vector<std::pair<std::string, std::string>>& quadrants() {
  static const std::vector<std::pair<std::string, std::string>> list{
      {"b_dominates", "B dominates (costs less, achieves more)"},
      {"b_dominated", "B dominated (costs more, achieves less)"},
      {"b_costs_more_achieves_more", "B costs more, achieves more"},
      {"b_costs_less_achieves_less", "B costs less, achieves less"},
      {"no_difference", "no difference"}};
  return list;
}

std::string quadrant_label(const std::string& name) {
  for (const auto& [key, label] : quadrants())
    if (key == name) return label;
  return name;
}

// The per-pair (effect, extra cost) of `effect` at `week`, from the arms'
// series as the analysis computes them; empty when a series is missing.
bool per_pair(const H5Reader& file, const std::string& effect, int week, std::vector<double>& x,
              std::vector<double>& y) {
  const std::string group = series_group(file);
  const auto has = [&](const std::string& metric) {
    return file.is_dataset("a/" + group + "/" + metric) &&
           file.is_dataset("b/" + group + "/" + metric);
  };
  const std::string effect_metric = effect == "leavers_avoided"        ? "leavers"
                                    : effect == "high_burnout_avoided" ? "burnout_high_count"
                                                                       : "";
  if (effect_metric.empty() || !has("cost_total") || !has(effect_metric)) return false;
  const auto arm = [&](const std::string& name, const std::string& metric) {
    const Array array = file.doubles(name + "/" + group + "/" + metric);
    if (array.shape.size() != 2 || array.row_length() <= static_cast<std::size_t>(week))
      throw std::runtime_error(name + "/" + group + "/" + metric + " is shorter than the horizon");
    return array;
  };
  const bool sum = effect_metric == "leavers";
  const std::vector<double> cost_a = yearly(arm("a", "cost_total"), week, true),
                            cost_b = yearly(arm("b", "cost_total"), week, true),
                            gain_a = yearly(arm("a", effect_metric), week, sum),
                            gain_b = yearly(arm("b", effect_metric), week, sum);
  x.clear();
  y.clear();
  for (std::size_t r = 0; r < std::min(cost_a.size(), cost_b.size()); ++r) {
    x.push_back(gain_a[r] - gain_b[r]);
    y.push_back(cost_b[r] - cost_a[r]);
  }
  return true;
}

std::string plane_chart(const H5Reader& file, const CeRow& row, const std::string& currency) {
  std::vector<double> x, y;
  const bool have_pairs = per_pair(file, row.effect, static_cast<int>(row.week), x, y);
  const double mx = value_of(row, "effect"), my = value_of(row, "extra_cost");
  std::vector<double> xs = x, ys = y;
  for (const char* name : {"effect", "effect_low", "effect_high"})
    xs.push_back(value_of(row, name));
  for (const char* name : {"extra_cost", "extra_cost_low", "extra_cost_high"})
    ys.push_back(value_of(row, name));
  PlotFrame f;
  f.id = "ce-plane-" + id_part(row.effect);
  f.heading = "Cost-effectiveness plane: " + effect_label(row.effect);
  f.attributes =
      fmt::format("data-effect=\"{}\" data-week=\"{:.0f}\"", escape(row.effect), row.week);
  f.height = 360;
  // Both axes symmetric about zero, so that they cross in the middle and
  // each corner's label stands in its own quadrant.
  const auto symmetric = [](std::vector<double>& values) {
    double reach = 0.0;
    for (double v : values)
      if (std::isfinite(v)) reach = std::max(reach, std::abs(v));
    values.push_back(-reach);
    values.push_back(reach);
  };
  symmetric(xs);
  symmetric(ys);
  f.x = nice_range(xs, true);
  f.y = nice_range(ys, true);
  f.x_label = effect_label(row.effect) + " (B vs A)";
  f.y_label = "Extra cost of B" + (currency.empty() ? std::string() : " (" + currency + ")");
  f.y_tick = [&](double v) {
    const double big = std::max(std::abs(f.y.low), std::abs(f.y.high));
    if (big >= 1e6) return tick_text(v / 1e6, f.y.step / 1e6) + "m";
    if (big >= 1e4) return tick_text(v / 1e3, f.y.step / 1e3) + "k";
    return tick_text(v, f.y.step);
  };
  f.title = "Cost-effectiveness plane, " + effect_label(row.effect) + ", year to week " +
            fmt::format("{:.0f}", row.week);
  f.desc = fmt::format(
      "Scatter of {} replicate pairs: each point is one pair's effect (x) and extra cost of B "
      "(y) over the year to week {:.0f}. The mean is {} {} at an extra cost of {}, 95 % "
      "intervals {} to {} and {} to {}. Shares of pairs: {}.",
      x.size(), row.week, fmt::format("{:.4g}", mx), effect_label(row.effect), grouped(my),
      fmt::format("{:.4g}", value_of(row, "effect_low")),
      fmt::format("{:.4g}", value_of(row, "effect_high")), grouped(value_of(row, "extra_cost_low")),
      grouped(value_of(row, "extra_cost_high")), [&] {
        std::string shares;
        for (const auto& [key, label] : quadrants()) {
          const double p = value_of(row, "probability_" + key);
          if (std::isfinite(p) && p > 0)
            shares += fmt::format("{}{} {:.0f} %", shares.empty() ? "" : ", ", label, p * 100);
        }
        return shares;
      }());
  std::string svg = plot_open(f);
  // Quadrant labels in the corners.
  const double l = f.left + 6, r = f.left + f.plot_width() - 6, t = f.top + 14,
               b = f.top + f.plot_height() - 6;
  svg += fmt::format(
      "<g class=\"quadrants\" fill=\"#555\" font-size=\"10\">"
      "<text x=\"{0}\" y=\"{2}\">B dominated</text>"
      "<text x=\"{1}\" y=\"{2}\" text-anchor=\"end\">B costs more, achieves more</text>"
      "<text x=\"{0}\" y=\"{3}\">B costs less, achieves less</text>"
      "<text x=\"{1}\" y=\"{3}\" text-anchor=\"end\">B dominates</text></g>\n",
      svg_number(l), svg_number(r), svg_number(t), svg_number(b));
  svg += plot_zero_axes(f, true, true);
  const double wtp = value_of(row, "willingness_to_pay");
  if (std::isfinite(wtp) && wtp > 0) {
    const double x0 = std::max(f.x.low, f.y.low / wtp), x1 = std::min(f.x.high, f.y.high / wtp);
    if (x1 > x0)
      svg += fmt::format(
          "<line class=\"wtp\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#009E73\" "
          "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n",
          svg_number(f.x_of(x0)), svg_number(f.y_of(wtp * x0)), svg_number(f.x_of(x1)),
          svg_number(f.y_of(wtp * x1)));
  }
  svg += "<g class=\"pairs\" fill=\"#0072B2\" fill-opacity=\"0.55\" stroke=\"#0072B2\">\n";
  for (std::size_t i = 0; i < x.size(); ++i)
    svg += fmt::format(
        "<circle class=\"pair\" cx=\"{}\" cy=\"{}\" r=\"3.2\" data-x=\"{}\" "
        "data-y=\"{}\"/>\n",
        svg_number(f.x_of(x[i])), svg_number(f.y_of(y[i])), data_number(x[i]), data_number(y[i]));
  svg += "</g>\n";
  if (std::isfinite(mx) && std::isfinite(my)) {
    const double cx = f.x_of(mx), cy = f.y_of(my);
    svg += fmt::format(
        "<g class=\"mean\" stroke=\"#D55E00\" stroke-width=\"2\" data-effect=\"{}\" "
        "data-extra-cost=\"{}\">"
        "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/><line x1=\"{}\" x2=\"{}\" y1=\"{}\" "
        "y2=\"{}\"/><rect x=\"{}\" y=\"{}\" width=\"8\" height=\"8\" fill=\"#D55E00\" "
        "transform=\"rotate(45 {} {})\"/></g>\n",
        data_number(mx), data_number(my), svg_number(f.x_of(value_of(row, "effect_low"))),
        svg_number(f.x_of(value_of(row, "effect_high"))), svg_number(cy), svg_number(cy),
        svg_number(cx), svg_number(cx), svg_number(f.y_of(value_of(row, "extra_cost_low"))),
        svg_number(f.y_of(value_of(row, "extra_cost_high"))), svg_number(cx - 4),
        svg_number(cy - 4), svg_number(cx), svg_number(cy));
  }
  std::string caption =
      have_pairs ? fmt::format("Blue points: the {} replicate pairs. ", x.size())
                 : std::string("The pairs' values cannot be recomputed from this file. ");
  caption +=
      "Vermillion diamond: the mean, with its 95 % intervals of effect and extra cost. Axes "
      "cross at zero";
  if (std::isfinite(wtp) && wtp > 0)
    caption += fmt::format(
        "; the dashed green line is the stated willingness to pay, {} per "
        "unit (points below it have a positive net benefit)",
        grouped(wtp));
  return svg + plot_close(caption + ".");
}

std::string acceptability_chart(const CeRow& row, const std::vector<double>& grid,
                                const std::vector<double>& curve) {
  PlotFrame f;
  f.id = "ceac-" + id_part(row.effect);
  f.heading = "Acceptability: " + effect_label(row.effect);
  f.x = nice_range(grid, true);
  f.y = {0, 1, 0.2};
  f.x_label = "Willingness to pay per unit of effect";
  f.y_label = "Pairs with positive net benefit";
  f.y_tick = [](double v) { return fmt::format("{:.0f} %", v * 100); };
  f.title = "Cost-effectiveness acceptability curve, " + effect_label(row.effect);
  std::string points, path, values;
  for (std::size_t i = 0; i < grid.size() && i < curve.size(); ++i) {
    if (!std::isfinite(curve[i])) continue;
    path += fmt::format("{}{},{}", path.empty() ? "M" : " L", svg_number(f.x_of(grid[i])),
                        svg_number(f.y_of(curve[i])));
    points += fmt::format("{}{}:{}", points.empty() ? "" : ";", data_number(grid[i]),
                          data_number(curve[i]));
    if (i % 8 == 0 || i + 1 == grid.size())
      values += fmt::format("{}{}: {:.0f} %", values.empty() ? "" : "; ", grouped(grid[i]),
                            curve[i] * 100);
  }
  f.desc =
      "Line chart of the share of replicate pairs in which B's net benefit is positive, "
      "against the value of one unit of effect. " +
      values + ".";
  f.attributes =
      fmt::format("data-effect=\"{}\" data-week=\"{:.0f}\"", escape(row.effect), row.week);
  std::string svg = plot_open(f);
  const double wtp = value_of(row, "willingness_to_pay");
  if (std::isfinite(wtp) && wtp >= f.x.low && wtp <= f.x.high)
    svg += fmt::format(
        "<line class=\"wtp\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#009E73\" "
        "stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>\n",
        svg_number(f.x_of(wtp)), svg_number(f.top), svg_number(f.top + f.plot_height()));
  svg += fmt::format(
      "<g class=\"series\" data-points=\"{}\"><path d=\"{}\" fill=\"none\" stroke=\"#0072B2\" "
      "stroke-width=\"2\"/></g>\n",
      points, path);
  return svg + plot_close(fmt::format(
                   "The share of pairs whose net benefit (value &times; effect &minus; extra "
                   "cost) is positive, year to week {:.0f}{}.",
                   row.week,
                   std::isfinite(wtp)
                       ? fmt::format("; dashed: the stated willingness to pay, {}", grouped(wtp))
                       : std::string()));
}

}  // namespace

std::string cost_effectiveness_section(const H5Reader& file, const std::string& currency) {
  if (!file.is_dataset("cost_effectiveness/effect_name")) return "";
  const std::vector<CeRow> rows = read_cost_effectiveness(file);
  if (rows.empty()) return "";
  double last = 0;
  for (const CeRow& row : rows) last = std::max(last, row.week);
  std::vector<double> grid;
  Array curves;
  if (file.is_dataset("cost_effectiveness/acceptability") &&
      file.is_dataset("cost_effectiveness/acceptability_willingness_to_pay")) {
    grid = file.doubles("cost_effectiveness/acceptability_willingness_to_pay").values;
    curves = file.doubles("cost_effectiveness/acceptability");
  }
  std::string out = fmt::format(
      "<section id=\"cost-effectiveness\">\n<h2>Cost-effectiveness</h2>\n<p class=\"note\">"
      "Extra cost of B (B &minus; A, over the reporting year, in {}) against what B achieves: "
      "leavers avoided in the year and high-burnout person-years avoided (people with burnout "
      "of 50 or more, averaged over the year's weeks), A &minus; B. Charts are for the year to "
      "week {:.0f}.</p>\n<div class=\"grid\">\n",
      escape(currency.empty() ? "the scenario's currency" : currency), last);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].week != last) continue;
    out += plane_chart(file, rows[i], currency);
    if (curves.shape.size() == 2 && curves.rows() == rows.size() &&
        curves.row_length() == grid.size()) {
      const auto begin = curves.values.begin() + static_cast<std::ptrdiff_t>(i * grid.size());
      out += acceptability_chart(
          rows[i], grid,
          std::vector<double>(begin, begin + static_cast<std::ptrdiff_t>(grid.size())));
    }
  }
  out += "</div>\n<h3>Quadrants, cost per unit and net benefit</h3>\n";
  std::vector<std::vector<std::string>> cells;
  for (const CeRow& row : rows) {
    const double icer = value_of(row, "icer");
    cells.push_back({escape(effect_label(row.effect)), fmt::format("{:.0f}", row.week),
                     escape(quadrant_label(row.quadrant)),
                     percent(value_of(row, "probability_b_dominates")),
                     percent(value_of(row, "probability_b_dominated")),
                     percent(value_of(row, "probability_b_costs_more_achieves_more")),
                     percent(value_of(row, "probability_b_costs_less_achieves_less")),
                     std::isfinite(icer)
                         ? fmt::format("{} [{}, {}]", money(icer), money(value_of(row, "icer_low")),
                                       money(value_of(row, "icer_high")))
                         : std::string("not meaningful"),
                     std::isfinite(value_of(row, "willingness_to_pay"))
                         ? fmt::format("{} [{}, {}] at {}", money(value_of(row, "net_benefit")),
                                       money(value_of(row, "net_benefit_low")),
                                       money(value_of(row, "net_benefit_high")),
                                       money(value_of(row, "willingness_to_pay")))
                         : std::string("&ndash;"),
                     percent(value_of(row, "probability_net_benefit"))});
  }
  out += html_table({"effect", "week", "quadrant of the means", "B dominates", "B dominated",
                     "more cost, more effect", "less cost, less effect", "cost per unit [95 %]",
                     "net benefit [95 %]", "net benefit &gt; 0"},
                    cells, {false, true, false, true, true, true, true, true, true, true},
                    "cost-effectiveness");
  out +=
      "<p class=\"note\">Quadrant columns: the share of replicate pairs in each quadrant of the "
      "plane. The cost per unit (extra cost divided by effect) is shown only where B costs more "
      "and achieves more on average; elsewhere read the shares. Net benefit uses the stated "
      "willingness to pay, where one was given.</p>\n";
  return out + "</section>\n";
}

std::string what_flips_section(const H5Reader& file, const std::string& currency) {
  (void)currency;
  std::vector<std::string> metrics;
  for (const std::string& path : file.datasets_under("what_flips")) {
    const auto slash = path.rfind('/');
    if (slash != std::string::npos && path.substr(slash + 1) == "parameter")
      metrics.push_back(path.substr(0, slash));
  }
  if (metrics.empty()) return "";
  // Outcomes in the comparison table's order where possible.
  std::string out =
      "<section id=\"what-flips\">\n<h2>What could flip the difference</h2>\n<p class=\"note\">"
      "Each uncertain parameter moved alone to the low and to the high end of its range, the "
      "others at the scenarios' values. Bars run from the difference B &minus; A at the "
      "parameter's low end (blue) and at its high end (vermillion) to the difference at the "
      "scenarios' values (dashed line); the black line is zero. Parameters marked "
      "&ldquo;flips&rdquo; reverse the sign of the difference within their range. The ten that "
      "move the difference most are drawn; the table below each chart lists all.</p>\n";
  for (const std::string& metric : metrics) {
    const std::string base = "what_flips/" + metric + "/";
    const std::vector<std::string> parameter = file.strings(base + "parameter");
    const std::size_t n = parameter.size();
    const auto get = [&](const std::string& name) {
      return file.is_dataset(base + name) ? doubles_of(file, base + name, n)
                                          : std::vector<double>(n, kNaN);
    };
    const std::vector<double> low_value = get("low_value"), high_value = get("high_value"),
                              at_low = get("difference_at_low"),
                              at_high = get("difference_at_high"), flips = get("flips_sign");
    const double centre = file.is_dataset(base + "difference")
                              ? file.doubles(base + "difference").values.at(0)
                              : kNaN;
    const OutcomeInfo info = outcome_info(metric);
    const double scale = info.percent ? 100.0 : 1.0;
    const std::size_t shown = std::min<std::size_t>(n, 10);
    std::vector<double> xs{centre * scale};
    for (std::size_t i = 0; i < shown; ++i) {
      xs.push_back(at_low[i] * scale);
      xs.push_back(at_high[i] * scale);
    }
    PlotFrame f;
    f.id = "tornado-" + id_part(metric);
    f.heading = "What could flip: " + info.label;
    f.attributes = fmt::format("data-metric=\"{}\"", escape(metric));
    f.width = 760;
    f.left = 290;
    f.top = 10;
    f.bottom = 46;
    const double row_height = 24;
    f.height = f.top + f.bottom + row_height * static_cast<double>(std::max<std::size_t>(shown, 1));
    f.x = nice_range(xs, true, 6);
    f.y = {0, static_cast<double>(std::max<std::size_t>(shown, 1)), 1};
    f.y_ticks = false;
    f.x_label = "B \u2212 A in " + info.label + (info.percent ? " (percentage points)" : "");
    if (const auto week = file.attribute_text("week", "what_flips/" + metric))
      f.x_label += ", year to week " + *week;
    f.title = "Tornado chart of " + info.label;
    std::string desc = fmt::format(
        "Horizontal bars, one per parameter, of the difference B - A in {} with the parameter at "
        "the low and at the high end of its range; at the scenarios' values it is {}.",
        info.label, outcome_text(centre, info));
    for (std::size_t i = 0; i < shown; ++i)
      desc += fmt::format(" {}: {} at {}, {} at {}{}.", parameter[i], outcome_text(at_low[i], info),
                          fmt::format("{:.4g}", low_value[i]), outcome_text(at_high[i], info),
                          fmt::format("{:.4g}", high_value[i]),
                          flips[i] == 1 ? " (flips the sign)" : "");
    f.desc = desc;
    std::string svg = plot_open(f);
    svg += plot_zero_axes(f, true, false);
    const double cx = f.x_of(centre * scale);
    for (std::size_t i = 0; i < shown; ++i) {
      const double y = f.top + row_height * static_cast<double>(i);
      const double xl = f.x_of(at_low[i] * scale), xh = f.x_of(at_high[i] * scale);
      const std::string name = parameter[i].size() > 46
                                   ? "\u2026" + parameter[i].substr(parameter[i].size() - 45)
                                   : parameter[i];
      svg += fmt::format(
          "<g class=\"bar\" data-parameter=\"{}\" data-low=\"{}\" data-high=\"{}\" "
          "data-flips=\"{}\">"
          "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#222\"{}>{}</text>"
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#0072B2\"/>"
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#D55E00\"/>",
          escape(parameter[i]), data_number(at_low[i]), data_number(at_high[i]),
          flips[i] == 1 ? 1 : 0, svg_number(f.left - 6), svg_number(y + row_height / 2 + 4),
          flips[i] == 1 ? " font-weight=\"bold\"" : "", escape(name), svg_number(std::min(xl, cx)),
          svg_number(y + 4), svg_number(std::abs(xl - cx)), svg_number(row_height / 2 - 2),
          svg_number(std::min(xh, cx)), svg_number(y + row_height / 2 + 2),
          svg_number(std::abs(xh - cx)), svg_number(row_height / 2 - 2));
      if (flips[i] == 1)
        svg += fmt::format(
            "<text class=\"flips\" x=\"{}\" y=\"{}\" fill=\"#7a3300\" font-weight=\"bold\">"
            "flips</text>",
            svg_number(std::min(std::max(xl, xh) + 4, f.left + f.plot_width() - 28)),
            svg_number(y + row_height / 2 + 4));
      svg += "</g>\n";
    }
    if (std::isfinite(centre))
      svg += fmt::format(
          "<line class=\"base\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#333\" "
          "stroke-dasharray=\"4 3\"/>\n",
          svg_number(cx), svg_number(f.top), svg_number(f.top + f.plot_height()));
    out += svg + plot_close(fmt::format(
                     "Blue: the parameter at the low end of its range; vermillion: at the high "
                     "end. Dashed: B &minus; A at the scenarios' values, {}. {} of {} "
                     "parameters shown.",
                     escape(outcome_text(centre, info)), shown, n));
    const auto ci = [&](const std::string& which, std::size_t i) {
      const std::vector<double> lo = get(which + "_ci_low"), hi = get(which + "_ci_high");
      return fmt::format("{} [{}, {}]",
                         outcome_text(which == "difference_at_low" ? at_low[i] : at_high[i], info),
                         outcome_text(lo[i], info), outcome_text(hi[i], info));
    };
    std::vector<std::vector<std::string>> cells;
    for (std::size_t i = 0; i < n; ++i)
      cells.push_back({"<code>" + escape(parameter[i]) + "</code>",
                       fmt::format("{:.4g}", low_value[i]), fmt::format("{:.4g}", high_value[i]),
                       escape(ci("difference_at_low", i)), escape(ci("difference_at_high", i)),
                       flips[i] == 1 ? "<strong>yes</strong>" : "no"});
    out += "<details><summary>Every parameter screened for " + escape(info.label) + "</summary>\n" +
           html_table({"parameter", "low", "high", "B &minus; A at low [95 %]",
                       "B &minus; A at high [95 %]", "flips the sign"},
                      cells, {false, true, true, true, true, false}) +
           "</details>\n";
  }
  return out + "</section>\n";
}

std::string uncertainty_section(const H5Reader& file) {
  const std::string source = file.attribute_text("uncertainty").value_or("");
  if (source.empty() || !file.is_group("uncertainty")) return "";
  std::string out = fmt::format(
      "<section id=\"uncertainty\">\n<h2>Parameter uncertainty</h2>\n<p class=\"note\">Each "
      "replicate pair ran at its own draw of the uncertain parameters from <code>{}</code> ({}); "
      "both arms of a pair share the draw.</p>\n",
      escape(source), escape(file.attribute_text("kind", "uncertainty").value_or("priors")));
  if (file.is_dataset("uncertainty/parameter")) {
    const std::vector<std::string> parameter = file.strings("uncertainty/parameter");
    std::vector<std::vector<std::string>> cells;
    for (const std::string& p : parameter) {
      const std::string path = "uncertainty/draws/" + p;
      if (!file.is_dataset(path)) continue;
      const std::vector<double> draws = file.doubles(path).values;
      double lo = std::numeric_limits<double>::infinity(), hi = -lo, sum = 0;
      int count = 0;
      for (double d : draws) {
        if (!std::isfinite(d)) continue;
        lo = std::min(lo, d);
        hi = std::max(hi, d);
        sum += d;
        ++count;
      }
      cells.push_back({"<code>" + escape(p) + "</code>", std::to_string(count),
                       count ? fmt::format("{:.4g}", sum / count) : "&ndash;",
                       count ? fmt::format("{:.4g}", lo) : "&ndash;",
                       count ? fmt::format("{:.4g}", hi) : "&ndash;"});
    }
    out += "<details><summary>The " + std::to_string(cells.size()) +
           " uncertain parameters and their draws</summary>\n" +
           html_table({"parameter", "draws", "mean", "min", "max"}, cells,
                      {false, true, true, true, true}) +
           "</details>\n";
  }
  if (const auto priors = file.attribute_text("priors", "uncertainty"))
    out += "<details><summary>The priors file</summary>\n<pre class=\"yaml\">" + escape(*priors) +
           "</pre>\n</details>\n";
  return out + "</section>\n";
}

}  // namespace wfsim::report
