#include "viz/report/summary_sections.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "analysis/statistics.hpp"
#include "viz/report/html.hpp"
#include "viz/report/metric_info.hpp"

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
  const std::string interval = file.attribute_text("interval").value_or("t");

  std::string out = fmt::format(
      "<section id=\"comparison\">\n<h2>Differences between the arms (B &minus; A)</h2>\n"
      "<p class=\"note\">Annual outcomes over the reporting year ending at each horizon, whole "
      "system. Replicate r of B is paired with replicate r of A{}; the difference is the mean "
      "paired difference B &minus; A with its 95 % {} interval. Shares are in per cent, their "
      "differences in percentage points (pp); money is in {} at the scenario's price year. Cost "
      "ratios are extra cost divided by cases avoided, with Fieller intervals, "
      "&ldquo;unbounded&rdquo; when the cases avoided are not clearly different from zero. Bold "
      "rows: the interval excludes zero.</p>\n",
      file.attribute_number("common_random_numbers").value_or(1) != 0
          ? " (common random numbers)"
          : " (independent random streams)",
      interval == "bootstrap" ? "percentile-bootstrap" : "paired Student t",
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
      const bool ratio = !std::isfinite(a[i]) && !std::isfinite(b[i]);
      std::string interval_text;
      if (std::isfinite(low[i]) && std::isfinite(high[i])) {
        interval_text = fmt::format("[{}, {}]", outcome_value(low[i], info, true),
                                    outcome_value(high[i], info, true));
      } else {
        interval_text = "unbounded";
      }
      std::string difference = outcome_value(diff[i], info, true);
      if (!std::isfinite(diff[i])) difference = ratio ? "undefined (nothing avoided)" : "&ndash;";
      const bool sig =
          std::isfinite(low[i]) && std::isfinite(high[i]) && (low[i] > 0 || high[i] < 0);
      significant.push_back(sig);
      const std::string label =
          metric[i] == "cost" ? info.label + " (B \u2212 A: net cost difference)" : info.label;
      cells.push_back({escape(label) + " <small>" + code(metric[i]) + "</small>",
                       outcome_value(a[i], info, false), outcome_value(b[i], info, false),
                       difference, interval_text, general(pairs[i])});
    }
    std::string table = html_table({"outcome", "A", "B", "B &minus; A", "95 % interval", "pairs"},
                                   cells, {false, true, true, true, true, true}, "comparison");
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
      "design, {} points x {} replicates, common random numbers across points.</p>\n{}"
      "<h3>Outcomes by point</h3>\n<p class=\"note\">Annual outcomes of the last reporting year "
      "(whole system): the mean over replicates and, below it, its 95 % Student-t interval.</p>"
      "\n{}</section>\n",
      escape(file.attribute_text("design").value_or("?")), points,
      escape(file.attribute_text("replicates").value_or("?")), html_table(header, design, numeric),
      table);
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
    std::string prior = "&ndash;";
    for (std::size_t i = 0; i < priors_name.size() && i < priors_text.size(); ++i)
      if (priors_name[i] == name) prior = code(priors_text[i]);
    cells.push_back({code(name), prior, general(mean), general(sd),
                     general(weighted_quantile(vw, 0.025)), general(weighted_quantile(vw, 0.5)),
                     general(weighted_quantile(vw, 0.975))});
  }
  out += fmt::format(
      "<h3>Posterior</h3>\n<p class=\"note\">{} particles; weighted by their importance "
      "weights. The 2.5 % and 97.5 % quantiles bound the central 95 % of the posterior.</p>\n",
      weight.size());
  out += html_table({"parameter", "prior", "mean", "sd", "2.5 %", "median", "97.5 %"}, cells,
                    {false, false, true, true, true, true, true});
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
    for (std::size_t i = 0; i < t; ++i) {
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
            rows, {false, false, true, true, true, true});
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
