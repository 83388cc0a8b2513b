#include "io/hdf5_io.hpp"

#include <algorithm>
#include <limits>

#include "io/atomic_file.hpp"

namespace wfsim::hdf5 {

// Reads HDF5's error stack while it still describes the failed call: any later
// HDF5 call (even a close during unwinding) clears it. Only the innermost entry
// is kept: it names the actual cause (e.g. errno), the outer ones repeat it.
std::string error_cause() {
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

SilenceErrors::SilenceErrors() {
  H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

SilenceErrors::~SilenceErrors() {
  H5Eset_auto2(H5E_DEFAULT, func_, data_);
}

// Variable-length so that h5py reads str, and so a long scenario YAML is not
// limited by the 64 KiB object header that holds fixed-length attributes.
Handle utf8_string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy");
  // H5T_VARIABLE spelt without the C cast in its macro, which -Wold-style-cast flags.
  check(H5Tset_size(type.get(), std::numeric_limits<std::size_t>::max()), "H5Tset_size");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset");
  return type;
}

Handle link_creation() {
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "H5Pcreate");
  check(H5Pset_create_intermediate_group(lcpl.get(), 1), "H5Pset_create_intermediate_group");
  check(H5Pset_char_encoding(lcpl.get(), H5T_CSET_UTF8), "H5Pset_char_encoding");
  return lcpl;
}

namespace {

void write_attribute(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type,
                     const void* value) {
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "H5Screate");
  const Handle attribute(
      H5Acreate2(loc, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
      "creating attribute " + name);
  check(H5Awrite(attribute.get(), mem_type, value), "writing attribute " + name);
}

}  // namespace

void write_string_attribute(hid_t loc, const std::string& name, const std::string& value) {
  const Handle type = utf8_string_type();
  const char* chars = value.c_str();
  write_attribute(loc, name, type.get(), type.get(), &chars);
}

void write_int_attribute(hid_t loc, const std::string& name, int value) {
  write_attribute(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT, &value);
}

void write_uint64_attribute(hid_t loc, const std::string& name, std::uint64_t value) {
  write_attribute(loc, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
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

void write_doubles(hid_t loc, const std::string& name, const std::vector<double>& values,
                   hid_t lcpl) {
  write_dataset(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {values.size()}, values.data(), lcpl);
}

void write_ints(hid_t loc, const std::string& name, const std::vector<int>& values, hid_t lcpl) {
  write_dataset(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT, {values.size()}, values.data(), lcpl);
}

void write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& values,
                   hid_t lcpl) {
  std::vector<const char*> chars;
  chars.reserve(values.size());
  for (const std::string& s : values) chars.push_back(s.c_str());
  const Handle type = utf8_string_type();
  write_dataset(loc, name, type.get(), type.get(), {values.size()}, chars.data(), lcpl);
}

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(hid_t file)>& write) {
  const std::filesystem::path tmp = temporary_for(path);
  const SilenceErrors silence;
  try {
    Handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                "creating " + tmp.string());
    write(file.get());
    file.close("closing " + tmp.string());
    std::filesystem::rename(tmp, path);
  } catch (const std::exception& e) {
    std::error_code ignored;  // the original failure is the one worth reporting
    std::filesystem::remove(tmp, ignored);
    throw std::runtime_error("cannot write results file " + path.string() + ": " + e.what());
  }
}

std::string read_string_attribute(hid_t loc, const std::string& name) {
  const Handle attribute(H5Aopen(loc, name.c_str(), H5P_DEFAULT), H5Aclose,
                         "opening attribute " + name);
  const Handle type = utf8_string_type();
  char* value = nullptr;
  check(H5Aread(attribute.get(), type.get(), &value), "reading attribute " + name);
  std::string out = value != nullptr ? value : "";
  H5free_memory(value);
  return out;
}

namespace {

template <typename T>
std::vector<T> read_dataset(hid_t loc, const std::string& name, hid_t mem_type) {
  const Handle dataset(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose, "opening " + name);
  const Handle space(H5Dget_space(dataset.get()), H5Sclose, "H5Dget_space");
  std::vector<T> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  if (!values.empty()) {
    check(H5Dread(dataset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "reading " + name);
  }
  return values;
}

}  // namespace

std::vector<double> read_doubles(hid_t loc, const std::string& name) {
  return read_dataset<double>(loc, name, H5T_NATIVE_DOUBLE);
}

std::vector<std::int64_t> read_int64s(hid_t loc, const std::string& name) {
  return read_dataset<std::int64_t>(loc, name, H5T_NATIVE_INT64);
}

std::vector<std::string> read_strings(hid_t loc, const std::string& name) {
  const Handle dataset(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose, "opening " + name);
  const Handle space(H5Dget_space(dataset.get()), H5Sclose, "the space of " + name);
  const auto count = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
  const Handle type = utf8_string_type();
  std::vector<char*> chars(count, nullptr);
  check(H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, chars.data()),
        "reading " + name);
  std::vector<std::string> out;
  for (char* c : chars) {
    out.emplace_back(c == nullptr ? "" : c);
    H5free_memory(c);
  }
  return out;
}

int read_int_attribute(hid_t loc, const std::string& name) {
  const Handle attribute(H5Aopen(loc, name.c_str(), H5P_DEFAULT), H5Aclose,
                         "opening attribute " + name);
  int value = 0;
  check(H5Aread(attribute.get(), H5T_NATIVE_INT, &value), "reading attribute " + name);
  return value;
}

}  // namespace wfsim::hdf5
