#include "analysis/comparison_h5.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <utility>
#include <vector>

#include "io/hdf5_io.hpp"
#include "io/results_layout.hpp"

namespace wfsim {

namespace fs = std::filesystem;
using namespace hdf5;

namespace {

void write_comparison_table(hid_t file, const std::vector<ComparisonRow>& rows) {
  const Handle lcpl = link_creation();
  const Handle group(H5Gcreate2(file, "comparison", lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                     "creating group comparison");
  std::vector<std::string> metric;
  std::vector<int> week, n;
  std::vector<double> a_mean, b_mean, difference, low, high, better;
  for (const ComparisonRow& row : rows) {
    metric.push_back(row.metric);
    week.push_back(row.week);
    n.push_back(row.n);
    a_mean.push_back(row.a_mean);
    b_mean.push_back(row.b_mean);
    difference.push_back(row.difference);
    low.push_back(row.low);
    high.push_back(row.high);
    better.push_back(row.probability_better);
  }
  write_strings(group.get(), "metric", metric, lcpl.get());
  write_ints(group.get(), "week", week, lcpl.get());
  write_doubles(group.get(), "a_mean", a_mean, lcpl.get());
  write_doubles(group.get(), "b_mean", b_mean, lcpl.get());
  write_doubles(group.get(), "difference", difference, lcpl.get());
  write_doubles(group.get(), "ci_low", low, lcpl.get());
  write_doubles(group.get(), "ci_high", high, lcpl.get());
  write_doubles(group.get(), "probability_better", better, lcpl.get());
  write_ints(group.get(), "replicates", n, lcpl.get());
}

Handle create_group(hid_t parent, const std::string& name, hid_t lcpl) {
  return Handle(H5Gcreate2(parent, name.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                "creating group " + name);
}

void write_cost_effectiveness(hid_t file, const std::vector<CostEffectiveness>& entries,
                              const std::map<std::string, double>& willingness_to_pay) {
  if (entries.empty()) return;
  const Handle lcpl = link_creation();
  const Handle group = create_group(file, "cost_effectiveness", lcpl.get());
  std::vector<std::string> effect, quadrant;
  std::vector<int> week;
  std::map<std::string, std::vector<double>> columns;
  std::vector<double> curves;  // [entry][willingness to pay], row-major
  for (const CostEffectiveness& ce : entries) {
    effect.push_back(ce.effect);
    week.push_back(ce.week);
    quadrant.push_back(quadrant_names()[static_cast<std::size_t>(ce.quadrant)]);
    const std::pair<const char*, double> values[] = {
        {"extra_cost", ce.cost.difference},
        {"extra_cost_low", ce.cost.low},
        {"extra_cost_high", ce.cost.high},
        {"effect", ce.gain.difference},
        {"effect_low", ce.gain.low},
        {"effect_high", ce.gain.high},
        {"icer", ce.icer},
        {"icer_low", ce.icer_low},
        {"icer_high", ce.icer_high},
        {"willingness_to_pay", ce.willingness_to_pay},
        {"net_benefit", ce.net_benefit.difference},
        {"net_benefit_low", ce.net_benefit.low},
        {"net_benefit_high", ce.net_benefit.high},
        {"probability_net_benefit", ce.probability_net_benefit}};
    for (const auto& [name, value] : values) columns[name].push_back(value);
    for (std::size_t q = 0; q < kQuadrants; ++q)
      columns["probability_" + quadrant_names()[q]].push_back(ce.probability[q]);
    curves.insert(curves.end(), ce.acceptability.begin(), ce.acceptability.end());
  }
  write_strings(group.get(), "effect_name", effect, lcpl.get());
  write_ints(group.get(), "week", week, lcpl.get());
  write_strings(group.get(), "quadrant_of_means", quadrant, lcpl.get());
  for (const auto& [name, values] : columns) write_doubles(group.get(), name, values, lcpl.get());
  write_doubles(group.get(), "acceptability_willingness_to_pay", acceptability_grid(), lcpl.get());
  const hsize_t dims[2] = {entries.size(), acceptability_grid().size()};
  write_dataset(group.get(), "acceptability", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {dims[0], dims[1]},
                curves.data(), lcpl.get());
  std::vector<std::string> stated;
  for (const auto& [name, amount] : willingness_to_pay)
    stated.push_back(fmt::format("{}={:.17g}", name, amount));
  write_string_attribute(group.get(), "willingness_to_pay",
                         fmt::format("{}", fmt::join(stated, ",")));
}

void write_uncertainty(hid_t file, const UncertaintyRecord& uncertainty,
                       const std::vector<std::vector<double>>& draws) {
  write_string_attribute(file, "uncertainty", uncertainty.file);
  if (uncertainty.file.empty()) return;
  const Handle lcpl = link_creation();
  const Handle group = create_group(file, "uncertainty", lcpl.get());
  write_string_attribute(group.get(), "kind", uncertainty.kind);
  write_string_attribute(group.get(), "priors", uncertainty.text);
  write_strings(group.get(), "parameter", uncertainty.parameters, lcpl.get());
  const Handle values = create_group(group.get(), "draws", lcpl.get());
  for (std::size_t k = 0; k < uncertainty.parameters.size(); ++k) {
    std::vector<double> column;
    for (const std::vector<double>& draw : draws) column.push_back(draw.at(k));
    write_doubles(values.get(), uncertainty.parameters[k], column, lcpl.get());
  }
}

void write_flips(hid_t file, const std::vector<FlipScreen>& screens) {
  if (screens.empty()) return;
  const Handle lcpl = link_creation();
  const Handle group = create_group(file, "what_flips", lcpl.get());
  for (const FlipScreen& screen : screens) {
    const Handle outcome = create_group(group.get(), screen.metric, lcpl.get());
    write_int_attribute(outcome.get(), "week", screen.week);
    std::vector<std::string> parameter;
    std::vector<double> low, high, at_low, at_high, low_ci_low, low_ci_high, high_ci_low,
        high_ci_high;
    std::vector<int> flips;
    for (const FlipRow& row : screen.rows) {
      parameter.push_back(row.parameter);
      low.push_back(row.low_value);
      high.push_back(row.high_value);
      at_low.push_back(row.low_difference);
      at_high.push_back(row.high_difference);
      low_ci_low.push_back(row.low_ci_low);
      low_ci_high.push_back(row.low_ci_high);
      high_ci_low.push_back(row.high_ci_low);
      high_ci_high.push_back(row.high_ci_high);
      flips.push_back(row.flips ? 1 : 0);
    }
    write_doubles(outcome.get(), "difference", {screen.base_difference}, lcpl.get());
    write_strings(outcome.get(), "parameter", parameter, lcpl.get());
    write_doubles(outcome.get(), "low_value", low, lcpl.get());
    write_doubles(outcome.get(), "high_value", high, lcpl.get());
    write_doubles(outcome.get(), "difference_at_low", at_low, lcpl.get());
    write_doubles(outcome.get(), "difference_at_high", at_high, lcpl.get());
    write_doubles(outcome.get(), "difference_at_low_ci_low", low_ci_low, lcpl.get());
    write_doubles(outcome.get(), "difference_at_low_ci_high", low_ci_high, lcpl.get());
    write_doubles(outcome.get(), "difference_at_high_ci_low", high_ci_low, lcpl.get());
    write_doubles(outcome.get(), "difference_at_high_ci_high", high_ci_high, lcpl.get());
    write_ints(outcome.get(), "flips_sign", flips, lcpl.get());
  }
}

}  // namespace

void write_comparison_h5(const fs::path& path, const ComparisonRecord& record,
                         const Provenance& provenance) {
  write_file_atomically(path, [&](hid_t file) {
    validate_run(record.a);
    validate_run(record.b);
    write_provenance(file, provenance);
    write_string_attribute(file, "kind", "comparison");
    write_string_attribute(file, "scenario", record.a.scenario_yaml);
    write_string_attribute(file, "scenario_b", record.b.scenario_yaml);
    write_string_attribute(file, "interval", record.interval);
    write_int_attribute(file, "common_random_numbers", record.common_random_numbers ? 1 : 0);
    write_string_attribute(file, "organisation", record.organisation);
    write_int_attribute(file, "resamples", record.resamples);
    write_string_attribute(file, "horizons", fmt::format("{}", fmt::join(record.horizons, ",")));
    write_uint64_attribute(file, "seed", record.a.seed);
    write_int_attribute(file, "replicates", record.a.replicates);
    write_int_attribute(file, "weeks", record.a.weeks);
    write_int_attribute(file, "complete", record.a.complete && record.b.complete ? 1 : 0);
    const Handle lcpl = link_creation();
    for (const auto& [name, arm] : {std::pair{"a", &record.a}, std::pair{"b", &record.b}}) {
      const Handle group(H5Gcreate2(file, name, lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                         std::string("creating group ") + name);
      write_run(group.get(), *arm);
    }
    write_comparison_table(file, record.comparison.rows);
    write_cost_effectiveness(file, record.comparison.cost_effectiveness, record.willingness_to_pay);
    write_uncertainty(file, record.uncertainty, record.draws);
    write_flips(file, record.flips);
  });
}

}  // namespace wfsim
