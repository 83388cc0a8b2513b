// Read-only access to a results file through HDF5's C API: attributes of any
// type as text or numbers, numeric datasets with their shape, string
// datasets, and the datasets under a group. Every failure throws
// std::runtime_error naming the object.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace wfsim::report {

/// A numeric dataset read as doubles, row-major, with its dimensions.
struct Array {
  std::vector<std::size_t> shape;
  std::vector<double> values;
  std::size_t rows() const { return shape.empty() ? 0 : shape[0]; }
  /// Elements per row: the product of every dimension after the first.
  std::size_t row_length() const;
  double at(std::size_t row, std::size_t column) const {
    return values[row * row_length() + column];
  }
};

/// An HDF5 file opened read-only, closed when the object goes out of scope.
/// Throws std::runtime_error if reading the whole of `path`, then `work`,
/// crashes (or, past a minute, hangs) a child process: the file is damaged in
/// a way the HDF5 library itself does not survive (a double free while
/// listing a group, a segfault in H5Dread), where no error code reaches us,
/// so this process must not read it. Errors `work` throws are ignored there.
void check_in_child(const std::filesystem::path& path, const std::function<void()>& work);

class H5Reader {
 public:
  /// Opens `path`; throws std::runtime_error when it is not an HDF5 file.
  explicit H5Reader(const std::filesystem::path& path);
  H5Reader(const H5Reader&) = delete;
  H5Reader& operator=(const H5Reader&) = delete;
  ~H5Reader();

  /// True when `path` (e.g. "a/series/headcount") exists, all its parents too.
  bool exists(const std::string& path) const;
  bool is_group(const std::string& path) const;
  bool is_dataset(const std::string& path) const;
  bool has_attribute(const std::string& name, const std::string& object = "/") const;
  /// A string attribute as is, a numeric one as text (integers exactly,
  /// floats to 10 significant digits); nullopt when it is absent.
  std::optional<std::string> attribute_text(const std::string& name,
                                            const std::string& object = "/") const;
  /// A numeric attribute (or a string holding a number); nullopt when absent.
  std::optional<double> attribute_number(const std::string& name,
                                         const std::string& object = "/") const;
  /// Every attribute name of `object`, in creation (or name) order.
  std::vector<std::string> attribute_names(const std::string& object = "/") const;

  /// A whole numeric dataset converted to double.
  Array doubles(const std::string& path) const;
  /// A whole variable- or fixed-length string dataset.
  std::vector<std::string> strings(const std::string& path) const;
  /// Datasets below `group`, as paths relative to it (e.g. "uptake/x"), sorted.
  std::vector<std::string> datasets_under(const std::string& group) const;
  /// Direct children of `group` that are groups, sorted.
  std::vector<std::string> subgroups(const std::string& group) const;

 private:
  hid_t id_ = -1;
};

}  // namespace wfsim::report
