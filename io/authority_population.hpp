// Organisations generated from published figures for each local authority
// (a scenario's `population:` block): one organisation per authority, its
// posts, teams and roles derived from its FTE in post, case-holding FTE and
// cases, so that England (or a larger synthetic workforce) is set up in the
// engine without a scenario file listing every team.
//
// The rules, per authority (docs/scenarios.md, "population"):
//   - funded posts = round(FTE in post / (1 - 0.173)), England's 2024 vacancy
//     rate; every post is 1 FTE;
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
//   - recruitment.fill_time_multiplier lognormal, median 1, sigma 0.3 (to
//     0.001), drawn from a stream keyed by the population seed and the
//     authority's code, so that adding or removing an authority leaves every
//     other authority's draw unchanged.
#pragma once

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
  int line = 0;  ///< its line in the file
};

/// Reads the figures: a CSV with at least the columns la_code, la_name,
/// inpost_fte, case_holders_fte and cases (suppressed values such as "u",
/// "x", "c" or empty are missing). Throws InputError naming `origin`, the
/// line and the column of any problem.
std::vector<AuthorityFigures> read_authority_figures(const std::string& text,
                                                     const std::string& origin);

/// The organisations for `figures` under `population`, each with the
/// scenario's parameters and its own target caseload and fill-time
/// multiplier (which must lie within `specs`' bounds). Throws InputError
/// naming `origin` and the authority's line for an authority the rules
/// cannot place.
std::vector<OrganisationSpec> authority_organisations(const std::vector<AuthorityFigures>& figures,
                                                      const PopulationSpec& population,
                                                      const ParameterValues& scenario_parameters,
                                                      const std::vector<ParameterSpec>& specs,
                                                      const std::string& origin);

}  // namespace wfsim
