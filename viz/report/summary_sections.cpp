#include "viz/report/summary_sections.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "analysis/priors.hpp"
#include "analysis/statistics.hpp"
#include "viz/report/html.hpp"
#include "viz/report/metric_info.hpp"
#include "viz/report/svg_plot.hpp"

namespace wfsim::report {

namespace {

// A value of an outcome: percentages (points for differences), money grouped.
std::string outcome_value(double value, const OutcomeInfo& info, bool difference) {
  if (!std::isfinite(value)) return "&ndash;";
  if (info.percent) return fmt::format("{:.2f}{}", value * 100, difference ? " pp" : " %");
  if (info.money) return grouped(value);
  if (std::abs(value) >= 10000) return grouped(value);
  return fmt::format("{:.4g}", value);
}

std::string general(double value) {
  if (std::isinf(value)) return value > 0 ? "&infin;" : "&minus;&infin;";
  if (!std::isfinite(value)) return "&ndash;";
  if (std::abs(value) >= 10000) return grouped(value);
  return fmt::format("{:.4g}", value);
}

std::vector<double> column(const H5Reader& file, const std::string& path, std::size_t rows) {
  const Array array = file.doubles(path);
  if (array.values.size() != rows)
    throw std::runtime_error(
        fmt::format("{} has {} values, expected {}", path, array.values.size(), rows));
  return array.values;
}

std::string code(const std::string& text) {
  return "<code>" + escape(text) + "</code>";
}

// A point of an outcome chart: a mean with its 95 % interval at a factor value.
struct ErrorPoint {
  double x = 0, mean = 0, low = 0, high = 0;
  std::size_t point = 0;
};

std::string chart_id_part(std::string text) {
  for (char& c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') c = '-';
  return text;
}

// Means with error bars against a factor; joined by a line when `join`.
std::string errorbar_chart(const std::string& id, const std::string& heading,
                           const std::string& x_label, const OutcomeInfo& info,
                           std::vector<ErrorPoint> points, bool difference, bool join,
                           const std::string& caption) {
  const double scale = info.percent ? 100.0 : 1.0;
  std::sort(points.begin(), points.end(),
            [](const ErrorPoint& a, const ErrorPoint& b) { return a.x < b.x; });
  std::vector<double> xs, ys;
  for (const ErrorPoint& p : points) {
    xs.push_back(p.x);
    for (double v : {p.mean, p.low, p.high}) ys.push_back(v * scale);
  }
  PlotFrame f;
  f.id = id;
  f.heading = heading;
  f.height = 300;
  f.x = nice_range(xs, false);
  f.y = nice_range(ys, difference || info.money);
  f.x_label = x_label;
  f.y_label = info.label + (info.percent ? (difference ? " (pp)" : " (%)") : "");
  f.title = heading;
  std::string desc =
      fmt::format("{} against {}, mean and 95 % interval at each point:", info.label, x_label);
  for (const ErrorPoint& p : points)
    desc +=
        fmt::format(" point {} at {:.4g}: {} ({} to {});", p.point, p.x,
                    outcome_value(p.mean, info, difference), outcome_value(p.low, info, difference),
                    outcome_value(p.high, info, difference));
  f.desc = desc;
  std::string svg = plot_open(f);
  if (difference) svg += plot_zero_axes(f, false, true);
  if (join && points.size() > 1) {
    std::string path;
    for (const ErrorPoint& p : points)
      path += fmt::format("{}{},{}", path.empty() ? "M" : " L", svg_number(f.x_of(p.x)),
                          svg_number(f.y_of(p.mean * scale)));
    svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"1.5\"/>\n";
  }
  for (const ErrorPoint& p : points) {
    const double x = f.x_of(p.x);
    svg += fmt::format(
        "<g class=\"point\" data-point=\"{}\" data-x=\"{}\" data-mean=\"{}\" data-low=\"{}\" "
        "data-high=\"{}\" stroke=\"#0072B2\" stroke-width=\"1.5\"><line x1=\"{}\" x2=\"{}\" "
        "y1=\"{}\" y2=\"{}\"/><circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"#0072B2\"/></g>\n",
        p.point, data_number(p.x), data_number(p.mean), data_number(p.low), data_number(p.high),
        svg_number(x), svg_number(x), svg_number(f.y_of(p.low * scale)),
        svg_number(f.y_of(p.high * scale)), svg_number(x), svg_number(f.y_of(p.mean * scale)));
  }
  return svg + plot_close(caption);
}

}  // namespace

std::string comparison_section(const H5Reader& file, const std::string& currency) {
  const std::vector<std::string> metric = file.strings("comparison/metric");
  const std::size_t n = metric.size();
  const std::vector<double> week = column(file, "comparison/week", n);
  const std::vector<double> a = column(file, "comparison/a_mean", n);
  const std::vector<double> b = column(file, "comparison/b_mean", n);
  const std::vector<double> diff = column(file, "comparison/difference", n);
  const std::vector<double> low = column(file, "comparison/ci_low", n);
  const std::vector<double> high = column(file, "comparison/ci_high", n);
  const std::vector<double> pairs = column(file, "comparison/replicates", n);
  std::vector<double> better(n, NAN);
  if (file.is_dataset("comparison/probability_better"))
    better = column(file, "comparison/probability_better", n);
  const std::string interval = file.attribute_text("interval").value_or("t");
  const std::string uncertainty = file.attribute_text("uncertainty").value_or("");
  const std::string organisation = file.attribute_text("organisation").value_or("");

  std::string method;
  if (interval == "pairs") {
    method =
        "the central 95 % of the pairs' own differences (2.5 to 97.5 % percentiles): each pair "
        "ran at its own draw of the uncertain parameters, so the interval reflects parameter "
        "uncertainty and chance";
  } else {
    method = std::string(interval == "bootstrap" ? "the 95 % percentile-bootstrap interval"
                                                 : "the 95 % paired Student-t interval") +
             " of the mean difference, which reflects chance only (the model's parameters are "
             "held at the scenarios' values)";
  }
  std::string out = fmt::format(
      "<section id=\"comparison\">\n<h2>Differences between the arms (B &minus; A)</h2>\n"
      "<p class=\"note\">Annual outcomes over the reporting year ending at each horizon, {}. "
      "Replicate r of B is paired with replicate r of A{}; the difference is the mean paired "
      "difference B &minus; A, with {}.{} &ldquo;B better&rdquo; is the share of pairs in which "
      "B does better than A (ties count half). Shares are in per cent, their differences in "
      "percentage points (pp); money is in {} at the scenario's price year. Bold rows: the "
      "interval excludes zero.</p>\n",
      organisation.empty() ? std::string("whole system")
                           : "organisation <code>" + escape(organisation) + "</code>",
      file.attribute_number("common_random_numbers").value_or(1) != 0
          ? " (common random numbers)"
          : " (independent random streams)",
      method,
      uncertainty.empty() ? std::string()
                          : " Parameter uncertainty: <code>" + escape(uncertainty) + "</code>.",
      escape(currency.empty() ? "the scenario's currency" : currency));
  std::vector<double> horizons = week;
  std::sort(horizons.begin(), horizons.end());
  horizons.erase(std::unique(horizons.begin(), horizons.end()), horizons.end());
  for (double horizon : horizons) {
    std::string rows;
    out += fmt::format(
        "<h3>Year to week {:.0f}{}</h3>\n", horizon,
        std::fmod(horizon, 52) == 0 ? fmt::format(" (year {:.0f})", horizon / 52) : std::string());
    std::vector<std::vector<std::string>> cells;
    std::vector<bool> significant;
    for (std::size_t i = 0; i < n; ++i) {
      if (week[i] != horizon) continue;
      const OutcomeInfo info = outcome_info(metric[i]);
      std::string interval_text;
      if (std::isfinite(low[i]) && std::isfinite(high[i])) {
        interval_text = fmt::format("[{}, {}]", outcome_value(low[i], info, true),
                                    outcome_value(high[i], info, true));
      } else {
        interval_text = "unbounded";
      }
      std::string difference = outcome_value(diff[i], info, true);
      if (!std::isfinite(diff[i])) difference = "&ndash;";
      const bool sig =
          std::isfinite(low[i]) && std::isfinite(high[i]) && (low[i] > 0 || high[i] < 0);
      significant.push_back(sig);
      const std::string label =
          metric[i] == "cost" ? info.label + " (B \u2212 A: net cost difference)" : info.label;
      cells.push_back({escape(label) + " <small>" + code(metric[i]) + "</small>",
                       outcome_value(a[i], info, false), outcome_value(b[i], info, false),
                       difference, interval_text,
                       std::isfinite(better[i]) ? fmt::format("{:.0f} %", better[i] * 100)
                                                : std::string("&ndash;"),
                       general(pairs[i])});
    }
    std::string table =
        html_table({"outcome", "A", "B", "B &minus; A",
                    interval == "pairs" ? "95 % of pairs" : "95 % interval", "B better", "pairs"},
                   cells, {false, true, true, true, true, true, true}, "comparison");
    // Mark rows whose interval excludes zero.
    std::size_t position = 0;
    for (bool sig : significant) {
      position = table.find("<tr><td", position);
      if (position == std::string::npos) break;
      if (sig) table.replace(position, 3, "<tr class=\"sig\"");
      position += 4;
    }
    out += table;
  }
  return out + "</section>\n";
}

std::string sweep_section(const H5Reader& file, std::vector<std::string>& point_labels) {
  std::vector<std::string> factors;
  for (const std::string& name : file.datasets_under("design"))
    if (name != "seed" && name != "done") factors.push_back(name);
  const auto points = static_cast<std::size_t>(file.attribute_number("points").value_or(0));
  std::vector<std::vector<double>> values;
  for (const std::string& f : factors) values.push_back(column(file, "design/" + f, points));
  std::vector<double> done(points, 1.0);
  if (file.is_dataset("design/done")) done = column(file, "design/done", points);

  // The design: one row per point.
  std::vector<std::string> header{"point"};
  std::vector<bool> numeric{true};
  for (const std::string& f : factors) {
    header.push_back(code(f));
    numeric.push_back(true);
  }
  header.push_back("run");
  numeric.push_back(false);
  std::vector<std::vector<std::string>> design;
  point_labels.clear();
  for (std::size_t p = 0; p < points; ++p) {
    std::vector<std::string> row{std::to_string(p)};
    std::string label = fmt::format("point {}", p);
    for (std::size_t f = 0; f < factors.size(); ++f) {
      row.push_back(general(values[f][p]));
      label += fmt::format("{}{}", f == 0 ? ": " : ", ", general(values[f][p]));
    }
    point_labels.push_back(label);
    row.push_back(done[p] != 0 ? "yes" : "<strong>not run</strong>");
    design.push_back(row);
  }

  // Outcomes: mean [95 % interval] of each outcome at each point.
  const std::vector<std::string> outcomes = file.datasets_under("outcomes");
  std::vector<std::vector<std::string>> shown(outcomes.size());  // [outcome][point]
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    const Array array = file.doubles("outcomes/" + outcomes[o]);
    if (array.rows() != points)
      throw std::runtime_error("outcomes/" + outcomes[o] + " is not shaped [points, replicates]");
    const OutcomeInfo info = outcome_info(outcomes[o]);
    for (std::size_t p = 0; p < points; ++p) {
      const auto begin = array.values.begin() + static_cast<std::ptrdiff_t>(p * array.row_length());
      const Interval ci = mean_interval(
          std::vector<double>(begin, begin + static_cast<std::ptrdiff_t>(array.row_length())));
      shown[o].push_back(ci.n == 0 ? "&ndash;"
                                   : fmt::format("{}<br><small>[{}, {}]</small>",
                                                 outcome_value(ci.mean, info, false),
                                                 outcome_value(ci.low, info, false),
                                                 outcome_value(ci.high, info, false)));
    }
  }
  // Completion: the points whose results are in the file.
  std::size_t ran = 0;
  for (double d : done) ran += d != 0 ? 1 : 0;
  const std::string status =
      ran == points
          ? fmt::format(
                "<p class=\"status\" id=\"sweep-status\"><span class=\"badge ok\">All {} "
                "points ran.</span></p>\n",
                points)
          : fmt::format(
                "<p class=\"status\" id=\"sweep-status\"><span class=\"badge warn\">{} of "
                "{} points ran; {} not yet run.</span></p>\n",
                ran, points, points - ran);

