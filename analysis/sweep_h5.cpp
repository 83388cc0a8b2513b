#include "analysis/sweep_h5.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "io/hdf5_io.hpp"
#include "io/input_error.hpp"
#include "io/results_layout.hpp"

namespace wfsim {

using namespace hdf5;

namespace {

// A dataset whose storage exists from creation, filled with `fill`: later
// writes into it touch raw data only (see the header on crash safety).
void create_preallocated(hid_t file, const std::string& name, hid_t file_type, hid_t mem_type,
                         const std::vector<hsize_t>& dims, const void* fill, hid_t lcpl) {
  const Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                     H5Sclose, "H5Screate_simple");
  const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate");
  check(H5Pset_layout(dcpl.get(), H5D_CONTIGUOUS), "H5Pset_layout");
  check(H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY), "H5Pset_alloc_time");
  check(H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_ALLOC), "H5Pset_fill_time");
  check(H5Pset_fill_value(dcpl.get(), mem_type, fill), "H5Pset_fill_value");
  const Handle dataset(
      H5Dcreate2(file, name.c_str(), file_type, space.get(), lcpl, dcpl.get(), H5P_DEFAULT),
      H5Dclose, "creating dataset " + name);
}

// Writes `data` into the slab of `name` whose first index is `point`.
void write_slab(hid_t file, const std::string& name, hid_t mem_type, int point, const void* data) {
  const Handle dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "opening " + name);
  const Handle space(H5Dget_space(dataset.get()), H5Sclose, "H5Dget_space");
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  start[0] = static_cast<hsize_t>(point);
  count[0] = 1;
  check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                            nullptr),
        "selecting point in " + name);
  const Handle memory(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "H5Screate_simple");
  check(H5Dwrite(dataset.get(), mem_type, memory.get(), space.get(), H5P_DEFAULT, data),
        "writing " + name);
}

template <typename T>
std::vector<T> read_all(hid_t file, const std::string& name, hid_t mem_type) {
  const Handle dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "opening " + name);
  const Handle space(H5Dget_space(dataset.get()), H5Sclose, "H5Dget_space");
  std::vector<T> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  check(H5Dread(dataset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
        "reading " + name);
  return values;
}

void flush(hid_t file) {
  check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flushing the sweep file");
}

InputError not_resumable(const std::filesystem::path& path, const std::string& problem) {
  return InputError({path.string(), 0, 0}, "", problem,
                    "run without --resume to start again (the old file will be replaced), or "
                    "write to another file with -o");
}

}  // namespace

struct SweepFile::Impl {
  SilenceErrors silence;  // first in, last out: errors stay ours until the file is closed
  std::filesystem::path path;
  SweepLayout layout;
  std::unique_ptr<Handle> file;
};

SweepFile::SweepFile(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SweepFile::SweepFile(SweepFile&&) noexcept = default;
SweepFile& SweepFile::operator=(SweepFile&&) noexcept = default;
SweepFile::~SweepFile() = default;

SweepFile SweepFile::create(const std::filesystem::path& path, const SweepLayout& layout,
                            const Provenance& provenance) {
  const auto points = static_cast<hsize_t>(layout.values.size());
  const auto replicates = static_cast<hsize_t>(layout.replicates);
  const auto columns = static_cast<hsize_t>(layout.weeks) + 1;
  write_file_atomically(path, [&](hid_t file) {
    write_study_header(
        file, provenance,
        {"sweep", "experiment", layout.experiment_text, layout.scenario_yaml, layout.name,
         layout.seeds.empty() ? 0 : layout.seeds.front(), layout.threads});
    write_string_attribute(file, "design", layout.design);
    write_int_attribute(file, "replicates", layout.replicates);
    write_int_attribute(file, "weeks", layout.weeks);
    write_int_attribute(file, "points", static_cast<int>(points));
    write_int_attribute(file, "complete", 0);
    write_string_attribute(file, "uncertainty", layout.uncertainty);
    const Handle lcpl = link_creation();
    if (!layout.uncertainty.empty()) {
      write_string_attribute(file, "uncertainty_priors", layout.uncertainty_text);
      write_strings(file, "uncertainty/parameter", layout.uncertain_parameters, lcpl.get());
      for (std::size_t k = 0; k < layout.uncertain_parameters.size(); ++k) {
        std::vector<double> column;
        for (const std::vector<double>& draw : layout.draws) column.push_back(draw.at(k));
        write_doubles(file, "uncertainty/draws/" + layout.uncertain_parameters[k], column,
                      lcpl.get());
      }
    }
    for (std::size_t f = 0; f < layout.factors.size(); ++f) {
      std::vector<double> column;
      for (const std::vector<double>& point : layout.values) column.push_back(point[f]);
      write_dataset(file, "design/" + layout.factors[f], H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                    {points}, column.data(), lcpl.get());
    }
    write_dataset(file, "design/seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, {points},
                  layout.seeds.data(), lcpl.get());
    const std::uint8_t not_done = 0;
    create_preallocated(file, "design/done", H5T_STD_U8LE, H5T_NATIVE_UINT8, {points}, &not_done,
                        lcpl.get());
    const double missing = std::numeric_limits<double>::quiet_NaN();
    for (const std::string& metric : layout.metrics) {
      create_preallocated(file, "series/" + metric, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          {points, replicates, columns}, &missing, lcpl.get());
    }
    for (const std::string& outcome : layout.outcomes) {
      create_preallocated(file, "outcomes/" + outcome, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          {points, replicates}, &missing, lcpl.get());
    }
  });
  return resume(path, layout);
}

namespace {

// Throws unless `file` is a sweep file of this experiment and design.
void check_resumable(hid_t file, const std::filesystem::path& path, const SweepLayout& layout) {
  const auto attribute = [&](const std::string& name) {
    if (H5Aexists(file, name.c_str()) <= 0)
      throw not_resumable(path, "it is not a sweep results file (no '" + name + "' attribute)");
    return read_string_attribute(file, name);
  };
  if (attribute("kind") != "sweep") throw not_resumable(path, "it is not a sweep results file");
  if (attribute("experiment") != layout.experiment_text)
    throw not_resumable(path, "the experiment file has changed since this file was written");
  const std::string uncertainty =
      H5Aexists(file, "uncertainty") > 0 ? read_string_attribute(file, "uncertainty") : "";
  if (uncertainty != layout.uncertainty)
    throw not_resumable(path,
                        "it was written with other --uncertainty files ('" + uncertainty + "')");
  if (read_int_attribute(file, "replicates") != layout.replicates ||
      read_int_attribute(file, "weeks") != layout.weeks ||
      read_int_attribute(file, "points") != static_cast<int>(layout.values.size())) {
    throw not_resumable(path, "its replicates, weeks or points differ from this sweep's");
  }
  for (std::size_t f = 0; f < layout.factors.size(); ++f) {
    const std::vector<double> stored =
        read_all<double>(file, "design/" + layout.factors[f], H5T_NATIVE_DOUBLE);
    for (std::size_t p = 0; p < stored.size(); ++p) {
      if (stored[p] != layout.values[p][f])
        throw not_resumable(path, "its design differs from this sweep's");
    }
  }
}

}  // namespace

SweepFile SweepFile::resume(const std::filesystem::path& path, const SweepLayout& layout) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->layout = layout;
  if (!std::filesystem::exists(path)) {
    throw InputError({path.string(), 0, 0}, "", "there is no sweep file to resume",
                     "run without --resume to start the sweep");
  }
  {  // Read-only first: a file that is refused is left exactly as it was.
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) throw not_resumable(path, "cannot open it as an HDF5 file" + error_cause());
    const Handle file(id, H5Fclose, "opening " + path.string());
    check_resumable(id, path, layout);
  }
  impl->file = std::make_unique<Handle>(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose,
                                        "opening " + path.string() + " for writing");
  return SweepFile(std::move(impl));
}

