// The scenario cards a workshop can choose from: every scenario file of a
// folder that loads and validates, with the question and source from its
// header comment.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/scenario_io.hpp"

namespace wfsim::serve {

/// One shipped scenario, resolved once at start-up.
struct ScenarioCard {
  std::string id;  ///< the file name without .yaml
  std::string title;
  std::string question;  ///< from "# Question:" (or the first paragraph of the header)
  std::string source;    ///< from "# Source:" / "# Sources:", or ""
  std::filesystem::path file;
  Scenario scenario;  ///< fully resolved, without overrides
  std::size_t posts = 0;
};

/// The question and source of a scenario file's header comment.
struct HeaderText {
  std::string question;
  std::string source;
};

/// Reads the leading `#` comment of a scenario file's text.
HeaderText parse_header(const std::string& text);

class Catalogue {
 public:
  /// Loads every *.yaml in `dir`. Files that do not load are skipped, with
  /// one line each in `skipped`. Throws std::runtime_error if `dir` holds no
  /// scenario that loads.
  static Catalogue load(const std::filesystem::path& dir, std::vector<std::string>* skipped);

  /// Sure Start children's centre first, then one local authority, then the rest by id.
  const std::vector<ScenarioCard>& cards() const { return cards_; }
  /// The card with `id`, or nullptr.
  const ScenarioCard* find(const std::string& id) const;
  const ScenarioSchema& schema() const { return schema_; }

 private:
  std::vector<ScenarioCard> cards_;
  ScenarioSchema schema_;
};

/// The card as GET /api/scenarios lists it; a card of more than `max_agents`
/// posts is marked unavailable, with the reason in plain words.
nlohmann::json card_json(const ScenarioCard& card, std::size_t max_agents);

/// Why a card of `posts` posts cannot be opened in the browser, in plain words.
std::string too_big_reason(std::size_t posts, std::size_t max_agents);

}  // namespace wfsim::serve