  // Charts: each outcome against each factor, and paired differences to the
  // centre point (the run point nearest the middle of every factor's range).
  std::size_t centre = points;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t p = 0; p < points; ++p) {
    if (done[p] == 0) continue;
    double distance = 0;
    for (std::size_t f = 0; f < factors.size(); ++f) {
      const auto [lo, hi] = std::minmax_element(values[f].begin(), values[f].end());
      const double range = *hi - *lo;
      if (range > 0) distance += std::pow((values[f][p] - (*lo + *hi) / 2) / range, 2);
    }
    if (distance < best - 1e-12) {
      best = distance;
      centre = p;
    }
  }
  std::string charts, difference_charts;
  constexpr std::size_t kMaxCharts = 60;
  std::size_t drawn = 0;
  for (std::size_t o = 0; o < outcomes.size() && !factors.empty(); ++o) {
    const Array array = file.doubles("outcomes/" + outcomes[o]);
    const std::size_t reps = array.row_length();
    const OutcomeInfo info = outcome_info(outcomes[o]);
    std::vector<ErrorPoint> means, differences;
    for (std::size_t p = 0; p < points; ++p) {
      if (done[p] == 0) continue;
      std::vector<double> row(reps), paired(reps);
      for (std::size_t r = 0; r < reps; ++r) {
        row[r] = array.at(p, r);
        paired[r] = centre < points ? array.at(p, r) - array.at(centre, r) : NAN;
      }
      const Interval ci = mean_interval(row);
      if (ci.n > 0) means.push_back({0, ci.mean, ci.low, ci.high, p});
      const Interval d = mean_interval(paired);
      if (d.n > 0 && p != centre) differences.push_back({0, d.mean, d.low, d.high, p});
    }
    for (std::size_t f = 0; f < factors.size() && drawn < kMaxCharts; ++f, ++drawn) {
      for (ErrorPoint& e : means) e.x = values[f][e.point];
      for (ErrorPoint& e : differences) e.x = values[f][e.point];
      const std::string suffix = chart_id_part(outcomes[o] + "-" + factors[f]);
      charts +=
          errorbar_chart("sweep-outcome-" + suffix, info.label + " by " + factors[f], factors[f],
                         info, means, false, factors.size() == 1,
                         "Mean over replicates at each point with its 95 % Student-t interval.");
      if (centre < points)
        difference_charts += errorbar_chart(
            "sweep-difference-" + suffix,
            info.label + ": difference to point " + std::to_string(centre) + ", by " + factors[f],
            factors[f], info, differences, true, factors.size() == 1,
            fmt::format("Replicate r of each point minus replicate r of point {} (common random "
                        "numbers), mean and 95 % paired Student-t interval; the black line is "
                        "zero.",
                        centre));
    }
  }
  std::string chart_html;
  if (!charts.empty()) {
    chart_html = "<h3 id=\"sweep-outcome-charts\">Outcomes by factor</h3>\n<div class=\"grid\">\n" +
                 charts + "</div>\n";
    if (drawn == kMaxCharts)
      chart_html +=
          fmt::format("<p class=\"note\">Only the first {} charts are drawn.</p>\n", kMaxCharts);
  }
  if (!difference_charts.empty()) {
    std::string centre_label;
    for (std::size_t f = 0; f < factors.size(); ++f)
      centre_label += fmt::format("{}{} = {}", f == 0 ? "" : ", ", code(factors[f]),
                                  general(values[f][centre]));
    chart_html += fmt::format(
        "<h3 id=\"sweep-difference-charts\">Paired differences to the centre point</h3>\n<p "
        "class=\"note\">The centre point is point {} ({}), the point that ran nearest the "
        "middle of every factor's range. Every point shares its replicates' random numbers, so "
        "the difference of replicate r to replicate r of the centre removes most of the chance "
        "variation between points.</p>\n<div class=\"grid\">\n{}</div>\n",
        centre, centre_label, difference_charts);
  }

