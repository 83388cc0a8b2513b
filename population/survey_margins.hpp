// How a synthetic workforce matches the weighted margins of the survey it was
// drawn from: role shares, means and shares of the starting values.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "population/survey.hpp"
#include "sim/scenario.hpp"

namespace wfsim {

struct Margin {
  std::string label;   ///< e.g. "role social_worker", "mean FTE"
  bool share = false;  ///< a share of people (0-1), else a mean
  /// Weighted over the respondents who give a value: sum(w x) / sum(w).
  double survey = 0.0;
  /// Its standard error by linearisation, with replacement (Cochran 1977,
  /// ratio estimator): sqrt(n / (n - 1) x sum(w^2 (x - mean)^2)) / sum(w);
  /// NaN with fewer than 2 respondents.
  double standard_error = 0.0;
  std::size_t respondents = 0;  ///< who give a value
  /// Unweighted over the posts that carry a value; unset for what the
  /// scenario does not carry (absence days, research use).
  std::optional<double> synthetic;
  std::size_t posts = 0;  ///< that carry a value
};

/// Every margin with at least one respondent's value, roles first (in role order).
std::vector<Margin> compare_margins(const Survey& survey,
                                    const std::vector<OrganisationSpec>& organisations);

}  // namespace wfsim
