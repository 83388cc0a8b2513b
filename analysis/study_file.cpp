#include "analysis/study_file.hpp"

namespace wfsim {

namespace {

// A scenario path as written: from the working directory, else from the study
// file's folder, so studies kept beside their scenarios work too.
std::filesystem::path resolve(const std::filesystem::path& study_file, const std::string& path) {
  const std::filesystem::path given(path);
  if (given.is_absolute() || std::filesystem::exists(given)) return given;
  const std::filesystem::path beside = study_file.parent_path() / given;
  return std::filesystem::exists(beside) ? beside : given;
}

}  // namespace

std::vector<StudyKey> set_keys(const std::vector<std::string>& fixed,
                               const std::vector<InputLocation>& where) {
  std::vector<StudyKey> keys;
  for (std::size_t i = 0; i < fixed.size(); ++i) {
    const std::string key = fixed[i].substr(0, fixed[i].find('='));
    keys.push_back({key, "set." + key, where.at(i)});
  }
  return keys;
}

InputError in_study_file(const InputError& error, const std::vector<StudyKey>& keys) {
  const std::string& place = error.where().file;
  for (const StudyKey& key : keys) {
    const std::string argument = "--set " + key.key + "=";
    if (error.where().line != 0 || place.rfind(argument, 0) != 0) continue;
    const std::string value = place.substr(argument.size());
    const std::string inner =
        error.key_path().empty() || error.key_path() == key.key ? "" : error.key_path() + ": ";
    return InputError(key.where, key.key_path,
                      "the scenario rejects " + value + ": " + inner + error.problem(),
                      error.hint());
  }
  return error;
}

StudyFile open_study_file(const std::filesystem::path& file, const std::string& kind,
                          const std::vector<std::string>& allowed) {
  const std::string source = file.string();
  std::string text = read_text_file(file, {source, 0, 0}, "");
  YAML::Node root = parse_yaml(text, source);
  StudyFile study{source, std::move(text), root, YamlReader(source), {}};
  const YamlReader& r = study.reader;
  if (!root.IsMap()) r.fail(root, "", kind + " is a mapping of keys");
  r.check_keys(root, "", allowed);
  r.require(root, "", "scenario", "e.g. scenario: scenarios/baseline.yaml");
  study.scenario = resolve(file, r.text(root["scenario"], "scenario"));
  return study;
}

}  // namespace wfsim