  std::string table;
  constexpr std::size_t kMaxColumns = 8;  // points as columns while the table fits a page
  if (points <= kMaxColumns) {
    std::vector<std::string> head{"outcome"};
    std::vector<bool> num{false};
    for (std::size_t p = 0; p < points; ++p) {
      head.push_back(fmt::format("point {}", p));
      num.push_back(true);
    }
    std::vector<std::vector<std::string>> rows;
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      std::vector<std::string> row{escape(outcome_info(outcomes[o]).label) + "<br><small>" +
                                   code(outcomes[o]) + "</small>"};
      row.insert(row.end(), shown[o].begin(), shown[o].end());
      rows.push_back(row);
    }
    table = html_table(head, rows, num);
  } else {
    std::vector<std::string> head{"point"};
    std::vector<bool> num{true};
    for (const std::string& o : outcomes) {
      head.push_back(escape(outcome_info(o).label));
      num.push_back(true);
    }
    std::vector<std::vector<std::string>> rows;
    for (std::size_t p = 0; p < points; ++p) {
      std::vector<std::string> row{std::to_string(p)};
      for (std::size_t o = 0; o < outcomes.size(); ++o) row.push_back(shown[o][p]);
      rows.push_back(row);
    }
    table = html_table(head, rows, num);
  }
  return fmt::format(
      "<section id=\"sweep\">\n<h2>Sweep design and outcomes</h2>\n<p class=\"note\">{} "
      "design, {} points x {} replicates, common random numbers across points.</p>\n{}{}"
      "<h3>Outcomes by point</h3>\n<p class=\"note\">Annual outcomes of the last reporting year "
      "(whole system): the mean over replicates and, below it, its 95 % Student-t interval.</p>"
      "\n{}{}</section>\n",
      escape(file.attribute_text("design").value_or("?")), points,
      escape(file.attribute_text("replicates").value_or("?")), status,
      html_table(header, design, numeric), table, chart_html);
}

