// The three renderings of a comparison table: for people (table), for
// spreadsheets and R/pandas (CSV with the contract's header) and for scripts (JSON).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"

namespace wfsim::cli {

struct ComparisonHeader {
  std::string a_name;
  std::string b_name;
  int replicates = 0;
  std::uint64_t seed = 0;
  bool common_random_numbers = true;
  std::string interval;                ///< "t" or "bootstrap"
  std::string organisation;            ///< the organisation compared; empty: the whole system
  std::vector<std::string> only_in_a;  ///< organisations one arm has and the other not
  std::vector<std::string> only_in_b;
  std::vector<std::string> set_both;  ///< --set overrides, as given
  std::vector<std::string> set_a;     ///< --set-a
  std::vector<std::string> set_b;     ///< --set-b
};

void print_comparison_table(std::FILE* out, const ComparisonHeader& header,
                            const std::vector<ComparisonRow>& rows);

/// Header `metric,week,a_mean,b_mean,difference,ci_low,ci_high` (docs/results.md);
/// undefined values (ratios' arm means, unbounded intervals) are empty fields.
void print_comparison_csv(std::FILE* out, const std::vector<ComparisonRow>& rows);

/// One object with the header fields and `rows`; undefined values are null.
void print_comparison_json(std::FILE* out, const ComparisonHeader& header,
                           const std::vector<ComparisonRow>& rows);

}  // namespace wfsim::cli
