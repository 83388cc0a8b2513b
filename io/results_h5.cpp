#include "io/results_h5.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "io/hdf5_io.hpp"
#include "io/results_layout.hpp"

namespace wfsim {

namespace fs = std::filesystem;
using namespace hdf5;

namespace {

void write_agent_column(hid_t group, const AgentColumn& column, hid_t lcpl) {
  std::visit(
      [&](const auto& values) {
        using T = typename std::decay_t<decltype(values)>::value_type;
        const std::vector<hsize_t> dims{values.size()};
        if constexpr (std::is_same_v<T, std::int64_t>) {
          write_dataset(group, column.name, H5T_STD_I64LE, H5T_NATIVE_INT64, dims, values.data(),
                        lcpl);
        } else if constexpr (std::is_same_v<T, double>) {
          write_dataset(group, column.name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, values.data(),
                        lcpl);
        } else {
          write_strings(group, column.name, values, lcpl);
        }
      },
      column.values);
}

}  // namespace

// Catches records whose parts disagree before they become a file that
// analysis scripts would misread.
void validate_run(const RunRecord& record) {
  const SeriesTable& series = record.series;
  if (series.replicates() != record.replicates || series.weeks() != record.weeks)
    throw std::runtime_error("series shape does not match replicates and weeks");
  if (record.weeks_completed.size() != static_cast<std::size_t>(record.replicates))
    throw std::runtime_error("weeks_completed needs one entry per replicate");
  if (series.scopes().empty() || !series.scopes()[0].empty())
    throw std::runtime_error("series scope 0 must be the whole system, named \"\"");
  for (std::size_t s = 1; s < series.scopes().size(); ++s) {
    const std::string& org = series.scopes()[s];
    if (org.empty() || org.find('/') != std::string::npos)
      throw std::runtime_error("organisation id \"" + org + "\" is not a valid group name");
  }
  for (const std::string& metric : series.metrics()) {
    if (metric.empty() || metric.front() == '/' || metric.back() == '/')
      throw std::runtime_error("metric name \"" + metric + "\" is not a valid dataset path");
  }
  for (const AgentColumn& column : record.final_agents) {
    const auto rows = [](const auto& values) { return values.size(); };
    if (std::visit(rows, column.values) != std::visit(rows, record.final_agents[0].values))
      throw std::runtime_error("agent column " + column.name + " has a different length");
  }
}

// The contract's layout of one run, under `file` (the file root, or a group
// for each arm of a comparison).
void write_run(hid_t file, const RunRecord& record) {
  write_string_attribute(file, "scenario", record.scenario_yaml);
  write_string_attribute(file, "name", record.scenario_name);
  // Unsigned, as in the scenario: a seed above 2^63 must survive the round trip.
  write_uint64_attribute(file, "seed", record.seed);
  write_int_attribute(file, "replicates", record.replicates);
  write_int_attribute(file, "weeks", record.weeks);
  write_int_attribute(file, "complete", record.complete ? 1 : 0);
  write_int_attribute(file, "threads", record.threads);

  // Metric names such as "uptake/rip" become nested groups, and link names
  // may be any UTF-8 organisation id.
  const Handle lcpl = link_creation();

  const auto replicates = static_cast<hsize_t>(record.replicates);
  write_dataset(file, "run/weeks_completed", H5T_STD_I32LE, H5T_NATIVE_INT, {replicates},
                record.weeks_completed.data(), lcpl.get());

  const SeriesTable& series = record.series;
  const std::vector<hsize_t> dims{replicates, static_cast<hsize_t>(record.weeks) + 1};
  const Handle orgs(H5Gcreate2(file, "orgs", lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                    "creating group orgs");
  for (std::size_t s = 0; s < series.scopes().size(); ++s) {
    const std::string group_path = s == 0 ? "series" : series.scopes()[s] + "/series";
    const Handle group(H5Gcreate2(s == 0 ? file : orgs.get(), group_path.c_str(), lcpl.get(),
                                  H5P_DEFAULT, H5P_DEFAULT),
                       H5Gclose, "creating group for scope \"" + series.scopes()[s] + "\"");
    for (std::size_t m = 0; m < series.metrics().size(); ++m) {
      write_dataset(group.get(), series.metrics()[m], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims,
                    series.block(s, m), lcpl.get());
    }
  }

  const Handle agents(H5Gcreate2(file, "agents/final", lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
                      H5Gclose, "creating group agents/final");
  for (const AgentColumn& column : record.final_agents)
    write_agent_column(agents.get(), column, lcpl.get());
}

void write_provenance(hid_t file, const Provenance& provenance) {
  for (const auto& [name, value] : provenance.attributes) write_string_attribute(file, name, value);
}

void write_study_header(hid_t file, const Provenance& provenance, const StudyHeader& header) {
  write_provenance(file, provenance);
  write_string_attribute(file, "kind", header.kind);
  write_string_attribute(file, header.study_key, header.study_text);
  write_string_attribute(file, "scenario", header.scenario_yaml);
  write_string_attribute(file, "name", header.name);
  write_uint64_attribute(file, "seed", header.seed);
  write_int_attribute(file, "threads", header.threads);
}

void write_results_h5(const fs::path& path, const RunRecord& record, const Provenance& provenance) {
  write_file_atomically(path, [&](hid_t file) {
    validate_run(record);
    write_provenance(file, provenance);
    write_run(file, record);
  });
}

}  // namespace wfsim
