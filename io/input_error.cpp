#include "io/input_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace wfsim {

namespace {

std::string describe(const InputLocation& where, const std::string& key_path,
                     const std::string& problem, const std::string& hint) {
  std::string text = where.line > 0
                         ? fmt::format("{}:{}:{}: ", where.file, where.line, where.column)
                         : fmt::format("{}: ", where.file);
  if (!key_path.empty()) text += fmt::format("{}: ", key_path);
  text += problem;
  if (!hint.empty()) text += fmt::format(" (hint: {})", hint);
  return text;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

InputError::InputError(InputLocation where, std::string key_path, std::string problem,
                       std::string hint)
    : std::runtime_error(describe(where, key_path, problem, hint)),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      problem_(std::move(problem)),
      hint_(std::move(hint)) {}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    // A longer or shorter form of a real key ("weeks_total" for "weeks")
    // counts as a near miss, as does a small edit distance.
    const bool extends = candidate.size() >= 3 && word.size() >= 3 &&
                         (word.rfind(candidate, 0) == 0 || candidate.rfind(word, 0) == 0);
    const std::size_t distance = extends ? 1 : edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace wfsim
