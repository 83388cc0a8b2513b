// `wfsim population --authority NAME --base SCENARIO -o FILE`: one local
// authority of a scenario generated from published figures (such as
// England's), written as a scenario of its own with every team listed, to
// extend with interventions, compare, or open on the workshop page.
#pragma once

#include <string>

namespace wfsim::cli {

struct AuthorityCommandOptions {
  std::string authority;  ///< code, organisation id or name
  std::string base;       ///< a scenario with a `population:` block
  std::string output;
  std::string name;    ///< scenario name; default: the organisation id
  bool force = false;  ///< replace an existing output
};

int population_of_authority(const AuthorityCommandOptions& options);

}  // namespace wfsim::cli
