// What the fuzz targets share: a folder of their own for the files the
// commands read (the fuzz input is written there, beside a copy of the
// shipped scenarios, so that `extends:` and relative `scenario:` paths
// resolve as they do for users), and the size above which inputs are ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "io/input_error.hpp"

namespace wfsim::fuzz {

/// Inputs longer than this are skipped: the commands' files are small, and
/// longer inputs only slow the search down.
inline constexpr std::size_t kMaxInput = 64 * 1024;

/// This process's folder (made once, removed at exit), holding `scenarios/`:
/// a copy of the repository's scenarios folder.
const std::filesystem::path& work_dir();

/// Writes `data` to `name` inside work_dir() and returns its path.
std::filesystem::path write_input(const std::string& name, const std::uint8_t* data,
                                  std::size_t size);

/// A target's whole body for a command that reads one file: the input,
/// written as `name`, is given to `read`; an InputError is the right answer
/// to a bad file, anything else escapes as a finding.
template <typename Read>
int read_input_file(const std::string& name, const std::uint8_t* data, std::size_t size,
                    Read read) {
  if (size > kMaxInput) return -1;
  const std::filesystem::path file = write_input(name, data, size);
  try {
    read(file);
  } catch (const InputError&) {
  }
  return 0;
}

}  // namespace wfsim::fuzz
