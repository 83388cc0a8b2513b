#include "results_h5.hpp"

#include <hdf5.h>
#include <unistd.h>

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

namespace wfsim {
namespace {

namespace fs = std::filesystem;

// Reads HDF5's error stack while it still describes the failed call: any later
// HDF5 call (even a close during unwinding) clears it. Only the innermost entry
// is kept: it names the actual cause (e.g. errno), the outer ones repeat it.
std::string hdf5_error_cause() {
  std::string cause;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* error, void* out) -> herr_t {
        *static_cast<std::string*>(out) = std::string(error->func_name) + ": " + error->desc;
        return 0;
      },
      &cause);
  std::replace(cause.begin(), cause.end(), '\n', ' ');
  return cause.empty() ? cause : " (" + cause + ")";
}

template <typename Status>
Status check(Status status, const std::string& what) {
  if (status < 0) throw std::runtime_error(what + " failed" + hdf5_error_cause());
  return status;
}

// Owns one HDF5 identifier so that every early exit closes it.
class Handle {
 public:
  Handle(hid_t id, herr_t (*closer)(hid_t), const std::string& what)
      : id_(check(id, what)), close_(closer) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  hid_t get() const { return id_; }
  /// Closes now and reports failure, which matters for the file: H5Fclose
  /// flushes, so only its success means the whole file was written.
  void close(const std::string& what) { check(close_(std::exchange(id_, -1)), what); }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

// HDF5 prints its error stack to stderr by default; we report it in the
// exception instead. The previous handler is restored for other HDF5 users.
class SilenceHdf5Errors {
 public:
  SilenceHdf5Errors() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  SilenceHdf5Errors(const SilenceHdf5Errors&) = delete;
  SilenceHdf5Errors& operator=(const SilenceHdf5Errors&) = delete;
  ~SilenceHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

// Variable-length so that h5py reads str, and so a long scenario YAML is not
// limited by the 64 KiB object header that holds fixed-length attributes.
Handle utf8_string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy");
  // H5T_VARIABLE spelt without the C cast in its macro, which -Wold-style-cast flags.
  check(H5Tset_size(type.get(), std::numeric_limits<std::size_t>::max()), "H5Tset_size");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset");
  return type;
}

void write_attribute(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type,
                     const void* value) {
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "H5Screate");
  const Handle attribute(
      H5Acreate2(loc, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
      "creating attribute " + name);
  check(H5Awrite(attribute.get(), mem_type, value), "writing attribute " + name);
}

void write_string_attribute(hid_t loc, const std::string& name, const std::string& value) {
  const Handle type = utf8_string_type();
  const char* chars = value.c_str();
  write_attribute(loc, name, type.get(), type.get(), &chars);
}

void write_int_attribute(hid_t loc, const std::string& name, int value) {
  write_attribute(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT, &value);
}

// Chunked, shuffled and deflated: series are smooth and replicates alike, so
// they compress well. Chunks of whole rows (replicates) up to ~64 Ki values
// fit HDF5's default 1 MiB chunk cache.
void write_dataset(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type,
                   const std::vector<hsize_t>& dims, const void* data, hid_t lcpl) {
  const Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                     H5Sclose, "H5Screate_simple");
  const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate");
  hsize_t row = 1;
  for (std::size_t d = 1; d < dims.size(); ++d) row *= dims[d];
  const bool empty = row == 0 || dims[0] == 0;
  if (!empty) {  // chunks must not be empty; an empty dataset needs none
    std::vector<hsize_t> chunk = dims;
    chunk[0] = std::clamp<hsize_t>(65536 / row, 1, dims[0]);
    check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk");
    check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle");
    check(H5Pset_deflate(dcpl.get(), 4), "H5Pset_deflate");
  }
  const Handle dataset(
      H5Dcreate2(loc, name.c_str(), file_type, space.get(), lcpl, dcpl.get(), H5P_DEFAULT),
      H5Dclose, "creating dataset " + name);
  if (!empty) {
    check(H5Dwrite(dataset.get(), mem_type, space.get(), space.get(), H5P_DEFAULT, data),
          "writing dataset " + name);
  }
}

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
          std::vector<const char*> chars;
          chars.reserve(values.size());
          for (const std::string& s : values) chars.push_back(s.c_str());
          const Handle type = utf8_string_type();
          write_dataset(group, column.name, type.get(), type.get(), dims, chars.data(), lcpl);
        }
      },
      column.values);
}