namespace {

// Weighted quantile: the smallest value whose cumulative weight reaches q.
double weighted_quantile(std::vector<std::pair<double, double>> values_weights, double q) {
  std::sort(values_weights.begin(), values_weights.end());
  double total = 0;
  for (const auto& vw : values_weights) total += vw.second;
  double cumulative = 0;
  for (const auto& vw : values_weights) {
    cumulative += vw.second;
    if (cumulative >= q * total) return vw.first;
  }
  return values_weights.empty() ? NAN : values_weights.back().first;
}

// A prior from its stored description ("uniform(0.05, 0.3)", "normal(m, sd)",
// "lognormal(meanlog, sdlog)", "beta(a, b) on [min, max]"); nullopt otherwise.
std::optional<Prior> parse_prior(const std::string& text) {
  Prior prior;
  double a = 0, b = 0, lo = 0, hi = 1;
  if (std::sscanf(text.c_str(), "uniform(%lf, %lf)", &a, &b) == 2) {
    prior.kind = PriorKind::uniform;
    prior.min = a;
    prior.max = b;
    prior.first = a;
    prior.second = b;
  } else if (std::sscanf(text.c_str(), "normal(%lf, %lf)", &a, &b) == 2) {
    prior.kind = PriorKind::normal;
  } else if (std::sscanf(text.c_str(), "lognormal(%lf, %lf)", &a, &b) == 2) {
    prior.kind = PriorKind::lognormal;
  } else if (std::sscanf(text.c_str(), "beta(%lf, %lf) on [%lf, %lf]", &a, &b, &lo, &hi) == 4) {
    prior.kind = PriorKind::beta;
    prior.min = lo;
    prior.max = hi;
  } else {
    return std::nullopt;
  }
  if (prior.kind != PriorKind::uniform) {
    prior.first = a;
    prior.second = b;
  }
  return prior;
}

// The weighted histogram of a parameter's posterior with its prior's density.
std::string posterior_chart(const std::string& name, const std::vector<double>& values,
                            const std::vector<double>& weight, const std::optional<Prior>& prior,
                            const std::string& prior_text, double q_low, double q_high) {
  std::vector<double> finite;
  double total = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]) || !std::isfinite(weight[i])) continue;
    finite.push_back(values[i]);
    total += weight[i];
  }
  if (finite.empty() || total <= 0) return "";
  auto [lo_it, hi_it] = std::minmax_element(finite.begin(), finite.end());
  double lo = *lo_it, hi = *hi_it;
  if (prior && (prior->kind == PriorKind::uniform || prior->kind == PriorKind::beta)) {
    lo = std::min(lo, prior->min);
    hi = std::max(hi, prior->max);
  } else if (prior) {
    const double m = prior->mean(), sd = prior->sd();
    if (std::isfinite(m) && std::isfinite(sd)) {
      lo = std::min(lo, std::max(m - 3 * sd, prior->kind == PriorKind::lognormal ? 0.0 : -1e300));
      hi = std::max(hi, m + 3 * sd);
    }
  }
  if (hi <= lo) hi = lo + 1;
  constexpr int kBins = 24;
  const double width = (hi - lo) / kBins;
  std::vector<double> density(kBins, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]) || !std::isfinite(weight[i])) continue;
    const int bin = std::clamp(static_cast<int>((values[i] - lo) / width), 0, kBins - 1);
    density[static_cast<std::size_t>(bin)] += weight[i] / total / width;
  }
  std::vector<double> prior_x, prior_y;
  if (prior) {
    for (int i = 0; i <= 120; ++i) {
      const double x = lo + (hi - lo) * i / 120.0;
      prior_x.push_back(x);
      prior_y.push_back(prior->density(x));
    }
  }
  std::vector<double> ys = density;
  ys.insert(ys.end(), prior_y.begin(), prior_y.end());
  PlotFrame f;
  f.id = "posterior-" + chart_id_part(name);
  f.heading = name;
  f.attributes = "data-parameter=\"" + escape(name) + "\"";
  f.height = 280;
  f.x = nice_range({lo, hi}, false);
  f.y = nice_range(ys, true, 4);
  f.x_label = name;
  f.y_label = "density";
  f.title = "Posterior of " + name;
  f.desc = fmt::format(
      "Histogram of the weighted posterior of {} in {} bins from {:.4g} to {:.4g}{}. 90 % "
      "credible interval {:.4g} to {:.4g}.",
      name, kBins, lo, hi,
      prior ? ", with the prior density " + prior_text + " as a line" : std::string(), q_low,
      q_high);
  std::string svg = plot_open(f);
  const double base = f.y_of(0);
  svg += "<g class=\"histogram\" fill=\"#56B4E9\" stroke=\"#0072B2\" stroke-width=\"0.5\">\n";
  for (int i = 0; i < kBins; ++i) {
    const double x0 = f.x_of(lo + width * i), x1 = f.x_of(lo + width * (i + 1));
    const double top = f.y_of(density[static_cast<std::size_t>(i)]);
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n", svg_number(x0),
                       svg_number(top), svg_number(x1 - x0), svg_number(base - top));
  }
  svg += "</g>\n";
  for (double q : {q_low, q_high})
    svg += fmt::format(
        "<line class=\"credible\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" "
        "stroke=\"#000\" stroke-dasharray=\"3 3\"/>\n",
        svg_number(f.x_of(q)), svg_number(f.top), svg_number(base));
  if (prior) {
    std::string path;
    for (std::size_t i = 0; i < prior_x.size(); ++i)
      if (std::isfinite(prior_y[i]))
        path += fmt::format("{}{},{}", path.empty() ? "M" : " L", svg_number(f.x_of(prior_x[i])),
                            svg_number(f.y_of(prior_y[i])));
    svg += "<path class=\"prior\" d=\"" + path +
           "\" fill=\"none\" stroke=\"#D55E00\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/>\n";
  }
  return svg + plot_close(fmt::format(
                   "Bars: the posterior (particles weighted by their importance weights); "
                   "dotted lines: its 90 % credible interval; {}.",
                   prior ? "dashed vermillion line: the prior, " + code(prior_text)
                         : std::string("the prior could not be drawn")));
}

