// The three renderings of a comparison: for people (table), for spreadsheets
// and R/pandas (CSV with the contract's header) and for scripts (JSON).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "analysis/what_flips.hpp"

namespace wfsim::cli {

struct ComparisonHeader {
  std::string a_name;
  std::string b_name;
  int replicates = 0;
  std::uint64_t seed = 0;
  bool common_random_numbers = true;
  std::string interval;                ///< "t", "bootstrap" or "pairs"
  std::string organisation;            ///< the organisation compared; empty: the whole system
  std::vector<std::string> only_in_a;  ///< organisations one arm has and the other not
  std::vector<std::string> only_in_b;
  std::vector<std::string> set_both;  ///< --set overrides, as given
  std::vector<std::string> set_a;     ///< --set-a
  std::vector<std::string> set_b;     ///< --set-b
  std::string uncertainty;            ///< the --uncertainty file; empty: chance only
  std::string uncertainty_kind;       ///< "priors" or "posterior"
  std::vector<std::string> uncertain_parameters;
  std::string currency;  ///< of the costs, e.g. GBP
};

/// All a comparison prints: the header, the outcome rows, costs against
/// effects, and the what-flips screens (empty unless asked for).
struct ComparisonReport {
  ComparisonHeader header;
  const Comparison* comparison = nullptr;
  const std::vector<FlipScreen>* flips = nullptr;
  std::string flip_metric;  ///< the screen shown in full
};

void print_comparison_table(std::FILE* out, const ComparisonReport& report);

/// Header `metric,week,a_mean,b_mean,difference,ci_low,ci_high,probability_better`
/// (docs/results.md), preceded by `#` lines naming overrides and the
/// uncertainty source when there are any; undefined values are empty fields.
void print_comparison_csv(std::FILE* out, const ComparisonReport& report);

/// One object with the header fields, `rows`, `cost_effectiveness` and
/// `what_flips`; undefined values are null.
void print_comparison_json(std::FILE* out, const ComparisonReport& report);

}  // namespace wfsim::cli
