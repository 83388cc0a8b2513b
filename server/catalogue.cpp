#include "server/catalogue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "models/model.hpp"

namespace wfsim::serve {

namespace {

/// Titles for the shipped scenarios; any other file is titled from its id.
const std::map<std::string, std::string>& known_titles() {
  static const std::map<std::string, std::string> titles{
      {"sure_start_centre", "Sure Start children's centre"},
      {"baseline", "One local authority's children's services"},
      {"agile_hotdesking", "Agile working and hot-desking"},
      {"champion_leaves", "The research champion leaves"},
      {"colocated_partner", "Sharing an office with a partner agency"},
      {"council_agile_flexitime", "Hot-desking and nine-day fortnights"},
      {"council_research_strategy", "A council research strategy"},
      {"council_wellbeing_package", "A council wellbeing package"},
      {"england", "All of England"},
      {"la_childrens_trust", "A local authority children's trust"},
      {"national_voluntary", "A national voluntary organisation"},
      {"survey_region", "A region of nine organisations"},
      {"hei_link", "A university partnership"},
      {"flexitime_compressed", "Compressed hours: a four-day week"},
      {"key_worker", "A key worker service"},
      {"open_plan_mixed", "Mixed seating in an open-plan office"},
      {"peer_messages", "Peer-support messages"},
      {"recruitment_paired_review", "Reviewing candidates in pairs"},
      {"symbolic_award", "A symbolic award"},
      {"training_programme", "An evidence-based training programme"},
  };
  return titles;
}

/// "open_plan_mixed" -> "Open plan mixed".
std::string title_from_id(const std::string& id) {
  std::string title = id;
  std::replace(title.begin(), title.end(), '_', ' ');
  if (!title.empty() && title[0] >= 'a' && title[0] <= 'z')
    title[0] = static_cast<char>(title[0] - 'a' + 'A');
  return title;
}

/// The order of the card list: these first, then by id.
int rank(const std::string& id) {
  if (id == "sure_start_centre") return 0;
  if (id == "baseline") return 1;
  return 2;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

/// A comment line that opens a new labelled paragraph ("Source:", "Expected direction:").
bool starts_label(const std::string& line) {
  const auto colon = line.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 24) return false;
  if (line[0] < 'A' || line[0] > 'Z') return false;
  return std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == ' ' || c == '(' || c == ')';
  });
}

std::size_t count_posts(const Scenario& scenario) {
  std::size_t posts = 0;
  for (const OrganisationSpec& org : scenario.organisations)
    for (const TeamSpec& team : org.teams) posts += static_cast<std::size_t>(team.size);
  return posts;
}

}  // namespace

HeaderText parse_header(const std::string& text) {
  // The comment lines before the first line of YAML, without "# ".
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] != '#') break;
    lines.push_back(trim(line.substr(1)));
  }
  // Paragraphs: a labelled line starts one, a blank comment line ends one.
  HeaderText header;
  std::string* target = nullptr;
  std::string first_paragraph;
  bool in_first = true;
  for (const std::string& line : lines) {
    if (line.empty()) {
      target = nullptr;
      in_first = false;
      continue;
    }
    if (starts_label(line)) {
      in_first = false;
      const std::string label = line.substr(0, line.find(':'));
      const std::string rest = trim(line.substr(line.find(':') + 1));
      target = nullptr;
      if (label.rfind("Question", 0) == 0 && header.question.empty()) target = &header.question;
      if ((label == "Source" || label == "Sources") && header.source.empty())
        target = &header.source;
      if (target != nullptr) *target = rest;
      continue;
    }
    if (target != nullptr) {
      *target += (target->empty() ? "" : " ") + line;
    } else if (in_first) {
      first_paragraph += (first_paragraph.empty() ? "" : " ") + line;
    }
  }
  if (header.question.empty()) header.question = first_paragraph;
  return header;
}

Catalogue Catalogue::load(const std::filesystem::path& dir, std::vector<std::string>* skipped) {
  Catalogue catalogue;
  catalogue.schema_ = model::schema();
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    throw std::runtime_error(fmt::format(
        "scenario folder '{}' does not exist (hint: pass --scenarios DIR, e.g. the repository's "
        "scenarios/)",
        dir.string()));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.push_back(entry.path());
  }
  for (const std::filesystem::path& file : files) {
    ScenarioCard card;
    card.id = file.stem().string();
    card.file = file;
    try {
      card.scenario = load_scenario(file, {}, catalogue.schema_);
    } catch (const std::exception& failure) {
      if (skipped != nullptr)
        skipped->push_back(fmt::format("{}: {}", file.string(), failure.what()));
      continue;
    }
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    const HeaderText header = parse_header(text.str());
    card.question = header.question;
    card.source = header.source;
    const auto title = known_titles().find(card.id);
    card.title = title != known_titles().end() ? title->second : title_from_id(card.id);
    card.posts = count_posts(card.scenario);
    catalogue.cards_.push_back(std::move(card));
  }
  if (catalogue.cards_.empty()) {
    throw std::runtime_error(fmt::format(
        "no scenario in '{}' loads (hint: pass --scenarios DIR with the shipped scenarios/)",
        dir.string()));
  }
  std::sort(catalogue.cards_.begin(), catalogue.cards_.end(),
            [](const ScenarioCard& a, const ScenarioCard& b) {
              return std::pair(rank(a.id), a.id) < std::pair(rank(b.id), b.id);
            });
  return catalogue;
}

const ScenarioCard* Catalogue::find(const std::string& id) const {
  for (const ScenarioCard& card : cards_)
    if (card.id == id) return &card;
  return nullptr;
}

namespace {

/// 40461 as "40,461", as people read counts.
std::string grouped(std::size_t count) {
  const std::string digits = std::to_string(count);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string too_big_reason(std::size_t posts, std::size_t max_agents) {
  return fmt::format(
      "Too big to run live in the browser: {} people, and this server runs up to {}. The "
      "facilitator can run it on the command line with wfsim run.",
      grouped(posts), grouped(max_agents));
}

nlohmann::json card_json(const ScenarioCard& card, std::size_t max_agents) {
  std::size_t teams = 0;
  for (const OrganisationSpec& org : card.scenario.organisations) teams += org.teams.size();
  const bool available = card.posts <= max_agents;
  nlohmann::json json = {{"id", card.id},
                         {"title", card.title},
                         {"question", card.question},
                         {"source", card.source},
                         {"posts", card.posts},
                         {"teams", teams},
                         {"organisations", card.scenario.organisations.size()},
                         {"weeks", card.scenario.weeks},
                         {"available", available}};
  if (!available) json["unavailable_reason"] = too_big_reason(card.posts, max_agents);
  return json;
}

}  // namespace wfsim::serve