// A scatter of two parameters' particles, point area in proportion to weight.
std::string pair_chart(const std::string& x_name, const std::vector<double>& x,
                       const std::string& y_name, const std::vector<double>& y,
                       const std::vector<double>& weight) {
  PlotFrame f;
  f.id = "pair-" + chart_id_part(x_name) + "--" + chart_id_part(y_name);
  f.heading = x_name + " and " + y_name;
  f.height = 300;
  f.x = nice_range(x, false);
  f.y = nice_range(y, false);
  f.x_label = x_name;
  f.y_label = y_name;
  f.title = "Posterior particles of " + x_name + " against " + y_name;
  double max_w = 0;
  for (double w : weight)
    if (std::isfinite(w)) max_w = std::max(max_w, w);
  f.desc =
      fmt::format("Scatter of {} posterior particles; larger points carry more weight.", x.size());
  std::string svg = plot_open(f);
  svg += "<g class=\"particles\" fill=\"#0072B2\" fill-opacity=\"0.45\">\n";
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || !std::isfinite(weight[i])) continue;
    const double r = max_w > 0 ? 1.2 + 3.3 * std::sqrt(weight[i] / max_w) : 2;
    svg += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{:.2f}\"/>\n", svg_number(f.x_of(x[i])),
                       svg_number(f.y_of(y[i])), r);
  }
  svg += "</g>\n";
  return svg + plot_close("Each point is a posterior particle; its area grows with its weight.");
}

