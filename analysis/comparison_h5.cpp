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
  std::vector<double> a_mean, b_mean, difference, low, high;
  for (const ComparisonRow& row : rows) {
    metric.push_back(row.metric);
    week.push_back(row.week);
    n.push_back(row.n);
    a_mean.push_back(row.a_mean);
    b_mean.push_back(row.b_mean);
    difference.push_back(row.difference);
    low.push_back(row.low);
    high.push_back(row.high);
  }
  write_strings(group.get(), "metric", metric, lcpl.get());
  write_ints(group.get(), "week", week, lcpl.get());
  write_doubles(group.get(), "a_mean", a_mean, lcpl.get());
  write_doubles(group.get(), "b_mean", b_mean, lcpl.get());
  write_doubles(group.get(), "difference", difference, lcpl.get());
  write_doubles(group.get(), "ci_low", low, lcpl.get());
  write_doubles(group.get(), "ci_high", high, lcpl.get());
  write_ints(group.get(), "replicates", n, lcpl.get());
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
    write_comparison_table(file, record.rows);
  });
}

}  // namespace wfsim
