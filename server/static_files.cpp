#include "server/static_files.hpp"

#include <fstream>
#include <map>
#include <sstream>

namespace wfsim::serve {

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {
  std::error_code error;
  const auto canonical = std::filesystem::weakly_canonical(root_, error);
  if (!error) root_ = canonical;
}

bool StaticFiles::page_built() const {
  std::error_code error;
  return std::filesystem::is_regular_file(root_ / "index.html", error);
}

bool escapes_root(const std::string& path) {
  if (path.find('\\') != std::string::npos || path.find('\0') != std::string::npos) return true;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    if (path.compare(start, end - start, "..") == 0 && end - start == 2) return true;
    start = end + 1;
  }
  return false;
}

std::optional<StaticFile> StaticFiles::read(const std::string& path) const {
  if (path.empty() || path[0] != '/' || escapes_root(path)) return std::nullopt;
  std::filesystem::path file = root_ / std::filesystem::path(path.substr(1));
  std::error_code error;
  if (std::filesystem::is_directory(file, error)) file /= "index.html";
  // Symbolic links could still point outside: the resolved path must stay under the root.
  const auto resolved = std::filesystem::weakly_canonical(file, error);
  if (error) return std::nullopt;
  const auto [root_end, unused] =
      std::mismatch(root_.begin(), root_.end(), resolved.begin(), resolved.end());
  if (root_end != root_.end() || !std::filesystem::is_regular_file(resolved, error))
    return std::nullopt;
  std::ifstream in(resolved, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream body;
  body << in.rdbuf();
  return StaticFile{body.str(), content_type_for(resolved)};
}

std::string content_type_for(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> types{{".html", "text/html; charset=utf-8"},
                                                        {".js", "text/javascript; charset=utf-8"},
                                                        {".mjs", "text/javascript; charset=utf-8"},
                                                        {".css", "text/css; charset=utf-8"},
                                                        {".json", "application/json"},
                                                        {".svg", "image/svg+xml"},
                                                        {".png", "image/png"},
                                                        {".ico", "image/x-icon"},
                                                        {".map", "application/json"},
                                                        {".txt", "text/plain; charset=utf-8"},
                                                        {".woff2", "font/woff2"}};
  const auto found = types.find(file.extension().string());
  return found != types.end() ? found->second : "application/octet-stream";
}

}  // namespace wfsim::serve
