// `wfsim population --survey SURVEY.csv -o POP.yaml`: a synthetic workforce
// from survey microdata, written as a scenario that `wfsim run` takes; or
// with --authority, one authority of a generated scenario
// (cli/authority_command.hpp).
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "cli/authority_command.hpp"
#include "cli/build_info.hpp"
#include "cli/commands.hpp"
#include "cli/output_rules.hpp"
#include "cli/population_summary.hpp"
#include "cli/resource_limits.hpp"
#include "cli/run_setup.hpp"
#include "cli/whole_number.hpp"
#include "io/atomic_file.hpp"
#include "io/input_error.hpp"
#include "models/model.hpp"
#include "population/population.hpp"
#include "population/survey.hpp"
#include "population/survey_margins.hpp"

namespace wfsim::cli {

namespace {

struct PopulationCommandOptions {
  std::string survey;
  std::string authority;
  std::string output;
  std::string base;
  std::string name;
  std::int64_t seed = 1;
  std::int64_t posts = 0;
  int team_size = 0;
  bool force = false;
  ResourceLimits limits;
};

struct Extent {
  std::size_t posts = 0;
  std::size_t teams = 0;
};

Extent extent_of(const std::vector<OrganisationSpec>& organisations) {
  Extent extent;
  for (const OrganisationSpec& org : organisations) {
    extent.teams += org.teams.size();
    for (const TeamSpec& team : org.teams) extent.posts += static_cast<std::size_t>(team.size);
  }
  return extent;
}

// A comment on top of the scenario: where it came from and how to redo it.
std::string provenance_comment(const PopulationCommandOptions& options, const Survey& survey,
                               const Scenario& scenario) {
  const Extent extent = extent_of(scenario.organisations);
  std::string options_text = fmt::format("--seed {}", options.seed);
  if (options.posts > 0) options_text += fmt::format(" --posts {}", options.posts);
  if (options.team_size > 0) options_text += fmt::format(" --team-size {}", options.team_size);
  if (!options.base.empty()) options_text += " --base " + options.base;
  return fmt::format(
      "# A synthetic workforce drawn by `wfsim population` (wfsim {}).\n"
      "# Survey: {} ({} respondents, {})\n"
      "# Workforce: {} posts in {} teams of {} organisations\n"
      "# Options: {}\n"
      "# Each team's staff: lists its posts, each with the role, FTE and starting\n"
      "# values of a respondent drawn by weight (docs/population.md). Every other\n"
      "# setting comes from {}.\n",
      build::version, survey.file, survey.respondents.size(),
      survey.weighted ? "weighted" : "unweighted", extent.posts, extent.teams,
      scenario.organisations.size(), options_text,
      options.base.empty() ? "the model's defaults" : options.base);
}

// The scenario read back as `wfsim run` will read it: this fills every
// default and proves the file will load. What can still fail here comes from
// the survey and options (a team of more posts than a scenario allows).
Scenario read_back(const Scenario& scenario, const ScenarioSchema& schema,
                   const std::string& survey) {
  try {
    return parse_scenario(to_yaml(scenario, schema), "(the synthetic scenario)", {}, schema);
  } catch (const InputError& e) {
    throw InputError({"--survey " + survey, 0, 0}, e.key_path(),
                     "the synthetic scenario is invalid: " + e.problem(),
                     e.hint().empty() ? "check --posts and --team-size" : e.hint());
  }
}

int population(const PopulationCommandOptions& options) {
  OutputRules rules{{options.survey}, options.force};
  if (!options.base.empty()) rules.inputs.emplace_back(options.base);
  check_output(options.output, "-o", rules);
  const ScenarioSchema schema = model::schema();
  const Survey survey = read_survey(options.survey);
  {
    // Peak memory of the synthesis, measured (/usr/bin/time -f %M): 6.9 GB
    // for --posts 1000000, so about 7 kB a post.
    constexpr double kBytesPerPost = 7000;
    const auto posts = static_cast<double>(
        options.posts > 0 ? options.posts : static_cast<std::int64_t>(survey.respondents.size()));
    ResourceNeed need;
    need.add_memory(kBytesPerPost * posts, fmt::format("for {:.0f} posts", posts));
    check_resources(need, options.limits, options.output);
  }
  for (const std::string& warning : survey.warnings)
    fmt::print(stderr, "wfsim: warning: {}\n", warning);
  Scenario scenario = options.base.empty() ? Scenario{} : load_scenario(options.base, {}, schema);

  const SyntheticWorkforce workforce = synthesise_workforce(
      survey, {static_cast<std::uint64_t>(options.seed), options.posts, options.team_size});
  for (const std::string& note : workforce.notes) fmt::print(stderr, "wfsim: note: {}\n", note);
  scenario.name =
      options.name.empty() ? std::filesystem::path(options.survey).stem().string() : options.name;
  scenario.organisations = workforce.organisations;
  scenario.population.reset();  // a base that generated its organisations no longer does
  // The base's interventions target its own organisations, which are gone.
  scenario.interventions.clear();
  if (options.base.empty()) scenario.costs.currency = schema.currency;
  const Scenario resolved = read_back(scenario, schema, options.survey);
  write_file_atomically(options.output,
                        provenance_comment(options, survey, resolved) + to_yaml(resolved, schema));

  const Extent extent = extent_of(resolved.organisations);
  fmt::print("{}: {} respondents{} -> {} posts in {} teams of {} organisations\n", survey.file,
             survey.respondents.size(), survey.weighted ? " (weighted)" : " (unweighted)",
             extent.posts, extent.teams, resolved.organisations.size());
  fmt::print("wrote {}\n\n", options.output);
  print_population_summary(stdout, compare_margins(survey, resolved.organisations), resolved);
  return kExitOk;
}

}  // namespace

void add_population_command(CLI::App& app, std::function<int()>& action) {
  auto options = std::make_shared<PopulationCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "population",
      "Build a synthetic workforce from survey microdata, or take one local authority from a "
      "scenario such as England's, written as a scenario");
  CLI::Option* survey =
      command->add_option("--survey", options->survey, "Survey microdata (CSV with a header row)");
  CLI::Option* authority = command->add_option(
      "--authority", options->authority,
      "A local authority of the --base scenario, by code (E08000035) or name (Leeds): written "
      "with every team listed, its starting state and its fitted traits");
  survey->excludes(authority);

