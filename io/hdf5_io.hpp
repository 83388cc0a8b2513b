// Small RAII helpers over HDF5's C API, shared by the results writers: every
// identifier closed on every path, failures thrown with HDF5's own cause.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace wfsim::hdf5 {

/// The innermost message of HDF5's error stack, as " (function: description)".
std::string error_cause();

/// Throws std::runtime_error("<what> failed (<cause>)") when `status` < 0.
template <typename Status>
Status check(Status status, const std::string& what) {
  if (status < 0) throw std::runtime_error(what + " failed" + error_cause());
  return status;
}

/// Owns one HDF5 identifier so that every early exit closes it.
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

/// HDF5 prints its error stack to stderr by default; we report it in the
/// exception instead. The previous handler is restored for other HDF5 users.
class SilenceErrors {
 public:
  SilenceErrors();
  SilenceErrors(const SilenceErrors&) = delete;
  SilenceErrors& operator=(const SilenceErrors&) = delete;
  ~SilenceErrors();

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

/// Variable-length UTF-8 strings, which h5py reads as str.
Handle utf8_string_type();

/// Link creation that makes intermediate groups ("uptake/rip") and allows UTF-8 names.
Handle link_creation();

/// Creates a file through `write` at a temporary path in the same directory
/// (so the rename cannot cross file systems; the pid keeps concurrent writers
/// of one path apart), renamed over `path` only once complete and closed. On
/// failure the temporary file is removed, `path` is untouched, and a
/// std::runtime_error names `path` and the cause.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(hid_t file)>& write);

void write_string_attribute(hid_t loc, const std::string& name, const std::string& value);
void write_int_attribute(hid_t loc, const std::string& name, int value);
void write_uint64_attribute(hid_t loc, const std::string& name, std::uint64_t value);

/// A chunked, shuffled and deflated dataset written in one go.
void write_dataset(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type,
                   const std::vector<hsize_t>& dims, const void* data, hid_t lcpl);

void write_doubles(hid_t loc, const std::string& name, const std::vector<double>& values,
                   hid_t lcpl);
void write_ints(hid_t loc, const std::string& name, const std::vector<int>& values, hid_t lcpl);
void write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& values,
                   hid_t lcpl);

std::string read_string_attribute(hid_t loc, const std::string& name);
std::vector<double> read_doubles(hid_t loc, const std::string& name);
std::vector<std::int64_t> read_int64s(hid_t loc, const std::string& name);
/// A dataset of variable-length strings, as write_strings writes them.
std::vector<std::string> read_strings(hid_t loc, const std::string& name);
int read_int_attribute(hid_t loc, const std::string& name);

}  // namespace wfsim::hdf5
