// wfsim: agent-based simulation of workforce change in children's services.
#include <fmt/format.h>

#include <exception>

#include "commands.hpp"
#include "input_error.hpp"
#include "wfsim/build_info.hpp"

int main(int argc, char** argv) {
  using namespace wfsim::cli;
  CLI::App app{"wfsim: workforce change in children's services, simulated week by week", "wfsim"};
  app.set_version_flag("--version",
                       fmt::format("wfsim {} ({})", wfsim::build::version, wfsim::build::git_sha));
  app.require_subcommand(1);
  std::function<int()> action;
  add_run_command(app, action);
  add_compare_command(app, action);
  add_sweep_command(app, action);
  add_sensitivity_command(app, action);
  add_calibrate_command(app, action);
  add_population_command(app, action);
  add_validate_command(app, action);
  add_parameters_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  try {
    return action();
  } catch (const wfsim::InputError& error) {
    fmt::print(stderr, "wfsim: error: {}\n", error.what());
    return kExitBadInput;
  } catch (const std::exception& error) {
    fmt::print(stderr, "wfsim: failed: {}\n", error.what());
    return kExitFailure;
  }
}