std::vector<std::uint8_t> SweepFile::done() const {
  return read_all<std::uint8_t>(impl_->file->get(), "design/done", H5T_NATIVE_UINT8);
}

void SweepFile::write_point(int point, const std::vector<std::vector<double>>& series,
                            const std::vector<std::vector<double>>& outcomes) {
  const hid_t file = impl_->file->get();
  const SweepLayout& layout = impl_->layout;
  for (std::size_t m = 0; m < layout.metrics.size(); ++m)
    write_slab(file, "series/" + layout.metrics[m], H5T_NATIVE_DOUBLE, point, series[m].data());
  for (std::size_t o = 0; o < layout.outcomes.size(); ++o)
    write_slab(file, "outcomes/" + layout.outcomes[o], H5T_NATIVE_DOUBLE, point,
               outcomes[o].data());
  flush(file);  // the data reach the disk before the flag that vouches for them
  const std::uint8_t finished = 1;
  write_slab(file, "design/done", H5T_NATIVE_UINT8, point, &finished);
  flush(file);
}

std::vector<std::vector<double>> SweepFile::read_series(int point) const {
  const hid_t file = impl_->file->get();
  const SweepLayout& layout = impl_->layout;
  const auto columns = static_cast<hsize_t>(layout.weeks) + 1;
  std::vector<std::vector<double>> out;
  for (const std::string& metric : layout.metrics) {
    const std::string name = "series/" + metric;
    const Handle dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "opening " + name);
    const Handle space(H5Dget_space(dataset.get()), H5Sclose, "H5Dget_space");
    const hsize_t start[] = {static_cast<hsize_t>(point), 0, 0};
    const hsize_t count[] = {1, static_cast<hsize_t>(layout.replicates), columns};
    check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr),
          "selecting point in " + name);
    const Handle memory(H5Screate_simple(3, count, nullptr), H5Sclose, "H5Screate_simple");
    std::vector<double> values(static_cast<std::size_t>(layout.replicates) * columns);
    check(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, memory.get(), space.get(), H5P_DEFAULT,
                  values.data()),
          "reading " + name);
    out.push_back(std::move(values));
  }
  return out;
}

std::vector<std::vector<double>> SweepFile::read_outcomes() const {
  std::vector<std::vector<double>> out;
  for (const std::string& outcome : impl_->layout.outcomes)
    out.push_back(read_doubles(impl_->file->get(), "outcomes/" + outcome));
  return out;
}

void SweepFile::close(bool complete) {
  const hid_t file = impl_->file->get();
  const Handle attribute(H5Aopen(file, "complete", H5P_DEFAULT), H5Aclose, "opening complete");
  const int value = complete ? 1 : 0;
  check(H5Awrite(attribute.get(), H5T_NATIVE_INT, &value), "writing complete");
  impl_->file->close("closing " + impl_->path.string());
}

}  // namespace wfsim
