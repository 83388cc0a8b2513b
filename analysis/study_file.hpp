// What the study files (sweep experiments, calibrations, sensitivity
// experiments) share: read as text (kept verbatim in their results file),
// parsed as a mapping with only the keys the kind allows and a `scenario:`,
// whose path is found as given or beside the study file.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "io/yaml_reader.hpp"

namespace wfsim {

struct StudyFile {
  std::string source;  ///< the path as given, for messages
  std::string text;    ///< the file's text
  YAML::Node root;
  YamlReader reader;
  std::filesystem::path scenario;  ///< the `scenario:` path, resolved
};

/// A key a study file turns into a --set override of its scenario: a factor,
/// a prior, a `set:` entry.
struct StudyKey {
  std::string key;       ///< the scenario key path, as written
  std::string key_path;  ///< in the study file: "factors.KEY", "priors.KEY", "set.KEY"
  InputLocation where;   ///< of the key in the study file
};

/// The `set:` entries of a study file (`KEY=VALUE`, each at `where`) as keys
/// for in_study_file.
std::vector<StudyKey> set_keys(const std::vector<std::string>& fixed,
                               const std::vector<InputLocation>& where);

/// `error` as it belongs in the study file: when the scenario rejected one
/// of `keys`' overrides (the error names "--set KEY=VALUE"), the same problem
/// at that key's line and column in the study file, under its key path;
/// otherwise `error` itself (a problem in the scenario file, say).
InputError in_study_file(const InputError& error, const std::vector<StudyKey>& keys);

/// Reads and checks `file`: a mapping (`kind` says what it should be, e.g.
/// "a calibration file") with keys among `allowed`, `scenario:` among them.
/// Throws InputError with file, line and column otherwise.
StudyFile open_study_file(const std::filesystem::path& file, const std::string& kind,
                          const std::vector<std::string>& allowed);

}  // namespace wfsim
