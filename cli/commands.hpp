// The subcommands of `wfsim`. Each returns the process exit code; input
// errors are thrown as InputError and mapped to exit code 2 by main.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace wfsim::cli {

/// Exit codes (README.md, "Exit codes").
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;

/// Adds a subcommand to `app`; `action` receives the parsed options when it is chosen.
void add_run_command(CLI::App& app, std::function<int()>& action);
void add_compare_command(CLI::App& app, std::function<int()>& action);
void add_sweep_command(CLI::App& app, std::function<int()>& action);
void add_sensitivity_command(CLI::App& app, std::function<int()>& action);
void add_calibrate_command(CLI::App& app, std::function<int()>& action);
void add_population_command(CLI::App& app, std::function<int()>& action);
void add_validate_command(CLI::App& app, std::function<int()>& action);
void add_parameters_command(CLI::App& app, std::function<int()>& action);
void add_serve_command(CLI::App& app, std::function<int()>& action);
void add_report_command(CLI::App& app, std::function<int()>& action);

}  // namespace wfsim::cli
