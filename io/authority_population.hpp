// Organisations generated from published figures for each local authority
// (a scenario's `population:` block): one organisation per authority, its
// posts, teams and roles derived from its FTE in post, case-holding FTE and
// cases, so that England (or a larger synthetic workforce) is set up in the
// engine without a scenario file listing every team.
//
// The rules, per authority (docs/scenarios.md, "population"):
//   - the organisation's id is the authority's code (characters an id may
//     not hold, such as " / " in a merged authority's code, become '_');
//   - funded posts = round(FTE in post + vacancies) where the file has a
//     vacancy_fte column, else round(FTE in post / (1 - 0.173)), England's
//     2024 vacancy rate; every post is 1 FTE;
//   - case-holding posts = the case-holding FTE / FTE in post share of them;
//     demand.target_caseload = cases / case-holding FTE (to 0.01);
//     an authority that does not publish both uses the national figures of
//     those that do; one without FTE in post uses its case-holding FTE;
//   - a `management` team of middle managers (one per 3 team managers, at
//     least 1) and senior managers (2 % of posts, at least 1), then practice
//     teams of 6-9 posts (mean nearest 7.5; wider only where no split
//     exists), each with one team manager; case holders spread evenly, 17/62
//     of them senior practitioners; the rest reviewing officers; practice
//     teams by function in proportion assessment 25 %, child protection 30 %,
//     children in care 25 %, leaving care 10 %, family support 10 %;
//   - the state at week 0, where the file has vacancy_fte (and agency_fte):
//     workforce.initial_vacancy_rate = vacancies / (vacancies + FTE in post)
//     and workforce.initial_agency_cover = the agency FTE covering vacancies
//     (agency_cover_fte, else the agency FTE up to the vacancies) /
//     vacancies; the rest of the agency FTE, rounded, become agency-only
//     social_worker posts added to the practice teams in turn (capacity
//     beyond the establishment, a team's `agency_posts`); an authority that
//     suppresses a figure takes the national figure of those that publish it;
//   - a column named parameters.<path> sets that per-organisation parameter
//     for the authority (its calibrated traits); an empty value leaves the
//     scenario's;
//   - without a parameters.recruitment.fill_time_multiplier column, the
//     multiplier is lognormal, median 1, sigma 0.3 (to 0.001), drawn from a
//     stream keyed by the population seed and the authority's code, so that
//     adding or removing an authority leaves every other authority's draw
//     unchanged.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/parameters.hpp"
#include "sim/scenario.hpp"

namespace wfsim {

/// One row of the figures: an authority as published.
struct AuthorityFigures {
  std::string code;  ///< e.g. E06000001
  std::string name;  ///< e.g. Hartlepool
  std::optional<double> inpost_fte;
  std::optional<double> case_holders_fte;
  std::optional<double> cases;
  std::optional<double> vacancy_fte;  ///< only in a file with the column
  std::optional<double> agency_fte;
  std::optional<double> agency_cover_fte;    ///< agency FTE covering vacancies
  std::map<std::string, double> parameters;  ///< from parameters.<path> columns
  int line = 0;                              ///< its line in the file
};

/// The figures of an authorities file as read, with which optional columns it has.
struct AuthorityFile {
  std::vector<AuthorityFigures> authorities;
  bool has_vacancies = false;                  ///< a vacancy_fte column
  bool has_agency = false;                     ///< an agency_fte column
  std::vector<std::string> parameter_columns;  ///< the paths of its parameters.<path> columns
};

/// Reads the figures: a CSV with at least the columns la_code, la_name,
/// inpost_fte, case_holders_fte and cases, optionally vacancy_fte,
/// agency_fte and parameters.<path> columns (suppressed values such as "u",
/// "x", "c" or empty are missing). A parameters column must name a
/// parameter of `specs` that may differ between organisations. Throws
/// InputError naming `origin`, the line and the column of any problem.
AuthorityFile read_authority_figures(const std::string& text, const std::string& origin,
                                     const std::vector<ParameterSpec>& specs);

/// An organisation id for an authority's code.
std::string authority_id(const std::string& code);

/// The authority `wanted` names: its code or organisation id (either in any
/// letter case), or its name with letter case, punctuation and a ", City
/// of" or ", County of" suffix ignored; nullptr if none does.
const AuthorityFigures* find_authority(const AuthorityFile& file, const std::string& wanted);

/// The organisations for `figures` under `population`, each with the
/// scenario's parameters and its own target caseload and fill-time
/// multiplier (which must lie within `specs`' bounds). Throws InputError
/// naming `origin` and the authority's line for an authority the rules
/// cannot place.
std::vector<OrganisationSpec> authority_organisations(const AuthorityFile& file,
                                                      const PopulationSpec& population,
                                                      const ParameterValues& scenario_parameters,
                                                      const std::vector<ParameterSpec>& specs,
                                                      const std::string& origin);

}  // namespace wfsim
