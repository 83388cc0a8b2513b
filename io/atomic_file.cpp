#include "io/atomic_file.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <string>

namespace wfsim {

namespace {

/// Whether a process with this id is running (or may be: one we may not signal).
bool process_exists(pid_t pid) {
  return kill(pid, 0) == 0 || errno != ESRCH;
}

}  // namespace

std::filesystem::path temporary_for(const std::filesystem::path& file) {
  namespace fs = std::filesystem;
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  const std::string prefix = file.filename().string() + ".tmp-";
  std::error_code error;
  for (fs::directory_iterator entry(dir, error), end; !error && entry != end;
       entry.increment(error)) {
    const std::string name = entry->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    std::error_code ignored;  // a temporary we cannot remove is only clutter
    if (pid != getpid() && !process_exists(pid)) fs::remove(entry->path(), ignored);
  }
  return file.string() + ".tmp-" + std::to_string(getpid());
}

void write_file_atomically(const std::filesystem::path& file, std::string_view content) {
  const std::filesystem::path tmp = temporary_for(file);
  try {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot create " + tmp.string());
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();  // flushes: only now do write errors show in the stream state
    if (!out) throw std::runtime_error("error writing " + tmp.string());
    std::filesystem::rename(tmp, file);
  } catch (const std::exception& e) {
    std::error_code ignored;  // the original failure is the one worth reporting
    std::filesystem::remove(tmp, ignored);
    throw std::runtime_error("cannot write " + file.string() + ": " + e.what());
  }
}

}  // namespace wfsim
