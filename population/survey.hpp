// Survey microdata (docs/population.md): one row per respondent,
// read strictly. Every bad value is an InputError naming the file, the line,
// and the column by name and number.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario.hpp"

namespace wfsim {

struct Respondent {
  int line = 0;      ///< where the row starts in the file
  std::string id;    ///< respondent_id; may be empty
  std::string org;   ///< org_id; empty when not given
  std::string team;  ///< team_id; empty when not given
  Role role = Role::social_worker;
  double fte = 1.0;
  double tenure_years = 0.0;
  std::optional<WorkingPattern> working_pattern;
  std::optional<double> burnout;         ///< burnout_work, 0-100
  std::optional<bool> intends_to_leave;  ///< intend_to_leave_12m
  std::optional<double> absence_days;    ///< absence_days_12m
  std::optional<bool> uses_published_research;
  double weight = 1.0;
};

struct Survey {
  std::string file;
  std::vector<Respondent> respondents;
  bool weighted = false;              ///< the file has a weight column
  std::vector<std::string> warnings;  ///< unknown columns, ignored
};

/// The columns the contract names, in its order: required first.
const std::vector<std::string>& survey_columns();

/// Reads `file`; throws InputError if it cannot be read or is not valid survey microdata.
Survey read_survey(const std::filesystem::path& file);

/// The same from CSV text (`origin` names it in messages).
Survey parse_survey(std::string_view text, const std::string& origin);

}  // namespace wfsim
