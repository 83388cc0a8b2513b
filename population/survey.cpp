#include "population/survey.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "io/csv.hpp"
#include "io/input_error.hpp"
#include "io/input_file.hpp"
#include "io/yaml_reader.hpp"

namespace wfsim {

namespace {

// In the contract's order; the first three are required.
enum class Column : std::size_t {
  role,
  fte,
  tenure_years,
  respondent_id,
  org_id,
  team_id,
  working_pattern,
  burnout_work,
  intend_to_leave_12m,
  absence_days_12m,
  uses_published_research,
  weight,
  count
};
constexpr std::size_t kRequiredColumns = 3;
constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);

constexpr double kMaxFte = 1.5;  // as for a scenario's staff: (scenario_io.cpp)
constexpr double kMaxTenureYears = 60.0;
constexpr double kMaxAbsenceDays = 366.0;
constexpr double kMaxWeight = 1e9;  // keeps sums of weights finite; named in a hint

const std::string& name_of(Column column) {
  return survey_columns()[static_cast<std::size_t>(column)];
}

// Where each known column sits in the header (kNoColumn when absent).
struct Header {
  std::vector<std::string> names;
  std::vector<std::size_t> position =
      std::vector<std::size_t>(static_cast<std::size_t>(Column::count), kNoColumn);
  bool has(Column column) const { return at(column) != kNoColumn; }
  std::size_t at(Column column) const { return position[static_cast<std::size_t>(column)]; }
};

Header read_header(const CsvRecord& record, const std::string& origin,
                   std::vector<std::string>& warnings) {
  Header header;
  std::vector<std::string> unknown;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const CsvField& field = record.fields[i];
    const std::string key = fmt::format("column {}", i + 1);
    if (field.text.empty()) {
      throw InputError({origin, field.line, field.column}, key, "the header has an empty name",
                       "the first line names every column: " + join(survey_columns()));
    }
    if (std::find(header.names.begin(), header.names.end(), field.text) != header.names.end()) {
      throw InputError({origin, field.line, field.column}, key,
                       "column '" + field.text + "' appears twice in the header");
    }
    header.names.push_back(field.text);
    const auto known = std::find(survey_columns().begin(), survey_columns().end(), field.text);
    if (known != survey_columns().end()) {
      header.position[static_cast<std::size_t>(known - survey_columns().begin())] = i;
      continue;
    }
    unknown.push_back(field.text);
    const std::string suggestion = did_you_mean(field.text, survey_columns());
    warnings.push_back(
        fmt::format("{}:{}:{}: {}: '{}' is not a survey column and is ignored (hint: {})", origin,
                    field.line, field.column, key, field.text,
                    suggestion.empty() ? "the survey columns are " + join(survey_columns())
                                       : "did you mean '" + suggestion + "'?"));
  }
  for (std::size_t c = 0; c < kRequiredColumns; ++c) {
    const auto column = static_cast<Column>(c);
    if (header.has(column)) continue;
    const std::string suggestion = did_you_mean(name_of(column), unknown);
    throw InputError({origin, record.line, 1}, name_of(column), "missing required column",
                     suggestion.empty()
                         ? "the header must name role, fte and tenure_years"
                         : "is column '" + suggestion + "' meant to be '" + name_of(column) + "'?");
  }
  return header;
}

// Reads one row's values, failing with the row's line and the column's name and number.
class RowReader {
 public:
  RowReader(const CsvRecord& record, const Header& header, const std::string& origin)
      : record_(record), header_(header), origin_(origin) {
    const std::size_t expected = header.names.size();
    const std::vector<CsvField>& fields = record.fields;
    if (fields.size() > expected) {
      fail_at(fields[expected], fmt::format("column {}", expected + 1),
              fmt::format("the row has {} values but the header names {} columns", fields.size(),
                          expected),
              "a value that contains a comma must be in double quotes");
    }
    if (fields.size() < expected) {
      throw InputError(
          {origin, record.end_line, record.end_column}, key(fields.size()),
          fmt::format("the row ends after {} of its {} columns", fields.size(), expected),
          "give every column a value, or leave it empty between commas");
    }
  }

  /// The value in `column`, or empty when the column is absent or the cell empty.
  const std::string& text(Column column) const {
    static const std::string kEmpty;
    return header_.has(column) ? field(column).text : kEmpty;
  }
  bool empty(Column column) const { return text(column).empty(); }

  [[noreturn]] void fail(Column column, const std::string& problem,
                         const std::string& hint = {}) const {
    fail_at(field(column), key(header_.at(column)), problem, hint);
  }

  /// Fails if a required value is missing.
  void require(Column column) const {
    if (empty(column)) {
      fail(column, "the value is missing", "role, fte and tenure_years are needed on every row");
    }
  }

  double number(Column column, const std::string& hint) const {
    const std::string& value = text(column);
    double parsed = 0.0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (error != std::errc() || end != value.data() + value.size() || !std::isfinite(parsed))
      fail(column, "'" + value + "' is not a number", hint);
    return parsed;
  }

  double in_range(Column column, double min, double max, const std::string& hint) const {
    const double value = number(column, hint);
    if (value < min || value > max) fail(column, text(column) + " is out of range", hint);
    return value;
  }

  std::optional<double> optional_in_range(Column column, double min, double max,
                                          const std::string& hint) const {
    if (empty(column)) return std::nullopt;
    return in_range(column, min, max, hint);
  }

  std::optional<bool> optional_flag(Column column) const {
    if (empty(column)) return std::nullopt;
    const std::string& value = text(column);
    if (value != "0" && value != "1") {
      fail(column, "'" + value + "' is not 0 or 1", "write 1 for yes, 0 for no, or leave it empty");
    }
    return value == "1";
  }

