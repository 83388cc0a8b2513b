#include "tests/fuzz/fuzz_common.hpp"

#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <string>

namespace wfsim::fuzz {

namespace {

struct WorkDir {
  WorkDir()
      : dir(std::filesystem::temp_directory_path() / ("wfsim_fuzz_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir);
    std::filesystem::copy(std::filesystem::path(WFSIM_SOURCE_DIR) / "scenarios", dir / "scenarios",
                          std::filesystem::copy_options::overwrite_existing |
                              std::filesystem::copy_options::recursive);
  }
  ~WorkDir() {
    std::error_code error;
    std::filesystem::remove_all(dir, error);
  }
  std::filesystem::path dir;
};

}  // namespace

const std::filesystem::path& work_dir() {
  static const WorkDir folder;
  return folder.dir;
}

std::filesystem::path write_input(const std::string& name, const std::uint8_t* data,
                                  std::size_t size) {
  const std::filesystem::path path = work_dir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) throw std::runtime_error("fuzz: cannot write " + path.string());
  return path;
}

}  // namespace wfsim::fuzz
