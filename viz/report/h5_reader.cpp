#include "viz/report/h5_reader.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <functional>
#include <limits>
#include <set>
#include <stdexcept>
#include <thread>

#include "io/hdf5_io.hpp"

// Under the sanitizers: replaces their report-and-exit with one of our own in
// the child process that checks a file (absent otherwise).
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

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

/// More elements than any dataset or attribute of a results file wfsim
/// writes (512 MiB of doubles): a damaged file may claim any size.
constexpr std::size_t kMaxElements = std::size_t{1} << 26;
/// More strings than any string dataset of a results file holds.
constexpr std::size_t kMaxStrings = std::size_t{1} << 18;

/// The number of elements of `space`; throws unless it is within kMaxElements.
std::size_t element_count(hid_t space, const std::string& what) {
  const int rank = check(H5Sget_simple_extent_ndims(space), "the rank of " + what);
  if (rank < 0 || rank > H5S_MAX_RANK) throw std::runtime_error("the rank of " + what);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), "the shape of " + what);
  std::size_t count = 1;
  for (hsize_t d : dims) {
    if (d > kMaxElements || (d > 0 && count > kMaxElements / d))
      throw std::runtime_error(what + " is larger than any results file holds");
    count *= static_cast<std::size_t>(d);
  }
  return count;
}

// Strings of a dataset or attribute of type `type` and `count` elements,
// read through `read(memory_type, buffer)`.
template <typename Read>
std::vector<std::string> read_strings(hid_t type, std::size_t count, Read read) {
  // Each string is a lookup in the file: a damaged dataset claiming millions
  // of them would take minutes. wfsim's string datasets hold names.
  if (count > kMaxStrings) throw std::runtime_error("more strings than any results file holds");
  std::vector<std::string> out;
  if (H5Tis_variable_str(type) > 0) {
    std::vector<char*> chars(count, nullptr);
    if (read(type, chars.data()) < 0) {
      // A read that fails part way may have allocated some strings.
      for (char* c : chars) H5free_memory(c);
      throw std::runtime_error("reading strings failed");
    }
    for (char* c : chars) {
      out.emplace_back(c == nullptr ? "" : c);
      H5free_memory(c);
    }
    return out;
  }
  const std::size_t size = H5Tget_size(type);
  if (size == 0 || size > kMaxElements / std::max<std::size_t>(count, 1))
    throw std::runtime_error("strings larger than any results file holds");
  std::string buffer(size * count, '\0');
  check(read(type, buffer.data()), "reading strings");
  for (std::size_t i = 0; i < count; ++i) {
    std::string item = buffer.substr(i * size, size);
    item.erase(std::find(item.begin(), item.end(), '\0'), item.end());
    out.push_back(item);
  }
  return out;
}

// Reads everything a report may read, as the reader does: every link below
// the root, every object's attributes, every dataset in full. Run in a child
// process by check_readable(), since a damaged file can crash the HDF5
// library itself (a double free while listing a group, a segfault in
// H5Dread) where no error code reaches us.
herr_t read_attribute(hid_t location, const char* name, const H5A_info_t*, void*) {
  try {
    const Handle attribute(H5Aopen(location, name, H5P_DEFAULT), H5Aclose, name);
    const Handle type(H5Aget_type(attribute.get()), H5Tclose, name);
    const Handle space(H5Aget_space(attribute.get()), H5Sclose, name);
    if (element_count(space.get(), name) != 1) return 0;  // the reader reads single values only
    const std::size_t count = 1;
    if (H5Tget_class(type.get()) == H5T_STRING) {
      read_strings(type.get(), count,
                   [&](hid_t t, void* buffer) { return H5Aread(attribute.get(), t, buffer); });
    } else if (H5Tget_class(type.get()) == H5T_INTEGER || H5Tget_class(type.get()) == H5T_FLOAT) {
      std::vector<double> values(count);
      H5Aread(attribute.get(), H5T_NATIVE_DOUBLE, values.data());
    }
  } catch (const std::exception&) {  // an error, not a crash: the reader reports it
  }
  return 0;
}

