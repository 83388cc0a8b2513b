// Runs a fuzz target's LLVMFuzzerTestOneInput on every file of the folders
// (or files) named on the command line, in name order: the seed corpus and
// the kept regression inputs, in the ordinary build, on any machine. A crash,
// a sanitizer report or an uncaught exception fails the run; a missing
// folder is skipped (a target may have no regression inputs yet).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path given(argv[i]);
    if (std::filesystem::is_directory(given)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(given))
        if (entry.is_regular_file() && entry.path().filename().string().front() != '.' &&
            entry.path().filename() != "README.md" && entry.path().extension() != ".note")
          files.push_back(entry.path());
    } else if (std::filesystem::is_regular_file(given)) {
      files.push_back(given);
    } else {
      std::fprintf(stderr, "replay: %s: none, skipped\n", argv[i]);
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::fprintf(stderr, "replay: %s\n", file.c_str());
    std::ifstream in(file, std::ios::binary);
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                  std::istreambuf_iterator<char>()};
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::fprintf(stderr, "replay: %zu inputs, no crash\n", files.size());
  return files.empty() ? 1 : 0;
}
