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

/// Reads and checks `file`: a mapping (`kind` says what it should be, e.g.
/// "a calibration file") with keys among `allowed`, `scenario:` among them.
/// Throws InputError with file, line and column otherwise.
StudyFile open_study_file(const std::filesystem::path& file, const std::string& kind,
                          const std::vector<std::string>& allowed);

}  // namespace wfsim
