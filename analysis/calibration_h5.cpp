#include "analysis/calibration_h5.hpp"

#include <fmt/format.h>

#include "io/hdf5_io.hpp"
#include "io/input_error.hpp"
#include "io/results_layout.hpp"

namespace wfsim {

using namespace hdf5;

namespace {

std::vector<double> column(const Generation& g, std::size_t j) {
  std::vector<double> values;
  for (const std::vector<double>& theta : g.theta) values.push_back(theta[j]);
  return values;
}

void write_particles(hid_t loc, const std::string& group, const Generation& g,
                     const std::vector<std::string>& parameters, hid_t lcpl) {
  for (std::size_t j = 0; j < parameters.size(); ++j)
    write_doubles(loc, group + "/" + parameters[j], column(g, j), lcpl);
  write_doubles(loc, group + "/weight", g.weight, lcpl);
  write_doubles(loc, group + "/distance", g.distance, lcpl);
}

void write_diagnostics(hid_t file, const CalibrationRecord& record, hid_t lcpl) {
  std::vector<int> index;
  std::vector<double> tolerance, acceptance, ess, simulations, filled;
  for (const Generation& g : record.generations) {
    index.push_back(g.index);
    tolerance.push_back(g.tolerance);
    acceptance.push_back(g.acceptance_rate);
    ess.push_back(g.effective_sample_size);
    simulations.push_back(static_cast<double>(g.simulations));
    filled.push_back(g.exhausted ? 0.0 : 1.0);
  }
  write_ints(file, "diagnostics/generation", index, lcpl);
  write_doubles(file, "diagnostics/tolerance", tolerance, lcpl);
  write_doubles(file, "diagnostics/acceptance_rate", acceptance, lcpl);
  write_doubles(file, "diagnostics/effective_sample_size", ess, lcpl);
  write_doubles(file, "diagnostics/simulations", simulations, lcpl);
  write_doubles(file, "diagnostics/filled", filled, lcpl);
  write_doubles(file, "diagnostics/seconds", record.seconds, lcpl);
}

void write_predictive(hid_t file, const std::vector<PredictiveRow>& rows, hid_t lcpl) {
  std::vector<std::string> metric, org;
  std::vector<int> from, to;
  std::vector<double> target, sd, mean, low, high;
  for (const PredictiveRow& row : rows) {
    metric.push_back(row.metric);
    org.push_back(row.org);
    from.push_back(row.from_week);
    to.push_back(row.to_week);
    target.push_back(row.target);
    sd.push_back(row.target_sd);
    mean.push_back(row.mean);
    low.push_back(row.low);
    high.push_back(row.high);
  }
  write_strings(file, "predictive/metric", metric, lcpl);
  write_strings(file, "predictive/org", org, lcpl);
  write_ints(file, "predictive/from_week", from, lcpl);
  write_ints(file, "predictive/to_week", to, lcpl);
  write_doubles(file, "predictive/target", target, lcpl);
  write_doubles(file, "predictive/target_sd", sd, lcpl);
  write_doubles(file, "predictive/simulated_mean", mean, lcpl);
  write_doubles(file, "predictive/simulated_low", low, lcpl);
  write_doubles(file, "predictive/simulated_high", high, lcpl);
}

InputError not_resumable(const std::filesystem::path& path, const std::string& problem) {
  return InputError({path.string(), 0, 0}, "", problem,
                    "run without --resume to start again, or write to another file with -o");
}

}  // namespace

const Generation& posterior_generation(const std::vector<Generation>& generations) {
  for (auto g = generations.rbegin(); g != generations.rend(); ++g) {
    if (!g->exhausted) return *g;
  }
  return generations.front();
}

void write_calibration_h5(const std::filesystem::path& path, const CalibrationRecord& record,
                          const Provenance& provenance) {
  write_file_atomically(path, [&](hid_t file) {
    write_study_header(file, provenance,
                       {"calibration", "calibration", record.calibration_text, record.scenario_yaml,
                        record.name, record.seed, record.threads});
    write_int_attribute(file, "particles", record.particles);
    write_int_attribute(file, "generations", static_cast<int>(record.generations.size()));
    write_int_attribute(file, "complete", record.complete ? 1 : 0);
    const Handle lcpl = link_creation();
    write_strings(file, "priors/parameter", record.parameters, lcpl.get());
    write_strings(file, "priors/distribution", record.prior_descriptions, lcpl.get());
    if (!record.generations.empty()) {
      write_particles(file, "posterior", posterior_generation(record.generations),
                      record.parameters, lcpl.get());
    }
    for (const Generation& g : record.generations) {
      write_particles(file, fmt::format("generations/{}", g.index), g, record.parameters,
                      lcpl.get());
    }
    write_diagnostics(file, record, lcpl.get());
    if (!record.predictive.empty()) write_predictive(file, record.predictive, lcpl.get());
  });
}

void read_calibration_checkpoint(const std::filesystem::path& path,
                                 const std::string& calibration_text,
                                 const std::vector<std::string>& parameters,
                                 std::vector<Generation>& generations,
                                 std::vector<double>& seconds) {
  if (!std::filesystem::exists(path)) {
    throw InputError({path.string(), 0, 0}, "", "there is no calibration file to resume",
                     "run without --resume to start the calibration");
  }
  const SilenceErrors silence;
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw not_resumable(path, "cannot open it as an HDF5 file" + error_cause());
  const Handle file(id, H5Fclose, "opening " + path.string());
  if (H5Aexists(id, "kind") <= 0 || read_string_attribute(id, "kind") != "calibration")
    throw not_resumable(path, "it is not a calibration results file");
  if (read_string_attribute(id, "calibration") != calibration_text)
    throw not_resumable(path, "the calibration file has changed since this file was written");
  const std::vector<double> tolerance = read_doubles(id, "diagnostics/tolerance");
  const std::vector<double> acceptance = read_doubles(id, "diagnostics/acceptance_rate");
  const std::vector<double> ess = read_doubles(id, "diagnostics/effective_sample_size");
  const std::vector<double> simulations = read_doubles(id, "diagnostics/simulations");
  const std::vector<double> filled = read_doubles(id, "diagnostics/filled");
  seconds = read_doubles(id, "diagnostics/seconds");
  generations.clear();
  for (std::size_t g = 0; g < tolerance.size(); ++g) {
    Generation generation;
    generation.index = static_cast<int>(g);
    const std::string group = fmt::format("generations/{}/", g);
    std::vector<std::vector<double>> columns;
    for (const std::string& parameter : parameters)
      columns.push_back(read_doubles(id, group + parameter));
    generation.weight = read_doubles(id, group + "weight");
    generation.distance = read_doubles(id, group + "distance");
    for (std::size_t i = 0; i < generation.weight.size(); ++i) {
      std::vector<double> theta;
      for (const std::vector<double>& values : columns) theta.push_back(values[i]);
      generation.theta.push_back(std::move(theta));
    }
    generation.tolerance = tolerance[g];
    generation.acceptance_rate = acceptance[g];
    generation.effective_sample_size = ess[g];
    generation.simulations = static_cast<std::int64_t>(simulations[g]);
    generation.exhausted = filled[g] == 0.0;
    generations.push_back(std::move(generation));
  }
}

}  // namespace wfsim
