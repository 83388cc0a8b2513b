// Strict, located reading of YAML input files (scenarios, experiments,
// calibrations): every problem becomes an InputError naming the file, line,
// column and key path, with a hint.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "io/input_error.hpp"
#include "io/input_file.hpp"

namespace wfsim {

/// Ids name HDF5 groups: letters, digits, '_', '.', '-', and not only dots.
bool valid_id(const std::string& id);

/// "a, b, c".
std::string join(const std::vector<std::string>& words);

/// Where a part of a merged YAML tree came from, when not the file itself: a
/// file it extends (marks are valid there) or a --set override (no marks).
struct YamlSource {
  std::string name;
  bool has_marks = true;
};
using YamlSources = std::map<std::string, YamlSource>;  // key path -> source of that subtree

class YamlReader {
 public:
  explicit YamlReader(std::string origin, YamlSources sources = {})
      : origin_(std::move(origin)), sources_(std::move(sources)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& path,
                         const std::string& problem, const std::string& hint = {}) const;

  InputLocation locate(const YAML::Node& node, const std::string& path) const;

  /// The file a key path was read from: an extended file, or this one.
  std::string file_of(const YAML::Node& node, const std::string& path) const;

  void expect_map(const YAML::Node& node, const std::string& path) const;
  void expect_list(const YAML::Node& node, const std::string& path) const;

  /// Unknown keys are errors, with a suggestion where one is close.
  void check_keys(const YAML::Node& node, const std::string& path,
                  const std::vector<std::string>& allowed) const;

  /// Fails naming `key` when `node` lacks it.
  void require(const YAML::Node& node, const std::string& path, const std::string& key,
               const std::string& hint = {}) const;

  std::string scalar(const YAML::Node& node, const std::string& path) const;
  std::string text(const YAML::Node& node, const std::string& path) const {
    return scalar(node, path);
  }
  std::string id(const YAML::Node& node, const std::string& path) const;
  double real(const YAML::Node& node, const std::string& path, double min, double max) const;
  std::int64_t integer(const YAML::Node& node, const std::string& path, std::int64_t min,
                       std::int64_t max) const;
  bool boolean(const YAML::Node& node, const std::string& path) const;

  /// One of `names`; returns its index.
  std::size_t choice_index(const YAML::Node& node, const std::string& path,
                           const std::vector<std::string>& names) const;
  template <class Enum>
  Enum choice(const YAML::Node& node, const std::string& path,
              const std::vector<std::string>& names) const {
    return static_cast<Enum>(choice_index(node, path, names));
  }

  static std::string join_path(const std::string& base, const std::string& key) {
    return base.empty() ? key : base + "." + key;
  }

  const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
  YamlSources sources_;
};

/// Parses YAML text, turning syntax errors into located InputErrors. Control
/// characters (io/input_file.hpp) and a key given twice in one mapping are
/// errors too.
YAML::Node parse_yaml(const std::string& text, const std::string& origin);

/// Throws an InputError naming `origin`, both places and the key path when a
/// mapping anywhere in `root` has the same key twice, or a key that is not a
/// single value (a list, a mapping, or nothing).
void check_unique_keys(const YAML::Node& root, const std::string& origin);

/// Reads a whole input file through read_input_file (io/input_file.hpp):
/// regular files only, at most `max_bytes`; `referrer` names who asked for it
/// in the error.
std::string read_text_file(const std::filesystem::path& file, const InputLocation& referrer,
                           const std::string& key_path,
                           std::uint64_t max_bytes = kMaxYamlFileBytes);

}  // namespace wfsim
