#include "io/yaml_reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "io/input_file.hpp"

namespace wfsim {

bool valid_id(const std::string& id) {
  // "." and ".." would name the current or parent HDF5 group.
  if (id.empty() || id.find_first_not_of('.') == std::string::npos) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

void YamlReader::fail(const YAML::Node& node, const std::string& path, const std::string& problem,
                      const std::string& hint) const {
  throw InputError(locate(node, path), path, problem, hint);
}

InputLocation YamlReader::locate(const YAML::Node& node, const std::string& path) const {
  // The most specific source wins: a --set inside an extended file's block
  // is reported against the override.
  const YamlSource* source = nullptr;
  std::size_t best = 0;
  for (const auto& [key, candidate] : sources_) {
    const bool covers = key.empty() || path == key || path.rfind(key + ".", 0) == 0;
    if (covers && (source == nullptr || key.size() >= best)) {
      source = &candidate;
      best = key.size();
    }
  }
  const std::string& name = source != nullptr ? source->name : origin_;
  if (source != nullptr && !source->has_marks) return {name, 0, 0};
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) {
    // A key that a --set created on its way to a deeper key: name that override.
    for (const auto& [key, deeper] : sources_) {
      if (!deeper.has_marks && key.rfind(path + ".", 0) == 0) return {deeper.name, 0, 0};
    }
    return {name, 0, 0};
  }
  return {name, mark.line + 1, mark.column + 1};
}

std::string YamlReader::file_of(const YAML::Node& node, const std::string& path) const {
  const InputLocation where = locate(node, path);
  return where.line > 0 ? where.file : origin_;
}

void YamlReader::expect_map(const YAML::Node& node, const std::string& path) const {
  if (!node.IsMap()) fail(node, path, "expected a mapping (key: value pairs)");
}

void YamlReader::expect_list(const YAML::Node& node, const std::string& path) const {
  if (!node.IsSequence()) fail(node, path, "expected a list");
}

void YamlReader::check_keys(const YAML::Node& node, const std::string& path,
                            const std::vector<std::string>& allowed) const {
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    const std::string suggestion = did_you_mean(key, allowed);
    fail(entry.first, join_path(path, key), "unknown key '" + key + "'",
         suggestion.empty() ? "allowed keys: " + join(allowed)
                            : "did you mean '" + suggestion + "'?");
  }
}

void YamlReader::require(const YAML::Node& node, const std::string& path, const std::string& key,
                         const std::string& hint) const {
  if (!node[key]) fail(node, join_path(path, key), "missing required key '" + key + "'", hint);
}

std::string YamlReader::scalar(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) fail(node, path, "expected a single value");
  return node.Scalar();
}

std::string YamlReader::id(const YAML::Node& node, const std::string& path) const {
  const std::string value = scalar(node, path);
  if (!valid_id(value)) {
    fail(node, path, "invalid id '" + value + "'",
         "ids use only letters, digits, '_', '.' and '-', and not only dots (they name HDF5 "
         "groups)");
  }
  return value;
}

double YamlReader::real(const YAML::Node& node, const std::string& path, double min,
                        double max) const {
  const std::string value = scalar(node, path);
  double parsed = 0.0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (error != std::errc() || end != value.data() + value.size() || !std::isfinite(parsed)) {
    fail(node, path, "expected a number, got '" + value + "'");
  }
  if (parsed < min || parsed > max) {
    fail(node, path, fmt::format("{} is out of range", value),
         fmt::format("allowed: {} to {}", min, max));
  }
  return parsed;
}

std::int64_t YamlReader::integer(const YAML::Node& node, const std::string& path, std::int64_t min,
                                 std::int64_t max) const {
  const std::string value = scalar(node, path);
  std::int64_t parsed = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (error != std::errc() || end != value.data() + value.size()) {
    fail(node, path, "expected a whole number, got '" + value + "'");
  }
  if (parsed < min || parsed > max) {
    fail(node, path, fmt::format("{} is out of range", value),
         fmt::format("allowed: {} to {}", min, max));
  }
  return parsed;
}

bool YamlReader::boolean(const YAML::Node& node, const std::string& path) const {
  const std::string value = scalar(node, path);
  if (value == "true" || value == "True" || value == "yes") return true;
  if (value == "false" || value == "False" || value == "no") return false;
  fail(node, path, "expected true or false, got '" + value + "'");
}

std::size_t YamlReader::choice_index(const YAML::Node& node, const std::string& path,
                                     const std::vector<std::string>& names) const {
  const std::string value = scalar(node, path);
  const auto it = std::find(names.begin(), names.end(), value);
  if (it == names.end()) {
    const std::string suggestion = did_you_mean(value, names);
    fail(node, path, "unknown value '" + value + "'",
         suggestion.empty() ? "one of: " + join(names) : "did you mean '" + suggestion + "'?");
  }
  return static_cast<std::size_t>(it - names.begin());
}

void check_unique_keys(const YAML::Node& root, const std::string& origin) {
  // Iterative, so no nesting depth can exhaust the stack; each collection is
  // walked once, however often aliases repeat it.
  std::vector<std::pair<YAML::Node, std::string>> pending{{root, ""}};
  std::set<std::pair<int, int>> walked;  // (position, type) of collections seen
  while (!pending.empty()) {
    const auto [node, path] = std::move(pending.back());
    pending.pop_back();
    if (!node.IsMap() && !node.IsSequence()) continue;
    const YAML::Mark mark = node.Mark();
    if (!mark.is_null() && !walked.emplace(mark.pos, static_cast<int>(node.Type())).second)
      continue;
    if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i)
        pending.emplace_back(node[i], YamlReader::join_path(path, std::to_string(i)));
      continue;
    }
    std::map<std::string, YAML::Mark> first_seen;
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) {
        const YAML::Mark at = entry.first.Mark().is_null() ? mark : entry.first.Mark();
        throw InputError({origin, at.line + 1, at.column + 1}, path,
                         entry.first.IsNull() ? "a key is empty" : "a key is a list or mapping",
                         "keys are names, such as weeks or annual_rate");
      }
      const std::string key = entry.first.Scalar();
      const std::string key_path = YamlReader::join_path(path, key);
      const YAML::Mark at = entry.first.Mark();
      const auto [first, added] = first_seen.emplace(key, at);
      if (!added) {
        throw InputError({origin, at.line + 1, at.column + 1}, key_path,
                         fmt::format("duplicate key '{}': it is also given at line {}, column {}",
                                     key, first->second.line + 1, first->second.column + 1),
                         "give each key once; YAML would silently keep only one of them");
      }
      pending.emplace_back(entry.second, key_path);
    }
  }
}

YAML::Node parse_yaml(const std::string& text, const std::string& origin) {
  check_text_characters(text, origin);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    throw InputError({origin, e.mark.line + 1, e.mark.column + 1}, "",
                     "lists or mappings are nested too deeply",
                     "no input nests them more than a few levels: is it the right file?");
  } catch (const YAML::ParserException& e) {
    throw InputError({origin, e.mark.line + 1, e.mark.column + 1}, "",
                     "YAML syntax error: " + e.msg);
  }
  check_unique_keys(root, origin);
  return root;
}

std::string read_text_file(const std::filesystem::path& file, const InputLocation& referrer,
                           const std::string& key_path, std::uint64_t max_bytes) {
  return read_input_file(
      file, referrer, key_path, max_bytes,
      key_path.empty() ? "check the path" : "paths are relative to the scenario file");
}

}  // namespace wfsim