// The posterior predictive check of one target: its value &plusmn; sd against
// the simulated mean and the 95 % range of the draws.
std::string predictive_chart(std::size_t index, const std::string& label, double target,
                             double target_sd, double mean, double low, double high) {
  PlotFrame f;
  f.id = fmt::format("predictive-{}", index);
  f.heading = label;
  f.attributes = fmt::format("data-target=\"{}\" data-simulated=\"{}\"", data_number(target),
                             data_number(mean));
  f.height = 120;
  f.top = 10;
  f.bottom = 40;
  f.left = 90;
  f.x = nice_range({target - target_sd, target + target_sd, mean, low, high}, false);
  f.y = {0, 2, 1};
  f.y_ticks = false;
  f.x_label = label;
  f.title = "Posterior predictive check of " + label;
  f.desc = fmt::format(
      "Target {:.4g} plus or minus {:.4g}; simulated mean {:.4g}, 95 % of draws {:.4g} to {:.4g}.",
      target, target_sd, mean, low, high);
  std::string svg = plot_open(f);
  const auto row = [&](double y, const std::string& name, double centre, double from, double to,
                       const std::string& colour, const std::string& marker) {
    const double py = f.y_of(y);
    return fmt::format(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#222\">{}</text><line x1=\"{}\" "
        "x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"/>{}\n",
        svg_number(f.left - 6), svg_number(py + 4), name, svg_number(f.x_of(from)),
        svg_number(f.x_of(to)), svg_number(py), svg_number(py), colour,
        fmt::format(fmt::runtime(marker), svg_number(f.x_of(centre)), svg_number(py), colour));
  };
  svg += row(1.45, "target", target, target - target_sd, target + target_sd, "#0072B2",
             "<rect x=\"{0}\" y=\"{1}\" width=\"8\" height=\"8\" fill=\"{2}\" "
             "transform=\"translate(-4 -4)\"/>");
  svg += row(0.55, "simulated", mean, low, high, "#D55E00",
             "<circle cx=\"{0}\" cy=\"{1}\" r=\"4.5\" fill=\"{2}\"/>");
  return svg + plot_close(
                   "Blue square: the target &plusmn; its sd; vermillion circle: the "
                   "simulated mean with the 2.5 % to 97.5 % range of the draws.");
}

}  // namespace

