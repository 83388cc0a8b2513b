#include "cli/comparison_output.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace wfsim::cli {

namespace {

// 17 significant digits: doubles survive the round trip through text.
std::string csv_number(double value) {
  return std::isfinite(value) ? fmt::format("{:.17g}", value) : std::string();
}

nlohmann::json json_number(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

// Money and counts with thousands separators, e.g. -1,234,567.
std::string grouped(double value) {
  if (!std::isfinite(value)) return "-";
  const std::string digits = fmt::format("{:.0f}", std::abs(value));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (value < 0 && digits != "0" ? "-" : "") + out;
}

// Shares as percentages (differences as percentage points), money grouped,
// everything else to four significant figures.
std::string number(bool percent, const std::string& metric, double value) {
  if (!std::isfinite(value)) return "-";
  if (percent) return fmt::format("{:.2f}", value * 100);
  if (metric.rfind("cost", 0) == 0) return grouped(value);
  return fmt::format("{:.4g}", value);
}

std::string number(const ComparisonRow& row, double value) {
  return number(row.percent, row.metric, value);
}

std::string unit(bool percent, bool difference) {
  if (!percent) return "";
  return difference ? " pp" : " %";
}

std::string show(const ComparisonRow& row, double value, bool difference) {
  return std::isfinite(value) ? number(row, value) + unit(row.percent, difference) : "-";
}

std::string percent_of(double share) {
  return std::isfinite(share) ? fmt::format("{:.0f} %", 100 * share) : std::string("-");
}

// Every option that changed the numbers, one line each, after `prefix`.
std::vector<std::string> settings_lines(const ComparisonHeader& header) {
  std::vector<std::string> lines;
  if (!header.only_in_a.empty())
    lines.push_back(fmt::format("organisations only in a: {}", fmt::join(header.only_in_a, ", ")));
  if (!header.only_in_b.empty())
    lines.push_back(fmt::format("organisations only in b: {}", fmt::join(header.only_in_b, ", ")));
  for (const auto& [overrides, arms] :
       {std::pair{&header.set_both, "both arms"}, std::pair{&header.set_a, "a"},
        std::pair{&header.set_b, "b"}}) {
    for (const std::string& override : *overrides)
      lines.push_back(fmt::format("set in {}: {}", arms, override));
  }
  if (!header.organisation.empty())
    lines.push_back(fmt::format("outcomes of organisation {} only", header.organisation));
  if (!header.uncertainty.empty())
    lines.push_back(
        fmt::format("parameter uncertainty: a draw per pair of {} parameters from {} ({})",
                    header.uncertain_parameters.size(), header.uncertainty,
                    header.uncertainty_kind == "posterior" ? "a calibration posterior" : "priors"));
  return lines;
}

std::string interval_description(const ComparisonHeader& header) {
  if (header.interval == "pairs")
    return "95% intervals: the central 95% of the pairs' own b - a, so parameter uncertainty "
           "and chance";
  return fmt::format(
      "{} 95% intervals for the mean b - a, chance only (parameters at the "
      "scenarios' values)",
      header.interval == "bootstrap" ? "percentile-bootstrap" : "paired t");
}

void print_outcome_rows(std::FILE* out, const std::vector<ComparisonRow>& rows) {
  fmt::print(out, "{:<40} {:>5} {:>13} {:>13} {:>13}  {:>8}   {}\n", "outcome (year to week)",
             "week", "a", "b", "b - a", "b better", "95% interval");
  int last_week = -1;
  for (const ComparisonRow& row : rows) {
    if (row.week != last_week && last_week >= 0) fmt::print(out, "\n");
    last_week = row.week;
    const bool excludes_zero = std::isfinite(row.low) && (row.low > 0 || row.high < 0);
    const std::string interval =
        std::isfinite(row.low)
            ? fmt::format("[{}, {}]{}{}", number(row, row.low), number(row, row.high),
                          unit(row.percent, true), excludes_zero ? " *" : "")
            : std::string("-");
    fmt::print(out, "{:<40} {:>5} {:>13} {:>13} {:>13}  {:>8}   {}\n", row.label, row.week,
               show(row, row.a_mean, false), show(row, row.b_mean, false),
               show(row, row.difference, true), percent_of(row.probability_better), interval);
  }
}

std::string money_interval(const PairedInterval& value) {
  return fmt::format("{} [{}, {}]", grouped(value.difference), grouped(value.low),
                     grouped(value.high));
}

std::string quadrant_reading(Quadrant quadrant) {
  switch (quadrant) {
    case Quadrant::b_dominates:
      return "b dominates: it costs no more and achieves no less";
    case Quadrant::b_dominated:
      return "b is dominated: it costs no less and achieves no more";
    case Quadrant::b_costs_more_achieves_more:
      return "b costs more and achieves more";
    case Quadrant::b_costs_less_achieves_less:
      return "b costs less and achieves less";
    case Quadrant::no_difference:
      return "no difference in cost or effect";
  }
  return {};
}

void print_cost_effectiveness(std::FILE* out, const std::vector<CostEffectiveness>& entries,
                              const std::string& currency) {
  if (entries.empty()) return;
  fmt::print(out,
             "\ncosts against effects (cost: b - a, {} a year; effect: what b avoids, a - b)\n",
             currency);
  for (const CostEffectiveness& ce : entries) {
    const auto share = [&](Quadrant q) {
      return percent_of(ce.probability[static_cast<std::size_t>(q)]);
    };
    fmt::print(out, "\n{}, year to week {}\n", ce.label, ce.week);
    fmt::print(out, "  extra cost             {}\n", money_interval(ce.cost));
    fmt::print(out, "  effect                 {:.4g} [{:.4g}, {:.4g}]\n", ce.gain.difference,
               ce.gain.low, ce.gain.high);
    fmt::print(out, "  on average             {}\n", quadrant_reading(ce.quadrant));
    fmt::print(out,
               "  share of pairs         b dominates {}, b dominated {}, costs more and achieves "
               "more {}, costs less and achieves less {}\n",
               share(Quadrant::b_dominates), share(Quadrant::b_dominated),
               share(Quadrant::b_costs_more_achieves_more),
               share(Quadrant::b_costs_less_achieves_less));
    if (std::isfinite(ce.icer)) {
      fmt::print(out,
                 "  cost per unit          {} [{}, {}] (incremental cost-effectiveness ratio)\n",
                 grouped(ce.icer), grouped(ce.icer_low), grouped(ce.icer_high));
    } else {
      fmt::print(out, "  cost per unit          not meaningful here ({})\n",
                 ce.quadrant == Quadrant::b_dominates || ce.quadrant == Quadrant::b_dominated
                     ? "one arm dominates: read the shares above"
                     : "the effect is not clearly different from zero");
    }
    if (std::isfinite(ce.willingness_to_pay)) {
      fmt::print(out, "  net monetary benefit   {} at {} per unit; positive in {} of pairs\n",
                 money_interval(ce.net_benefit), grouped(ce.willingness_to_pay),
                 percent_of(ce.probability_net_benefit));
    }
    // A few points of the acceptability curve (all are in the JSON and file).
    std::string curve;
    const std::vector<double>& grid = acceptability_grid();
    for (std::size_t i : {0, 2, 4, 10, 20, 40}) {
      curve += fmt::format("{}{}: {}", curve.empty() ? "" : ", ", grouped(grid[i]),
                           percent_of(ce.acceptability[i]));
    }
    fmt::print(out, "  net benefit positive   in this share of pairs if a unit is worth {}\n",
               curve);
  }
}

void print_flip_screen(std::FILE* out, const FlipScreen& screen) {
  const auto value = [&](double v) {
    return number(screen.percent, screen.metric, v) + unit(screen.percent, true);
  };
  fmt::print(
      out, "\nwhat could flip b - a in {}, year to week {} (b - a at the scenarios' values: {})\n",
      screen.label, screen.week, value(screen.base_difference));
  fmt::print(out, "each parameter alone at the low and high end of its range:\n");
  fmt::print(out, "{:<48} {:>10} {:>10} {:>14} {:>14}\n", "parameter", "low", "high",
             "b - a at low", "b - a at high");
  const std::size_t shown = std::min<std::size_t>(screen.rows.size(), 10);
  for (std::size_t i = 0; i < shown; ++i) {
    const FlipRow& row = screen.rows[i];
    fmt::print(out, "{:<48} {:>10.4g} {:>10.4g} {:>14} {:>14}{}\n", row.parameter, row.low_value,
               row.high_value, value(row.low_difference), value(row.high_difference),
               row.flips ? "   flips the sign" : "");
  }
  if (screen.rows.size() > shown)
    fmt::print(out, "({} more, each moving b - a less; all are in the JSON and results file)\n",
               screen.rows.size() - shown);
}

void print_flips(std::FILE* out, const std::vector<FlipScreen>& screens,
                 const std::string& metric) {
  if (screens.empty()) return;
  for (const FlipScreen& screen : screens)
    if (screen.metric == metric) print_flip_screen(out, screen);
  std::vector<std::string> flipped;
  for (const FlipScreen& screen : screens) {
    std::vector<std::string> names;
    for (const FlipRow& row : screen.rows)
      if (row.flips) names.push_back(row.parameter);
    if (!names.empty())
      flipped.push_back(fmt::format("  {}: {}", screen.metric, fmt::join(names, ", ")));
  }
  fmt::print(out,
             "\nparameters with values in their range at which b - a is clearly of the other "
             "sign (its 95% interval beyond zero):\n{}\n",
             flipped.empty() ? std::string("  none, for any outcome")
                             : fmt::format("{}", fmt::join(flipped, "\n")));
}

nlohmann::json json_interval(const PairedInterval& value) {
  return {{"mean", json_number(value.difference)},
          {"low", json_number(value.low)},
          {"high", json_number(value.high)}};
}

nlohmann::json json_cost_effectiveness(const CostEffectiveness& ce) {
  nlohmann::json shares;
  for (std::size_t q = 0; q < kQuadrants; ++q)
    shares[quadrant_names()[q]] = json_number(ce.probability[q]);
  nlohmann::json curve = nlohmann::json::array();
  for (std::size_t i = 0; i < acceptability_grid().size(); ++i)
    curve.push_back({{"willingness_to_pay", acceptability_grid()[i]},
                     {"probability", json_number(ce.acceptability[i])}});
  return {{"effect", ce.effect},
          {"label", ce.label},
          {"week", ce.week},
          {"extra_cost", json_interval(ce.cost)},
          {"effect_gained", json_interval(ce.gain)},
          {"quadrant_of_means", quadrant_names()[static_cast<std::size_t>(ce.quadrant)]},
          {"quadrant_probability", shares},
          {"icer",
           {{"ratio", json_number(ce.icer)},
            {"low", json_number(ce.icer_low)},
            {"high", json_number(ce.icer_high)}}},
          {"willingness_to_pay", json_number(ce.willingness_to_pay)},
          {"net_monetary_benefit", json_interval(ce.net_benefit)},
          {"probability_net_benefit_positive", json_number(ce.probability_net_benefit)},
          {"acceptability", curve}};
}

nlohmann::json json_flips(const FlipScreen& screen) {
  nlohmann::json rows = nlohmann::json::array();
  for (const FlipRow& row : screen.rows)
    rows.push_back({{"parameter", row.parameter},
                    {"low_value", row.low_value},
                    {"high_value", row.high_value},
                    {"difference_at_low", json_number(row.low_difference)},
                    {"difference_at_high", json_number(row.high_difference)},
                    {"difference_at_low_interval",
                     {json_number(row.low_ci_low), json_number(row.low_ci_high)}},
                    {"difference_at_high_interval",
                     {json_number(row.high_ci_low), json_number(row.high_ci_high)}},
                    {"flips_sign", row.flips}});
  return {{"metric", screen.metric},
          {"week", screen.week},
          {"difference", json_number(screen.base_difference)},
          {"parameters", rows}};
}

}  // namespace

void print_comparison_table(std::FILE* out, const ComparisonReport& report) {
  const ComparisonHeader& header = report.header;
  fmt::print(out, "a: {}\nb: {}\n", header.a_name, header.b_name);
  for (const std::string& line : settings_lines(header)) fmt::print(out, "{}\n", line);
  fmt::print(out, "{} replicate pairs, seed {}, {}\n{}\n\n", header.replicates, header.seed,
             header.common_random_numbers ? "common random numbers" : "independent streams",
             interval_description(header));
  print_outcome_rows(out, report.comparison->rows);
  fmt::print(out,
             "\n* the 95% interval excludes zero; b better: share of pairs in which b is "
             "better (lower, or higher for use of evidence; ties count half)\n");
  print_cost_effectiveness(out, report.comparison->cost_effectiveness, header.currency);
  if (report.flips != nullptr) print_flips(out, *report.flips, report.flip_metric);
}

void print_comparison_csv(std::FILE* out, const ComparisonReport& report) {
  for (const std::string& line : settings_lines(report.header)) fmt::print(out, "# {}\n", line);
  fmt::print(out, "metric,week,a_mean,b_mean,difference,ci_low,ci_high,probability_better\n");
  for (const ComparisonRow& row : report.comparison->rows) {
    fmt::print(out, "{},{},{},{},{},{},{},{}\n", row.metric, row.week, csv_number(row.a_mean),
               csv_number(row.b_mean), csv_number(row.difference), csv_number(row.low),
               csv_number(row.high), csv_number(row.probability_better));
  }
}

void print_comparison_json(std::FILE* out, const ComparisonReport& report) {
  const ComparisonHeader& header = report.header;
  nlohmann::json document{
      {"a", header.a_name},
      {"b", header.b_name},
      {"replicates", header.replicates},
      {"seed", header.seed},
      {"common_random_numbers", header.common_random_numbers},
      {"interval", header.interval},
      {"organisation",
       header.organisation.empty() ? nlohmann::json(nullptr) : nlohmann::json(header.organisation)},
      {"organisations_only_in_a", header.only_in_a},
      {"organisations_only_in_b", header.only_in_b},
      {"set", header.set_both},
      {"set_a", header.set_a},
      {"set_b", header.set_b},
      {"uncertainty", header.uncertainty.empty()
                          ? nlohmann::json(nullptr)
                          : nlohmann::json{{"source", header.uncertainty},
                                           {"kind", header.uncertainty_kind},
                                           {"parameters", header.uncertain_parameters}}},
      {"currency", header.currency},
      {"rows", nlohmann::json::array()},
      {"cost_effectiveness", nlohmann::json::array()},
      {"what_flips", nlohmann::json::array()}};
  for (const ComparisonRow& row : report.comparison->rows) {
    document["rows"].push_back({{"metric", row.metric},
                                {"label", row.label},
                                {"week", row.week},
                                {"a_mean", json_number(row.a_mean)},
                                {"b_mean", json_number(row.b_mean)},
                                {"difference", json_number(row.difference)},
                                {"ci_low", json_number(row.low)},
                                {"ci_high", json_number(row.high)},
                                {"probability_better", json_number(row.probability_better)},
                                {"replicates", row.n}});
  }
  for (const CostEffectiveness& ce : report.comparison->cost_effectiveness)
    document["cost_effectiveness"].push_back(json_cost_effectiveness(ce));
  if (report.flips != nullptr) {
    for (const FlipScreen& screen : *report.flips)
      document["what_flips"].push_back(json_flips(screen));
  }
  fmt::print(out, "{}\n", document.dump(2));
}

}  // namespace wfsim::cli
