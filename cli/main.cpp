// wfsim: agent-based simulation of workforce change in children's services.
#include <H5public.h>
#include <fmt/format.h>

#include <exception>

#include "cli/build_info.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/run_setup.hpp"
#include "distributed/cluster.hpp"
#include "io/input_error.hpp"

namespace {

// Runs the chosen command on this rank and returns the exit code. Rank 0
// reports errors; a worker's error goes to rank 0, which reports it.
int run_action(const std::function<int()>& action, wfsim::distributed::Cluster& cluster) {
  using namespace wfsim::cli;
  int code = kExitOk;
  std::string message;
  try {
    code = action();
  } catch (const wfsim::InputError& error) {
    code = kExitBadInput;
    message = fmt::format("error: {}", error.what());
  } catch (const wfsim::distributed::RemoteFailure& error) {
    code = error.exit_code();
    message = fmt::format("{}", error.what());
  } catch (const std::exception& error) {
    code = kExitFailure;
    message = fmt::format("failed: {}", error.what());
  }
  if (cluster.root()) {
    if (!message.empty()) fmt::print(stderr, "wfsim: {}\n", message);
    cluster.release(code);
    return code;
  }
  return message.empty() ? code : cluster.fail(code, message);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace wfsim::cli;
  // HDF5 would otherwise close, at exit, any file whose close failed (a full
  // disk), and crash doing it; every file we write is closed, or removed as a
  // failed temporary, before we return.
  H5dont_atexit();
  // From the start, so that Ctrl-C while a scenario is read exits 130 like
  // one during a run, not by the signal.
  const std::atomic<bool>& interrupted = install_interrupt_handlers();
  wfsim::distributed::Cluster cluster(argc, argv);
  wfsim::distributed::set_cluster(&cluster);
  remember_command_line(argc, argv);
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
  add_serve_command(app, action);
  add_report_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // Every rank parses the same arguments and stops here alike; rank 0 speaks.
    const int code = cluster.root() ? app.exit(error) : error.get_exit_code();
    return code == 0 ? kExitOk : kExitBadInput;
  }
  // Under mpirun, run, compare, sweep and calibrate spread their work over
  // the ranks; any other command runs on rank 0 while the others wait.
  bool distributed = false;
  for (const char* name : {"run", "compare", "sweep", "calibrate"})
    distributed = distributed || app.got_subcommand(name);
  if (!cluster.root() && !distributed) return cluster.wait_for_release();
  int code = run_action(action, cluster);
  // A signal that came before a command looked for it (while it read its
  // input) still means the work was not done; `serve` stops on one by design.
  if (code == kExitOk && interrupted.load() && !app.got_subcommand("serve"))
    code = kExitInterrupted;
  wfsim::distributed::set_cluster(nullptr);
  return code;
}