std::string calibration_section(const H5Reader& file) {
  std::string out = "<section id=\"calibration\">\n<h2>Calibration (ABC-SMC)</h2>\n";
  const std::vector<double> weight = file.doubles("posterior/weight").values;
  std::vector<std::string> priors_name, priors_text;
  if (file.is_dataset("priors/parameter") && file.is_dataset("priors/distribution")) {
    priors_name = file.strings("priors/parameter");
    priors_text = file.strings("priors/distribution");
  }
  std::vector<std::vector<std::string>> cells;
  std::string histograms;
  std::vector<std::pair<std::string, std::vector<double>>> parameters;
  for (const std::string& name : file.datasets_under("posterior")) {
    if (name == "weight" || name == "distance") continue;
    const std::vector<double> values = column(file, "posterior/" + name, weight.size());
    std::vector<std::pair<double, double>> vw;
    double sum_w = 0, mean = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!std::isfinite(values[i]) || !std::isfinite(weight[i])) continue;
      vw.emplace_back(values[i], weight[i]);
      sum_w += weight[i];
      mean += weight[i] * values[i];
    }
    mean = sum_w > 0 ? mean / sum_w : NAN;
    double variance = 0;
    for (const auto& [v, w] : vw) variance += w * (v - mean) * (v - mean);
    const double sd = sum_w > 0 ? std::sqrt(variance / sum_w) : NAN;
    std::string prior = "&ndash;", prior_text;
    for (std::size_t i = 0; i < priors_name.size() && i < priors_text.size(); ++i)
      if (priors_name[i] == name) {
        prior = code(priors_text[i]);
        prior_text = priors_text[i];
      }
    const double q_low = weighted_quantile(vw, 0.05), q_high = weighted_quantile(vw, 0.95);
    cells.push_back({code(name), prior, general(mean), general(sd), general(q_low),
                     general(weighted_quantile(vw, 0.5)), general(q_high)});
    histograms +=
        posterior_chart(name, values, weight, parse_prior(prior_text), prior_text, q_low, q_high);
    parameters.emplace_back(name, values);
  }
  out += fmt::format(
      "<h3>Posterior</h3>\n<p class=\"note\">{} particles; weighted by their importance "
      "weights. The 5 % and 95 % quantiles bound the 90 % credible interval, as wfsim "
      "calibrate prints it.</p>\n",
      weight.size());
  out += html_table({"parameter", "prior", "mean", "sd", "5 %", "median", "95 %"}, cells,
                    {false, false, true, true, true, true, true});
  if (!histograms.empty())
    out += "<h3 id=\"posterior-charts\">Marginal posteriors</h3>\n<div class=\"grid\">\n" +
           histograms + "</div>\n";
  if (parameters.size() >= 2) {
    constexpr std::size_t kMaxPairs = 6;  // parameters in the pairwise charts
    std::string pairs;
    const std::size_t k = std::min(parameters.size(), kMaxPairs);
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = i + 1; j < k; ++j)
        pairs += pair_chart(parameters[i].first, parameters[i].second, parameters[j].first,
                            parameters[j].second, weight);
    out += "<h3 id=\"pair-charts\">Pairs of parameters</h3>\n" +
           (parameters.size() > kMaxPairs
                ? fmt::format("<p class=\"note\">The first {} parameters only.</p>\n", kMaxPairs)
                : std::string()) +
           "<div class=\"grid\">\n" + pairs + "</div>\n";
  }
  if (file.is_dataset("diagnostics/generation")) {
    const std::size_t g = file.doubles("diagnostics/generation").values.size();
    std::vector<std::vector<double>> diag;
    const std::vector<std::string> names{
        "generation",  "tolerance", "acceptance_rate", "effective_sample_size",
        "simulations", "filled",    "seconds"};
    for (const std::string& name : names) {
      diag.push_back(file.is_dataset("diagnostics/" + name) ? column(file, "diagnostics/" + name, g)
                                                            : std::vector<double>(g, NAN));
    }
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < g; ++i) {
      rows.push_back(
          {general(diag[0][i]), general(diag[1][i]),
           std::isfinite(diag[2][i]) ? fmt::format("{:.2f} %", diag[2][i] * 100) : "&ndash;",
           general(diag[3][i]), general(diag[4][i]), diag[5][i] == 0 ? "no (budget hit)" : "yes",
           general(diag[6][i])});
    }
    out += "<h3>Generations</h3>\n" +
           html_table({"generation", "tolerance", "acceptance", "effective sample size",
                       "simulations", "filled", "seconds"},
                      rows, {true, true, true, true, true, false, true});
  }
  if (file.is_dataset("predictive/metric")) {
    const std::vector<std::string> metric = file.strings("predictive/metric");
    const std::size_t t = metric.size();
    std::vector<std::string> org(t);
    if (file.is_dataset("predictive/org")) org = file.strings("predictive/org");
    const auto get = [&](const std::string& name) {
      return file.is_dataset("predictive/" + name) ? column(file, "predictive/" + name, t)
                                                   : std::vector<double>(t, NAN);
    };
    const auto from = get("from_week"), to = get("to_week"), target = get("target"),
               target_sd = get("target_sd"), mean = get("simulated_mean"),
               low = get("simulated_low"), high = get("simulated_high");
    std::vector<std::vector<std::string>> rows;
    std::string charts;
    for (std::size_t i = 0; i < t; ++i) {
      charts += predictive_chart(i,
                                 (org[i].empty() ? metric[i] : org[i] + "/" + metric[i]) +
                                     fmt::format(", weeks {:.0f}-{:.0f}", from[i], to[i]),
                                 target[i], target_sd[i], mean[i], low[i], high[i]);
      rows.push_back({code(metric[i]), org[i].empty() ? "whole system" : code(org[i]),
                      fmt::format("{}&ndash;{}", general(from[i]), general(to[i])),
                      fmt::format("{} &plusmn; {}", general(target[i]), general(target_sd[i])),
                      general(mean[i]),
                      fmt::format("[{}, {}]", general(low[i]), general(high[i]))});
    }
    out +=
        "<h3>Posterior predictive check</h3>\n<p class=\"note\">Fresh simulations at "
        "posterior draws: their mean and the 2.5 % to 97.5 % range of the draws.</p>\n" +
        html_table(
            {"metric", "scope", "weeks", "target &plusmn; sd", "simulated mean", "95 % of draws"},
            rows, {false, false, true, true, true, true}) +
        "<div class=\"grid\" id=\"predictive-charts\">\n" + charts + "</div>\n";
  }
  return out + "</section>\n";
}

