// Writing a whole file so that readers see either the old file or the new
// one, never a part: a temporary file beside it, renamed into place.
#pragma once

#include <filesystem>
#include <string_view>

namespace wfsim {

/// The temporary name `file` is written through, `file.tmp-PID`, once any
/// temporaries beside it left by processes no longer running (killed with
/// SIGKILL, a power cut) have been removed, so that they do not pile up.
std::filesystem::path temporary_for(const std::filesystem::path& file);

/// Writes `content` to `file` through `file.tmp-PID`, renamed over `file` once
/// complete. On failure throws std::runtime_error, removes the temporary file
/// and leaves any existing `file` untouched.
void write_file_atomically(const std::filesystem::path& file, std::string_view content);

}  // namespace wfsim
