#include "io/atomic_file.hpp"

#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <string>

namespace wfsim {

void write_file_atomically(const std::filesystem::path& file, std::string_view content) {
  const std::filesystem::path tmp = file.string() + ".tmp-" + std::to_string(getpid());
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