void read_object(hid_t location, const char* name) {
  try {
    const Handle object(H5Oopen(location, name, H5P_DEFAULT), H5Oclose, name);
    H5Aiterate2(object.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, read_attribute, nullptr);
    if (H5Iget_type(object.get()) != H5I_DATASET) return;
    const Handle type(H5Dget_type(object.get()), H5Tclose, name);
    const Handle space(H5Dget_space(object.get()), H5Sclose, name);
    const std::size_t count = element_count(space.get(), name);
    if (count == 0) return;
    if (H5Tget_class(type.get()) == H5T_STRING) {
      read_strings(type.get(), count, [&](hid_t t, void* buffer) {
        return H5Dread(object.get(), t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
      });
    } else if (H5Tget_class(type.get()) == H5T_INTEGER || H5Tget_class(type.get()) == H5T_FLOAT) {
      std::vector<double> values(count);
      H5Dread(object.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    }
  } catch (const std::exception&) {
  }
}

// Every group below `group`, each once (a damaged file may link a group into
// itself), listed on its own as the reader lists groups (H5Literate, and
// H5Lvisit opening each object as datasets_under() does), so that a damaged
// group is reached even when listing its parent fails; and every object read
// once.
struct Walk {
  hid_t file;
  std::set<haddr_t> seen;  ///< objects read, by address
};

void read_group(Walk& walk, const std::string& group, int depth) {
  if (depth > 32 || walk.seen.size() > 100000) return;
  const hid_t handle = H5Oopen(walk.file, group.c_str(), H5P_DEFAULT);
  if (handle < 0) return;
  std::vector<std::string> children;
  const auto each = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
  };
  hsize_t index = 0;
  H5Literate(handle, H5_INDEX_NAME, H5_ITER_INC, &index, each, &children);
  const auto open_each = [](hid_t location, const char* name, const H5L_info_t*, void*) -> herr_t {
    const hid_t object = H5Oopen(location, name, H5P_DEFAULT);
    if (object >= 0) H5Oclose(object);
    return 0;
  };
  H5Lvisit(handle, H5_INDEX_NAME, H5_ITER_INC, open_each, nullptr);
  H5Oclose(handle);
  for (const std::string& child : children) {
    const std::string path = (group == "/" ? "/" : group + "/") + child;
    if (H5Lexists(walk.file, path.c_str(), H5P_DEFAULT) <= 0) continue;
    const hid_t object = H5Oopen(walk.file, path.c_str(), H5P_DEFAULT);
    if (object < 0) continue;
    H5O_info_t info{};
    const bool fresh =
        H5Oget_info2(object, &info, H5O_INFO_BASIC) >= 0 && walk.seen.insert(info.addr).second;
    const bool is_group = H5Iget_type(object) == H5I_GROUP;
    H5Oclose(object);
    if (!fresh) continue;
    read_object(walk.file, path.c_str());
    if (is_group) read_group(walk, path, depth + 1);
  }
}

void read_everything(const std::filesystem::path& path) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return;
  read_object(file, "/");
  Walk walk{file, {}};
  read_group(walk, "/", 0);
  H5Fclose(file);
}

[[noreturn]] void child_crashed() {
  _exit(3);
}

}  // namespace

void check_in_child(const std::filesystem::path& path, const std::function<void()>& work) {
  const pid_t child = fork();
  if (child < 0) return;  // no check, as before
  if (child == 0) {
    // The child dies quietly and by itself, whatever the build.
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDERR_FILENO);
    for (const int number : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL})
      std::signal(number, SIG_DFL);
    if (&__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(child_crashed);
    try {
      const hdf5::SilenceErrors silence;
      read_everything(path);
      work();
    } catch (...) {
      // Errors are the parent's to report when it does the same work.
    }
    _exit(0);
  }
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  for (;;) {
    const pid_t done = waitpid(child, &status, WNOHANG);
    if (done == child) break;
    if (done < 0) return;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      throw std::runtime_error(fmt::format(
          "'{}' is damaged: reading it with the HDF5 library does not end", path.string()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(
        fmt::format("'{}' is damaged: reading it crashes the HDF5 library", path.string()));
}

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
  const Handle space(H5Aget_space(attribute.get()), H5Sclose, "space of attribute " + name);
  // wfsim writes single values; reading one value of an attribute of several
  // would write them all, and reading millions of strings of a damaged one
  // would not end.
  const std::size_t count = element_count(space.get(), "attribute " + name);
  if (count != 1) return std::string("(not shown)");
  switch (H5Tget_class(type.get())) {
    case H5T_STRING: {
      const Handle memory(H5Tcopy(type.get()), H5Tclose, "H5Tcopy");
      const auto values = read_strings(memory.get(), count, [&](hid_t t, void* buffer) {
        return H5Aread(attribute.get(), t, buffer);
      });
      return values.front();
    }
    case H5T_INTEGER: {
      if (H5Tget_sign(type.get()) == H5T_SGN_NONE) {
        std::vector<std::uint64_t> values(count);
        check(H5Aread(attribute.get(), H5T_NATIVE_UINT64, values.data()),
              "reading attribute " + name);
        return std::to_string(values.front());
      }
      std::vector<std::int64_t> values(count);
      check(H5Aread(attribute.get(), H5T_NATIVE_INT64, values.data()), "reading attribute " + name);
      return std::to_string(values.front());
    }
    case H5T_FLOAT: {
      std::vector<double> values(count);
      check(H5Aread(attribute.get(), H5T_NATIVE_DOUBLE, values.data()),
            "reading attribute " + name);
      return fmt::format("{:.10g}", values.front());
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
  const std::size_t count = element_count(space.get(), path);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "the shape of " + path);
  Array array;
  for (hsize_t d : dims) array.shape.push_back(static_cast<std::size_t>(d));
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
  const std::size_t count = element_count(space.get(), path);
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