// Catches records whose parts disagree before they become a file that
// analysis scripts would misread.
void validate(const RunRecord& record) {
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

void write_contents(hid_t file, const RunRecord& record, const Provenance& provenance) {
  for (const auto& [name, value] : provenance.attributes) write_string_attribute(file, name, value);
  write_string_attribute(file, "scenario", record.scenario_yaml);
  write_string_attribute(file, "name", record.scenario_name);
  // Unsigned, as in the scenario: a seed above 2^63 must survive the round trip.
  write_attribute(file, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &record.seed);
  write_int_attribute(file, "replicates", record.replicates);
  write_int_attribute(file, "weeks", record.weeks);
  write_int_attribute(file, "complete", record.complete ? 1 : 0);
  write_int_attribute(file, "threads", record.threads);

  // Metric names such as "uptake/rip" become nested groups, and link names
  // may be any UTF-8 organisation id.
  const Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "H5Pcreate");
  check(H5Pset_create_intermediate_group(lcpl.get(), 1), "H5Pset_create_intermediate_group");
  check(H5Pset_char_encoding(lcpl.get(), H5T_CSET_UTF8), "H5Pset_char_encoding");

  const auto replicates = static_cast<hsize_t>(record.replicates);
  write_dataset(file, "/run/weeks_completed", H5T_STD_I32LE, H5T_NATIVE_INT, {replicates},
                record.weeks_completed.data(), lcpl.get());

  const SeriesTable& series = record.series;
  const std::vector<hsize_t> dims{replicates, static_cast<hsize_t>(record.weeks) + 1};
  const Handle orgs(H5Gcreate2(file, "/orgs", lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                    "creating group /orgs");
  for (std::size_t s = 0; s < series.scopes().size(); ++s) {
    const std::string group_path = s == 0 ? "/series" : series.scopes()[s] + "/series";
    const Handle group(H5Gcreate2(s == 0 ? file : orgs.get(), group_path.c_str(), lcpl.get(),
                                  H5P_DEFAULT, H5P_DEFAULT),
                       H5Gclose, "creating group for scope \"" + series.scopes()[s] + "\"");
    for (std::size_t m = 0; m < series.metrics().size(); ++m) {
      write_dataset(group.get(), series.metrics()[m], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims,
                    series.block(s, m), lcpl.get());
    }
  }

  const Handle agents(H5Gcreate2(file, "/agents/final", lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
                      H5Gclose, "creating group /agents/final");
  for (const AgentColumn& column : record.final_agents)
    write_agent_column(agents.get(), column, lcpl.get());
}

}  // namespace

void write_results_h5(const fs::path& path, const RunRecord& record, const Provenance& provenance) {
  // Same directory, so the rename cannot cross file systems; the pid keeps
  // concurrent runs writing the same path from clobbering each other's file.
  const fs::path tmp = path.string() + ".tmp-" + std::to_string(getpid());
  const SilenceHdf5Errors silence;
  try {
    validate(record);
    Handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                "creating " + tmp.string());
    write_contents(file.get(), record, provenance);
    file.close("closing " + tmp.string());
    fs::rename(tmp, path);
  } catch (const std::exception& e) {
    std::error_code ignored;  // the original failure is the one worth reporting
    fs::remove(tmp, ignored);
    throw std::runtime_error("cannot write results file " + path.string() + ": " + e.what());
  }
}

}  // namespace wfsim