  command->add_option("-o,--output", options->output, "Scenario file to write (YAML)")->required();
  add_force_option(command, options->force);
  add_resource_options(command, options->limits);
  command->add_option("--seed", options->seed, "Seed of the weighted draws (default 1)")
      ->check(whole_number(0, std::numeric_limits<std::int64_t>::max()));
  command
      ->add_option("--posts", options->posts,
                   "Posts in all, shared among teams by survey weight (default: one per "
                   "respondent)")
      ->check(whole_number(1, 1000000));
  command
      ->add_option("--team-size", options->team_size,
                   "Posts per team cut from respondents without a team_id (default: one team "
                   "per team manager among them, by weight)")
      ->check(whole_number(1, 100000));
  command->add_option("--base", options->base,
                      "With --survey: scenario whose settings (parameters, evidence, targets, "
                      "...) the output keeps, its organisations and interventions dropped; with "
                      "--authority: the scenario to take the authority from");
  command->add_option("--name", options->name,
                      "Scenario name (default: the survey file's stem, or the authority's code)");
  command->callback([&action, options, command] {
    if (options->authority.empty() && options->survey.empty())
      throw CLI::RequiredError("--survey or --authority");
    if (!options->authority.empty()) {
      for (const char* survey_only : {"--seed", "--posts", "--team-size"}) {
        if (command->count(survey_only) > 0) throw CLI::ExcludesError(survey_only, "--authority");
      }
      if (options->base.empty()) throw CLI::RequiredError("--base (with --authority)");
      action = [options] {
        return population_of_authority(
            {options->authority, options->base, options->output, options->name, options->force});
      };
      return;
    }
    action = [options] { return population(*options); };
  });
}

}  // namespace wfsim::cli