std::string sensitivity_section(const H5Reader& file) {
  const std::vector<std::string> names = file.strings("factors/name");
  const std::size_t k = names.size();
  const std::vector<double> min = column(file, "factors/min", k);
  const std::vector<double> max = column(file, "factors/max", k);
  const std::string method = file.attribute_text("method").value_or("?");
  std::string out = fmt::format(
      "<section id=\"sensitivity\">\n<h2>Sensitivity analysis ({})</h2>\n<p class=\"note\">{} "
      "factors, {} evaluations of {} replicates each; outcomes of the last reporting year. See "
      "docs/sensitivity.md for the methods.</p>\n",
      escape(method), k, escape(file.attribute_text("evaluations").value_or("?")),
      escape(file.attribute_text("replicates").value_or("?")));
  std::vector<std::vector<std::string>> factor_rows;
  for (std::size_t i = 0; i < k; ++i)
    factor_rows.push_back({code(names[i]), general(min[i]), general(max[i])});
  out += "<details><summary>Factors and their ranges</summary>\n" +
         html_table({"factor", "min", "max"}, factor_rows, {false, true, true}) + "</details>\n";

  // Outcomes: the groups under /indices holding index datasets (uptake/<id> nests).
  std::vector<std::string> outcomes;
  for (const std::string& path : file.datasets_under("indices")) {
    const std::string outcome = path.substr(0, path.rfind('/'));
    if (std::find(outcomes.begin(), outcomes.end(), outcome) == outcomes.end())
      outcomes.push_back(outcome);
  }
  if (outcomes.empty())
    out += "<p>No indices in this file (an interrupted analysis writes none).</p>\n";
  for (const std::string& outcome : outcomes) {
    const std::string base = "indices/" + outcome + "/";
    const OutcomeInfo info = outcome_info(outcome);
    out += "<h3>" + escape(info.label) + " <small>" + code(outcome) + "</small></h3>\n";
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), 0);
    std::vector<std::vector<std::string>> rows;
    if (file.is_dataset(base + "mu_star")) {
      const auto mu_star = column(file, base + "mu_star", k), mu = column(file, base + "mu", k),
                 sigma = column(file, base + "sigma", k);
      std::vector<double> effects(k, NAN);
      if (file.is_dataset(base + "effects")) effects = column(file, base + "effects", k);
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t x, std::size_t y) { return mu_star[x] > mu_star[y]; });
      for (std::size_t i : order)
        rows.push_back({code(names[i]), outcome_value(mu_star[i], info, true),
                        outcome_value(mu[i], info, true), outcome_value(sigma[i], info, true),
                        general(effects[i])});
      out +=
          "<p class=\"note\">Morris elementary effects per whole range of each factor, in the "
          "outcome's units (shares in percentage points), largest &mu;* first.</p>\n" +
          html_table({"factor", "&mu;*", "&mu;", "&sigma;", "effects"}, rows,
                     {false, true, true, true, true});
    } else if (file.is_dataset(base + "ST")) {
      const auto s1 = column(file, base + "S1", k), st = column(file, base + "ST", k);
      const auto get = [&](const std::string& name) {
        return file.is_dataset(base + name) ? column(file, base + name, k)
                                            : std::vector<double>(k, NAN);
      };
      const auto s1_low = get("S1_low"), s1_high = get("S1_high"), st_low = get("ST_low"),
                 st_high = get("ST_high");
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t x, std::size_t y) { return st[x] > st[y]; });
      const auto fixed = [](double v) {
        return std::isfinite(v) ? fmt::format("{:.3f}", v) : std::string("&ndash;");
      };
      for (std::size_t i : order)
        rows.push_back({code(names[i]), fixed(s1[i]),
                        fmt::format("[{}, {}]", fixed(s1_low[i]), fixed(s1_high[i])), fixed(st[i]),
                        fmt::format("[{}, {}]", fixed(st_low[i]), fixed(st_high[i]))});
      out +=
          "<p class=\"note\">Sobol first-order (S1) and total (ST) indices with 95 % "
          "percentile-bootstrap intervals, largest ST first.</p>\n" +
          html_table({"factor", "S1", "S1 95 % interval", "ST", "ST 95 % interval"}, rows,
                     {false, true, true, true, true});
    }
  }
  return out + "</section>\n";
}

}  // namespace wfsim::report
