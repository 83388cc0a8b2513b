#include "tests/h5_harness.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wfsim::test {

namespace {

// Closes an HDF5 identifier at scope exit.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
    if (id_ < 0) throw std::runtime_error("HDF5: cannot " + what);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { close_(id_); }
  hid_t get() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

// Tests probe for objects that may be missing: no error stack on stderr.
void silence_hdf5_errors() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

void check(herr_t status, const std::string& what) {
  if (status < 0) throw std::runtime_error("HDF5: cannot " + what);
}

}  // namespace

H5File::H5File(const std::filesystem::path& path) {
  silence_hdf5_errors();
  id_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id_ < 0) throw std::runtime_error("HDF5: cannot open " + path.string());
}

H5File::~H5File() {
  if (id_ >= 0) H5Fclose(id_);
}

bool H5File::exists(const std::string& path) const {
  // H5Lexists fails rather than answering false when a parent is missing,
  // so walk down one component at a time.
  std::string prefix;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::string part =
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    prefix += (prefix.empty() ? "" : "/") + part;
    if (H5Lexists(id_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return true;
}

bool H5File::is_dataset(const std::string& path) const {
  if (!exists(path)) return false;
  const Handle object(H5Oopen(id_, path.c_str(), H5P_DEFAULT), H5Oclose, "open " + path);
  return H5Iget_type(object.get()) == H5I_DATASET;
}

std::vector<std::string> H5File::attribute_names(const std::string& path) const {
  const Handle object(H5Oopen(id_, path.c_str(), H5P_DEFAULT), H5Oclose, "open " + path);
  std::vector<std::string> names;
  const auto collect = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
  };
  check(H5Aiterate2(object.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names),
        "list the attributes of " + path);
  std::sort(names.begin(), names.end());
  return names;
}

bool H5File::has_attribute(const std::string& name, const std::string& path) const {
  return H5Aexists_by_name(id_, path.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::string H5File::string_attribute(const std::string& name, const std::string& path) const {
  const Handle attribute(H5Aopen_by_name(id_, path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                         H5Aclose, "open attribute " + name + " of " + path);
  const Handle type(H5Aget_type(attribute.get()), H5Tclose, "get the type of " + name);
  if (H5Tget_class(type.get()) != H5T_STRING)
    throw std::runtime_error("attribute " + name + " is not a string");
  if (H5Tis_variable_str(type.get()) > 0) {
    char* chars = nullptr;
    check(H5Aread(attribute.get(), type.get(), &chars), "read attribute " + name);
    std::string text(chars == nullptr ? "" : chars);
    H5free_memory(chars);
    return text;
  }
  std::string text(H5Tget_size(type.get()), '\0');
  check(H5Aread(attribute.get(), type.get(), text.data()), "read attribute " + name);
  return text.substr(0, text.find('\0'));
}

std::int64_t H5File::int_attribute(const std::string& name, const std::string& path) const {
  const Handle attribute(H5Aopen_by_name(id_, path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                         H5Aclose, "open attribute " + name + " of " + path);
  const Handle type(H5Aget_type(attribute.get()), H5Tclose, "get the type of " + name);
  if (H5Tget_class(type.get()) != H5T_INTEGER)
    throw std::runtime_error("attribute " + name + " is not an integer");
  std::int64_t value = 0;
  check(H5Aread(attribute.get(), H5T_NATIVE_INT64, &value), "read attribute " + name);
  return value;
}

std::string H5File::attribute_text(const std::string& name, const std::string& path) const {
  H5T_class_t kind = H5T_NO_CLASS;
  {
    const Handle attribute(
        H5Aopen_by_name(id_, path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
        "open attribute " + name + " of " + path);
    const Handle type(H5Aget_type(attribute.get()), H5Tclose, "get the type of " + name);
    kind = H5Tget_class(type.get());
    if (kind == H5T_FLOAT) {
      double value = 0;
      check(H5Aread(attribute.get(), H5T_NATIVE_DOUBLE, &value), "read attribute " + name);
      return fmt::format("{:.17g}", value);
    }
  }
  if (kind == H5T_STRING) return string_attribute(name, path);
  if (kind == H5T_INTEGER) return std::to_string(int_attribute(name, path));
  throw std::runtime_error("attribute " + name + " is neither a string nor a number");
}

std::vector<hsize_t> H5File::shape(const std::string& dataset) const {
  const Handle data(H5Dopen2(id_, dataset.c_str(), H5P_DEFAULT), H5Dclose, "open " + dataset);
  const Handle space(H5Dget_space(data.get()), H5Sclose, "get the space of " + dataset);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) throw std::runtime_error("HDF5: cannot get the rank of " + dataset);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return dims;
}

std::vector<double> H5File::doubles(const std::string& dataset) const {
  const Handle data(H5Dopen2(id_, dataset.c_str(), H5P_DEFAULT), H5Dclose, "open " + dataset);
  const Handle space(H5Dget_space(data.get()), H5Sclose, "get the space of " + dataset);
  std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  check(H5Dread(data.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
        "read " + dataset + " as doubles");
  return values;
}

bool H5File::is_string_dataset(const std::string& path) const {
  const Handle data(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
  const Handle type(H5Dget_type(data.get()), H5Tclose, "get the type of " + path);
  return H5Tget_class(type.get()) == H5T_STRING;
}

std::vector<std::string> H5File::strings(const std::string& dataset) const {
  const Handle data(H5Dopen2(id_, dataset.c_str(), H5P_DEFAULT), H5Dclose, "open " + dataset);
  const Handle type(H5Dget_type(data.get()), H5Tclose, "get the type of " + dataset);
  const Handle space(H5Dget_space(data.get()), H5Sclose, "get the space of " + dataset);
  if (H5Tis_variable_str(type.get()) <= 0)
    throw std::runtime_error(dataset + " is not a variable-length string dataset");
  std::vector<char*> chars(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  check(H5Dread(data.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, chars.data()),
        "read " + dataset);
  std::vector<std::string> out;
  for (const char* c : chars) out.emplace_back(c == nullptr ? "" : c);
  H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, chars.data());
  return out;
}

std::vector<std::string> H5File::datasets() const {
  struct Visit {
    const H5File* file;
    std::vector<std::string> names;
  } visit{this, {}};
  const auto collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    auto* v = static_cast<Visit*>(data);
    if (v->file->is_dataset(name)) v->names.emplace_back(name);
    return 0;
  };
  check(H5Lvisit(id_, H5_INDEX_NAME, H5_ITER_INC, collect, &visit), "list the datasets");
  std::sort(visit.names.begin(), visit.names.end());
  return visit.names;
}

bool same_values(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) != std::isnan(b[i])) return false;
    if (!std::isnan(a[i]) && a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace wfsim::test
