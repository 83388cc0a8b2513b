// Errors in user input (scenario files, --set overrides, command lines, CSV):
// the CLI turns these into exit code 2 with a message naming where.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace wfsim {

struct InputLocation {
  std::string file;  ///< file name, or "--set KEY=VALUE" for an override
  int line = 0;      ///< 1-based; 0 when unknown
  int column = 0;    ///< 1-based; 0 when unknown
};

class InputError : public std::runtime_error {
 public:
  InputError(InputLocation where, std::string key_path, std::string problem, std::string hint = {});

  const InputLocation& where() const { return where_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& problem() const { return problem_; }
  const std::string& hint() const { return hint_; }

 private:
  InputLocation where_;
  std::string key_path_;
  std::string problem_;
  std::string hint_;
};

/// The closest of `candidates` to `word` if it is plausibly a typo of it, else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace wfsim
