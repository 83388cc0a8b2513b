// `wfsim validate SCENARIO.yaml`: check a scenario and print it fully resolved.
#include <fmt/format.h>

#include <memory>

#include "cli/commands.hpp"
#include "models/model.hpp"

namespace wfsim::cli {

namespace {

struct ValidateOptions {
  std::string scenario;
  std::vector<std::string> overrides;
};

int validate(const ValidateOptions& options) {
  const ScenarioSchema schema = model::schema();
  const Scenario scenario = load_scenario(options.scenario, options.overrides, schema);
  std::size_t teams = 0, posts = 0;
  for (const OrganisationSpec& org : scenario.organisations) {
    teams += org.teams.size();
    for (const TeamSpec& team : org.teams) posts += static_cast<std::size_t>(team.size);
  }
  fmt::print("{}", to_yaml(scenario, schema));
  fmt::print(stderr, "{}: valid ({} organisations, {} teams, {} posts)\n", options.scenario,
             scenario.organisations.size(), teams, posts);
  return kExitOk;
}

void print_parameter_rows(const std::vector<ParameterSpec>& specs, const char* block) {
  for (const ParameterSpec& spec : specs) {
    const std::string value = spec.kind == ParameterSpec::Kind::boolean
                                  ? (spec.default_value != 0 ? "true" : "false")
                                  : fmt::format("{}", spec.default_value);
    fmt::print("| `{}.{}` | {} | {} | {} | {} | {} |\n", block, spec.path, value, spec.unit,
               spec.meaning, spec.source, spec.scope == Scope::organisation ? "yes" : "");
  }
}

// `wfsim parameters`: the parameter table (defaults, units, sources) as
// Markdown, the `mechanisms:` switches first.
int list_parameters() {
  fmt::print(
      "| key | default | unit | meaning | source | per organisation "
      "|\n|---|---|---|---|---|---|\n");
  const ScenarioSchema schema = model::schema();
  print_parameter_rows(schema.mechanisms, "mechanisms");
  print_parameter_rows(schema.parameters, "parameters");
  return kExitOk;
}

}  // namespace

void add_validate_command(CLI::App& app, std::function<int()>& action) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command =
      app.add_subcommand("validate", "Check a scenario and print the fully resolved version");
  command->add_option("scenario", options->scenario, "Scenario file (YAML)")->required();
  command->add_option("--set", options->overrides,
                      "Override a scenario key: --set KEY=VALUE (repeatable)");
  command->callback([&action, options] { action = [options] { return validate(*options); }; });
}

void add_parameters_command(CLI::App& app, std::function<int()>& action) {
  CLI::App* command = app.add_subcommand(
      "parameters",
      "List every model parameter and mechanism switch with default, unit and source");
  command->callback([&action] { action = list_parameters; });
}

}  // namespace wfsim::cli
