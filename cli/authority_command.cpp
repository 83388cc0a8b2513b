#include "cli/authority_command.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cli/build_info.hpp"
#include "cli/commands.hpp"
#include "cli/output_rules.hpp"
#include "cli/run_setup.hpp"
#include "io/atomic_file.hpp"
#include "io/authority_population.hpp"
#include "io/input_error.hpp"
#include "io/scenario_io.hpp"
#include "io/yaml_reader.hpp"
#include "models/model.hpp"

namespace wfsim::cli {

namespace {

// Up to five authorities whose name or code contains `wanted` (any case),
// for the hint when nothing matches exactly.
std::string near_names(const AuthorityFile& file, const std::string& wanted) {
  const auto lower = [](std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
  };
  std::vector<std::string> near;
  for (const AuthorityFigures& a : file.authorities) {
    if (near.size() < 5 && (lower(a.name).find(lower(wanted)) != std::string::npos ||
                            lower(a.code).find(lower(wanted)) != std::string::npos))
      near.push_back(fmt::format("{} ({})", a.name, a.code));
  }
  return near.empty() ? "give a code such as E08000035 or a name such as Leeds"
                      : "did you mean " + fmt::format("{}", fmt::join(near, ", ")) + "?";
}

std::string provenance_comment(const AuthorityCommandOptions& options, const AuthorityFigures& a,
                               const OrganisationSpec& org) {
  int posts = 0;
  for (const TeamSpec& team : org.teams) posts += team.size;
  return fmt::format(
      "# {} ({}) on its own, taken by `wfsim population` (wfsim {}) from\n"
      "# {}: {} posts in {} teams, its published starting state\n"
      "# and its fitted traits (the organisation's parameters below); every other\n"
      "# setting as there. England's national targets do not apply to one\n"
      "# authority and are left out.\n"
      "# Redo: wfsim population --authority {} --base {} -o {}\n",
      a.name, a.code, build::version, options.base, posts, org.teams.size(), a.code, options.base,
      options.output);
}

}  // namespace

int population_of_authority(const AuthorityCommandOptions& options) {
  check_output(options.output, "-o", {{options.base}, options.force});
  const ScenarioSchema schema = model::schema();
  Scenario scenario = load_scenario(options.base, {}, schema);
  if (!scenario.population) {
    throw InputError({"--base " + options.base, 0, 0}, "population",
                     "the scenario does not generate its organisations from published figures",
                     "give a scenario with a `population:` block, such as scenarios/england.yaml");
  }
  const std::string& figures_path = scenario.population->authorities;
  const AuthorityFile file = read_authority_figures(
      read_text_file(figures_path, {options.base, 0, 0}, "population.authorities"), figures_path,
      schema.parameters);
  const AuthorityFigures* authority = find_authority(file, options.authority);
  if (!authority) {
    throw InputError({"--authority " + options.authority, 0, 0}, "",
                     fmt::format("no authority '{}' in {}", options.authority, figures_path),
                     near_names(file, options.authority));
  }
  const std::string id = authority_id(authority->code);
  const auto org = std::find_if(scenario.organisations.begin(), scenario.organisations.end(),
                                [&](const OrganisationSpec& o) { return o.id == id; });
  if (org == scenario.organisations.end()) {
    // population.posts stopped before this authority.
    throw InputError({"--base " + options.base, 0, 0}, "population.posts",
                     fmt::format("{} ({}) is not among the scenario's organisations",
                                 authority->name, authority->code),
                     "use a base scenario without population.posts");
  }
  scenario.organisations = {*org};
  scenario.population.reset();
  scenario.name = options.name.empty() ? id : options.name;
  scenario.targets.clear();
  // The base's interventions target its own organisations, most of them gone.
  scenario.interventions.clear();
  const std::string yaml = to_yaml(scenario, schema);
  parse_scenario(yaml, options.output, {}, schema);  // proves the file will load
  write_file_atomically(options.output,
                        provenance_comment(options, *authority, scenario.organisations[0]) + yaml);
  int posts = 0;
  for (const TeamSpec& team : scenario.organisations[0].teams) posts += team.size;
  fmt::print("{} ({}): {} posts in {} teams\nwrote {}\n", authority->name, authority->code, posts,
             scenario.organisations[0].teams.size(), options.output);
  return kExitOk;
}

}  // namespace wfsim::cli
