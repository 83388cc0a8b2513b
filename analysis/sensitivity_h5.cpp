#include "analysis/sensitivity_h5.hpp"

#include "io/hdf5_io.hpp"
#include "io/results_layout.hpp"

namespace wfsim {

using namespace hdf5;

namespace {

// A [rows, columns] float64 dataset from row vectors.
void write_matrix(hid_t file, const std::string& name, const std::vector<std::vector<double>>& rows,
                  std::size_t columns, hid_t lcpl) {
  std::vector<double> flat;
  flat.reserve(rows.size() * columns);
  for (const std::vector<double>& row : rows) flat.insert(flat.end(), row.begin(), row.end());
  write_dataset(file, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                {static_cast<hsize_t>(rows.size()), static_cast<hsize_t>(columns)}, flat.data(),
                lcpl);
}

// One float64 dataset per field of an index, [factors] each.
template <typename Index>
void write_field(hid_t file, const std::string& group, const std::string& name,
                 const std::vector<Index>& indices, double Index::*field, hid_t lcpl) {
  std::vector<double> column;
  for (const Index& index : indices) column.push_back(index.*field);
  write_doubles(file, group + "/" + name, column, lcpl);
}

void write_morris(hid_t file, const std::string& group, const std::vector<MorrisIndex>& indices,
                  hid_t lcpl) {
  write_field(file, group, "mu", indices, &MorrisIndex::mu, lcpl);
  write_field(file, group, "mu_star", indices, &MorrisIndex::mu_star, lcpl);
  write_field(file, group, "sigma", indices, &MorrisIndex::sigma, lcpl);
  std::vector<int> effects;
  for (const MorrisIndex& index : indices) effects.push_back(index.effects);
  write_ints(file, group + "/effects", effects, lcpl);
}

void write_sobol(hid_t file, const std::string& group, const std::vector<SobolIndex>& indices,
                 hid_t lcpl) {
  write_field(file, group, "S1", indices, &SobolIndex::first, lcpl);
  write_field(file, group, "S1_low", indices, &SobolIndex::first_low, lcpl);
  write_field(file, group, "S1_high", indices, &SobolIndex::first_high, lcpl);
  write_field(file, group, "ST", indices, &SobolIndex::total, lcpl);
  write_field(file, group, "ST_low", indices, &SobolIndex::total_low, lcpl);
  write_field(file, group, "ST_high", indices, &SobolIndex::total_high, lcpl);
}

void write_settings(hid_t file, const SensitivityExperiment& experiment) {
  if (experiment.method == SensitivityMethod::morris) {
    const MorrisSettings& morris = experiment.morris;
    write_int_attribute(file, "trajectories", morris.trajectories);
    write_int_attribute(file, "levels", morris.levels);
    write_uint64_attribute(file, "design_seed", morris.seed);
  } else {
    write_int_attribute(file, "samples", experiment.sobol.samples);
    write_int_attribute(file, "bootstrap", experiment.sobol.bootstrap);
    write_uint64_attribute(file, "bootstrap_seed", experiment.sobol.seed);
  }
}

}  // namespace

void write_sensitivity_h5(const std::filesystem::path& path,
                          const SensitivityExperiment& experiment, const SensitivityRecord& record,
                          const Provenance& provenance) {
  const std::size_t factors = experiment.factors.size();
  write_file_atomically(path, [&](hid_t file) {
    write_study_header(file, provenance,
                       {"sensitivity", "experiment", experiment.text, record.scenario_yaml,
                        record.name, record.seed, record.threads});
    write_string_attribute(file, "method",
                           sensitivity_method_names()[static_cast<std::size_t>(experiment.method)]);
    write_int_attribute(file, "replicates", record.replicates);
    write_int_attribute(file, "weeks", record.weeks);
    write_int_attribute(file, "evaluations", static_cast<int>(record.unit.size()));
    write_int_attribute(file, "complete", record.complete ? 1 : 0);
    write_settings(file, experiment);

    const Handle lcpl = link_creation();
    std::vector<std::string> names;
    std::vector<double> min, max;
    for (const SensitivityFactor& factor : experiment.factors) {
      names.push_back(factor.path);
      min.push_back(factor.min);
      max.push_back(factor.max);
    }
    write_strings(file, "factors/name", names, lcpl.get());
    write_doubles(file, "factors/min", min, lcpl.get());
    write_doubles(file, "factors/max", max, lcpl.get());
    write_matrix(file, "design/unit", record.unit, factors, lcpl.get());
    write_matrix(file, "design/values", record.values, factors, lcpl.get());
    for (std::size_t o = 0; o < experiment.outputs.size(); ++o) {
      const std::string& output = experiment.outputs[o];
      write_doubles(file, "outputs/" + output, record.means[o], lcpl.get());
      write_dataset(
          file, "outputs_by_replicate/" + output, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
          {static_cast<hsize_t>(record.unit.size()), static_cast<hsize_t>(record.replicates)},
          record.per_replicate[o].data(), lcpl.get());
      if (!record.morris.empty())
        write_morris(file, "indices/" + output, record.morris[o], lcpl.get());
      if (!record.sobol.empty())
        write_sobol(file, "indices/" + output, record.sobol[o], lcpl.get());
    }
  });
}

}  // namespace wfsim
