// The workshop page's files, served from one folder. Paths are checked
// before any file is opened: a `..` segment (however it was encoded), a
// backslash or a NUL is 404, and the resolved file must lie inside the folder.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace wfsim::serve {

struct StaticFile {
  std::string body;
  std::string content_type;
};

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  /// Whether the folder holds the built page (an index.html).
  bool page_built() const;
  const std::filesystem::path& root() const { return root_; }

  /// The file for the decoded request path `path` ("/" is index.html), or
  /// nothing if it is not a file inside the folder.
  std::optional<StaticFile> read(const std::string& path) const;

 private:
  std::filesystem::path root_;
};

/// The Content-Type for a file name.
std::string content_type_for(const std::filesystem::path& file);

/// True if `path` (decoded) could leave the folder: a ".." segment, a
/// backslash or a NUL.
bool escapes_root(const std::string& path);

}  // namespace wfsim::serve
