#include "viz/report/h5_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "io/hdf5_io.hpp"

namespace wfsim::report {

using hdf5::check;
using hdf5::Handle;

namespace {

Handle open_object(hid_t file, const std::string& path) {
  return Handle(H5Oopen(file, path.c_str(), H5P_DEFAULT), H5Oclose, "opening " + path);
}

Handle open_attribute(hid_t file, const std::string& object, const std::string& name) {
  return Handle(H5Aopen_by_name(file, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose, "opening attribute " + name + " of " + object);
}

// Strings of a dataset or attribute of type `type` and `count` elements,
// read through `read(memory_type, buffer)`.
template <typename Read>
std::vector<std::string> read_strings(hid_t type, std::size_t count, Read read) {
  std::vector<std::string> out;
  if (H5Tis_variable_str(type) > 0) {
    std::vector<char*> chars(count, nullptr);
    check(read(type, chars.data()), "reading strings");
    for (char* c : chars) {
      out.emplace_back(c == nullptr ? "" : c);
      H5free_memory(c);
    }
    return out;
  }
  const std::size_t size = H5Tget_size(type);
  std::string buffer(size * count, '\0');
  check(read(type, buffer.data()), "reading strings");
  for (std::size_t i = 0; i < count; ++i) {
    std::string item = buffer.substr(i * size, size);
    item.erase(std::find(item.begin(), item.end(), '\0'), item.end());
    out.push_back(item);
  }
  return out;
}

}  // namespace

std::size_t Array::row_length() const {
  std::size_t length = 1;
  for (std::size_t i = 1; i < shape.size(); ++i) length *= shape[i];
  return length;
}

H5Reader::H5Reader(const std::filesystem::path& path) {
  const hdf5::SilenceErrors silence;
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw std::runtime_error("'" + path.string() + "' is not an HDF5 file");
  id_ = check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "opening " + path.string());
}

H5Reader::~H5Reader() {
  if (id_ >= 0) H5Fclose(id_);
}

bool H5Reader::exists(const std::string& path) const {
  const hdf5::SilenceErrors silence;
  std::string prefix;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    const std::string part = path.substr(start, slash - start);
    if (!part.empty()) {
      prefix += (prefix.empty() ? "" : "/") + part;
      if (H5Lexists(id_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    }
    start = slash + 1;
  }
  return true;
}

namespace {

H5I_type_t object_type(hid_t file, const std::string& path) {
  const hid_t object = H5Oopen(file, path.c_str(), H5P_DEFAULT);
  if (object < 0) return H5I_BADID;
  const H5I_type_t type = H5Iget_type(object);
  H5Oclose(object);
  return type;
}

}  // namespace

bool H5Reader::is_group(const std::string& path) const {
  const hdf5::SilenceErrors silence;
  return (path == "/" || exists(path)) && object_type(id_, path) == H5I_GROUP;
}

bool H5Reader::is_dataset(const std::string& path) const {
  const hdf5::SilenceErrors silence;
  return exists(path) && object_type(id_, path) == H5I_DATASET;
}

bool H5Reader::has_attribute(const std::string& name, const std::string& object) const {
  const hdf5::SilenceErrors silence;
  if (object != "/" && !exists(object)) return false;
  return H5Aexists_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::optional<std::string> H5Reader::attribute_text(const std::string& name,
                                                    const std::string& object) const {
  if (!has_attribute(name, object)) return std::nullopt;
  const hdf5::SilenceErrors silence;
  const Handle attribute = open_attribute(id_, object, name);
  const Handle type(H5Aget_type(attribute.get()), H5Tclose, "type of attribute " + name);
  switch (H5Tget_class(type.get())) {
    case H5T_STRING: {
      const Handle memory(H5Tcopy(type.get()), H5Tclose, "H5Tcopy");
      const auto values = read_strings(memory.get(), 1, [&](hid_t t, void* buffer) {
        return H5Aread(attribute.get(), t, buffer);
      });
      return values.front();
    }
    case H5T_INTEGER: {
      if (H5Tget_sign(type.get()) == H5T_SGN_NONE) {
        std::uint64_t value = 0;
        check(H5Aread(attribute.get(), H5T_NATIVE_UINT64, &value), "reading attribute " + name);
        return std::to_string(value);
      }
      std::int64_t value = 0;
      check(H5Aread(attribute.get(), H5T_NATIVE_INT64, &value), "reading attribute " + name);
      return std::to_string(value);
    }
    case H5T_FLOAT: {
      double value = 0;
      check(H5Aread(attribute.get(), H5T_NATIVE_DOUBLE, &value), "reading attribute " + name);
      return fmt::format("{:.10g}", value);
    }
    default:
      return std::string("(not shown)");
  }
}

std::optional<double> H5Reader::attribute_number(const std::string& name,
                                                 const std::string& object) const {
  const std::optional<std::string> text = attribute_text(name, object);
  if (!text) return std::nullopt;
  try {
    std::size_t used = 0;
    const double value = std::stod(*text, &used);
    if (used == text->size()) return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

std::vector<std::string> H5Reader::attribute_names(const std::string& object) const {
  const hdf5::SilenceErrors silence;
  const Handle handle = open_object(id_, object);
  std::vector<std::string> names;
  const auto collect = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  check(H5Aiterate2(handle.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, collect, &names),
        "listing the attributes of " + object);
  return names;
}

Array H5Reader::doubles(const std::string& path) const {
  const hdf5::SilenceErrors silence;
  const Handle dataset(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose, "opening " + path);
  const Handle space(H5Dget_space(dataset.get()), H5Sclose, "the space of " + path);
  const Handle type(H5Dget_type(dataset.get()), H5Tclose, "the type of " + path);
  const H5T_class_t type_class = H5Tget_class(type.get());
  if (type_class != H5T_FLOAT && type_class != H5T_INTEGER)
    throw std::runtime_error(path + " is not numeric");
  const int rank = check(H5Sget_simple_extent_ndims(space.get()), "the rank of " + path);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "the shape of " + path);
  Array array;
  std::size_t count = 1;
  for (hsize_t d : dims) {
    array.shape.push_back(static_cast<std::size_t>(d));
    count *= static_cast<std::size_t>(d);
  }
  array.values.resize(count);
  if (count > 0) {
    check(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                  array.values.data()),
          "reading " + path);
  }
  return array;
}

std::vector<std::string> H5Reader::strings(const std::string& path) const {
  const hdf5::SilenceErrors silence;
  const Handle dataset(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose, "opening " + path);
  const Handle space(H5Dget_space(dataset.get()), H5Sclose, "the space of " + path);
  const Handle type(H5Dget_type(dataset.get()), H5Tclose, "the type of " + path);
  if (H5Tget_class(type.get()) != H5T_STRING) throw std::runtime_error(path + " is not text");
  const auto count = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
  if (count == 0) return {};
  return read_strings(type.get(), count, [&](hid_t t, void* buffer) {
    return H5Dread(dataset.get(), t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
  });
}

std::vector<std::string> H5Reader::datasets_under(const std::string& group) const {
  if (!is_group(group)) return {};
  const hdf5::SilenceErrors silence;
  const Handle handle = open_object(id_, group);
  struct Visit {
    std::vector<std::string> names;
  } visit;
  const auto collect = [](hid_t location, const char* name, const H5L_info_t*,
                          void* data) -> herr_t {
    if (object_type(location, name) == H5I_DATASET)
      static_cast<Visit*>(data)->names.emplace_back(name);
    return 0;
  };
  check(H5Lvisit(handle.get(), H5_INDEX_NAME, H5_ITER_INC, collect, &visit),
        "listing the datasets of " + group);
  std::sort(visit.names.begin(), visit.names.end());
  return visit.names;
}

std::vector<std::string> H5Reader::subgroups(const std::string& group) const {
  if (!is_group(group)) return {};
  const hdf5::SilenceErrors silence;
  const Handle handle = open_object(id_, group);
  struct Visit {
    std::vector<std::string> names;
  } visit;
  const auto collect = [](hid_t location, const char* name, const H5L_info_t*,
                          void* data) -> herr_t {
    if (object_type(location, name) == H5I_GROUP)
      static_cast<Visit*>(data)->names.emplace_back(name);
    return 0;
  };
  hsize_t index = 0;
  check(H5Literate(handle.get(), H5_INDEX_NAME, H5_ITER_INC, &index, collect, &visit),
        "listing the groups of " + group);
  std::sort(visit.names.begin(), visit.names.end());
  return visit.names;
}

}  // namespace wfsim::report