  std::size_t choice(Column column, const std::vector<std::string>& names) const {
    const std::string& value = text(column);
    const auto it = std::find(names.begin(), names.end(), value);
    if (it == names.end()) {
      const std::string suggestion = did_you_mean(value, names);
      fail(column, "unknown value '" + value + "'",
           suggestion.empty() ? "one of: " + join(names) : "did you mean '" + suggestion + "'?");
    }
    return static_cast<std::size_t>(it - names.begin());
  }

  std::string id(Column column) const {
    const std::string& value = text(column);
    if (!value.empty() && !valid_id(value)) {
      fail(column, "invalid id '" + value + "'",
           "ids become scenario ids: letters, digits, '_', '.' and '-' only");
    }
    return value;
  }

 private:
  const CsvField& field(Column column) const { return record_.fields[header_.at(column)]; }

  std::string key(std::size_t index) const {
    return fmt::format("{} (column {})", header_.names[index], index + 1);
  }

  [[noreturn]] void fail_at(const CsvField& field, const std::string& key,
                            const std::string& problem, const std::string& hint) const {
    throw InputError({origin_, field.line, field.column}, key, problem, hint);
  }

  const CsvRecord& record_;
  const Header& header_;
  const std::string& origin_;
};

Respondent read_respondent(const RowReader& row, int line, bool weighted) {
  Respondent r;
  r.line = line;
  r.id = row.text(Column::respondent_id);
  r.org = row.id(Column::org_id);
  r.team = row.id(Column::team_id);
  row.require(Column::role);
  r.role = static_cast<Role>(row.choice(Column::role, role_names()));
  row.require(Column::fte);
  const std::string fte_hint =
      fmt::format("FTE is more than 0 and at most {}; 1 is full time", kMaxFte);
  r.fte = row.in_range(Column::fte, 0.0, kMaxFte, fte_hint);
  if (r.fte == 0.0) row.fail(Column::fte, "an FTE of 0 is not a post", fte_hint);
  row.require(Column::tenure_years);
  r.tenure_years = row.in_range(Column::tenure_years, 0.0, kMaxTenureYears,
                                fmt::format("years in post, 0 to {}", kMaxTenureYears));
  if (!row.empty(Column::working_pattern)) {
    r.working_pattern =
        static_cast<WorkingPattern>(row.choice(Column::working_pattern, working_pattern_names()));
  }
  r.burnout = row.optional_in_range(Column::burnout_work, 0.0, 100.0,
                                    "the Copenhagen Burnout Inventory work scale runs 0 to 100");
  r.intends_to_leave = row.optional_flag(Column::intend_to_leave_12m);
  r.absence_days = row.optional_in_range(
      Column::absence_days_12m, 0.0, kMaxAbsenceDays,
      fmt::format("days of sickness absence in 12 months, 0 to {}", kMaxAbsenceDays));
  r.uses_published_research = row.optional_flag(Column::uses_published_research);
  if (weighted) {
    if (row.empty(Column::weight)) {
      row.fail(Column::weight, "the weight is missing",
               "give every row a weight, or drop the weight column to weight all rows equally");
    }
    r.weight = row.in_range(Column::weight, 0.0, kMaxWeight, "a weight is a number from 0 to 1e9");
  }
  return r;
}

}  // namespace

const std::vector<std::string>& survey_columns() {
  static const std::vector<std::string> names{"role",
                                              "fte",
                                              "tenure_years",
                                              "respondent_id",
                                              "org_id",
                                              "team_id",
                                              "working_pattern",
                                              "burnout_work",
                                              "intend_to_leave_12m",
                                              "absence_days_12m",
                                              "uses_published_research",
                                              "weight"};
  return names;
}

Survey parse_survey(std::string_view text, const std::string& origin) {
  const std::vector<CsvRecord> records = parse_csv(text, origin);
  const std::string header_hint = "the first line names the columns, e.g. " +
                                  join({"role", "fte", "tenure_years", "burnout_work", "weight"});
  if (records.empty()) throw InputError({origin, 0, 0}, "", "the file is empty", header_hint);
  Survey survey;
  survey.file = origin;
  const Header header = read_header(records.front(), origin, survey.warnings);
  if (records.size() == 1) {
    throw InputError({origin, records.front().line, 1}, "", "no respondents: only a header row",
                     "add one row per respondent below the header");
  }
  survey.weighted = header.has(Column::weight);
  std::map<std::string, int> id_lines;
  double total_weight = 0.0;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const RowReader row(records[i], header, origin);
    Respondent respondent = read_respondent(row, records[i].line, survey.weighted);
    if (!respondent.id.empty()) {
      const auto [seen, added] = id_lines.emplace(respondent.id, respondent.line);
      if (!added) {
        row.fail(Column::respondent_id,
                 fmt::format("respondent '{}' also has line {}", respondent.id, seen->second),
                 "each respondent is one row, with its own id");
      }
    }
    total_weight += respondent.weight;
    survey.respondents.push_back(std::move(respondent));
  }
  if (!(total_weight > 0.0)) {
    const CsvField& weight = records.front().fields[header.at(Column::weight)];
    throw InputError({origin, weight.line, weight.column},
                     fmt::format("weight (column {})", header.at(Column::weight) + 1),
                     "every weight is 0", "at least one respondent needs a positive weight");
  }
  return survey;
}

Survey read_survey(const std::filesystem::path& file) {
  const std::string text =
      read_input_file(file, {"--survey " + file.string(), 0, 0}, "", kMaxCsvFileBytes);
  return parse_survey(text, file.string());
}

}  // namespace wfsim
