// Reading results files back in tests through the HDF5 C API: attributes,
// whole datasets as doubles or strings, and the list of every dataset, so two
// files can be compared dataset by dataset.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace wfsim::test {

/// An open HDF5 file (read-only), closed when the object goes out of scope.
/// Every reader throws std::runtime_error naming the object when it fails.
class H5File {
 public:
  explicit H5File(const std::filesystem::path& path);
  H5File(const H5File&) = delete;
  H5File& operator=(const H5File&) = delete;
  ~H5File();

  hid_t id() const { return id_; }

  /// True when `path` (e.g. "a/series/headcount") names a link, all its parents existing.
  bool exists(const std::string& path) const;
  /// True when `path` exists and is a dataset.
  bool is_dataset(const std::string& path) const;
  /// Attribute names of the object at `path` ("/" for the root), sorted.
  std::vector<std::string> attribute_names(const std::string& path = "/") const;
  bool has_attribute(const std::string& name, const std::string& path = "/") const;
  std::string string_attribute(const std::string& name, const std::string& path = "/") const;
  /// An integer attribute (signed or unsigned, up to 63 bits) as int64.
  std::int64_t int_attribute(const std::string& name, const std::string& path = "/") const;
  /// Any string, integer or float attribute as text (numbers to 17 digits), to compare files.
  std::string attribute_text(const std::string& name, const std::string& path = "/") const;

  std::vector<hsize_t> shape(const std::string& dataset) const;
  /// A whole numeric dataset converted to double (integers included), row-major.
  std::vector<double> doubles(const std::string& dataset) const;
  /// True when the dataset at `path` holds strings.
  bool is_string_dataset(const std::string& path) const;
  /// A whole dataset of variable-length strings.
  std::vector<std::string> strings(const std::string& dataset) const;
  /// Every dataset in the file, as paths without a leading slash, sorted.
  std::vector<std::string> datasets() const;

 private:
  hid_t id_ = -1;
};

/// Equal element by element, NaN equal to NaN (and to nothing else).
bool same_values(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace wfsim::test
