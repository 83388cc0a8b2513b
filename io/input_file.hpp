// Reading input files (scenarios and the files they name, study files,
// priors, targets, survey and authority CSV): one bounded reader that takes
// only regular files of a sensible size, and a check that the text holds no
// control characters. Every refusal is an InputError naming the place.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "io/input_error.hpp"

namespace wfsim {

/// The largest YAML input file (scenarios, study files, priors, targets).
inline constexpr std::uint64_t kMaxYamlFileBytes = std::uint64_t{64} << 20;
/// The largest CSV input file (survey microdata, authority figures).
inline constexpr std::uint64_t kMaxCsvFileBytes = std::uint64_t{256} << 20;

/// The whole text of `file`, which must be a regular file of at most
/// `max_bytes` bytes: a directory, a FIFO or a device (such as /dev/zero) is
/// refused without reading (a FIFO is opened without blocking), and so is a
/// larger file. Errors are reported at `referrer` (the place that names the
/// file: a line of another file, or the file itself) under `key_path`, with
/// `hint` when the file cannot be opened.
std::string read_input_file(const std::filesystem::path& file, const InputLocation& referrer,
                            const std::string& key_path, std::uint64_t max_bytes,
                            const std::string& hint = "check the path");

/// Throws an InputError at the first control character of `text` (a NUL
/// byte, say, or any other below 0x20 or 0x7f), naming `origin`, its line and
/// its byte column. Tabs, carriage returns and line feeds are allowed.
void check_text_characters(std::string_view text, const std::string& origin);

}  // namespace wfsim
