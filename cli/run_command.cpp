// `wfsim run SCENARIO.yaml`: an ensemble, one results file, a summary table.
#include <fmt/format.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/version.h>
#include <unistd.h>

#include <H5public.h>
#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "commands.hpp"
#include "interrupt.hpp"
#include "model.hpp"
#include "progress.hpp"
#include "results_csv.hpp"
#include "results_h5.hpp"
#include "summary.hpp"
#include "wfsim/build_info.hpp"

namespace wfsim::cli {

namespace {

struct RunOptions {
  std::string scenario;
  std::string output;
  std::string csv_dir;
  std::vector<std::string> overrides;
  std::int64_t replicates = 0;
  std::int64_t seed = -1;
  std::int64_t weeks = 0;
  int threads = 0;
};

std::filesystem::path default_output(const std::string& scenario) {
  return std::filesystem::path("results") /
         (std::filesystem::path(scenario).stem().string() + ".h5");
}

// Fails before the run, not after it, if the results cannot be written.
void check_writable(const std::filesystem::path& output) {
  const std::filesystem::path dir = output.has_parent_path() ? output.parent_path() : ".";
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error || access(dir.c_str(), W_OK) != 0) {
    throw InputError({"-o " + output.string(), 0, 0}, "",
                     "cannot write to directory '" + dir.string() + "'",
                     "choose an output path in a writable directory");
  }
  if (std::filesystem::is_directory(output)) {
    throw InputError({"-o " + output.string(), 0, 0}, "", "the output path is a directory",
                     "give a file name, e.g. results/run.h5");
  }
}

Provenance provenance() {
  return {{{"wfsim_version", build::version},
           {"git_sha", build::git_sha},
           {"build_type", build::build_type},
           {"compiler", build::compiler},
           {"hdf5_version", fmt::format("{}.{}.{}", H5_VERS_MAJOR, H5_VERS_MINOR, H5_VERS_RELEASE)},
           {"tbb_version", TBB_VERSION_STRING}}};
}

int run(const RunOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  if (options.replicates > 0) overrides.push_back(fmt::format("replicates={}", options.replicates));
  if (options.seed >= 0) overrides.push_back(fmt::format("seed={}", options.seed));
  if (options.weeks > 0) overrides.push_back(fmt::format("weeks={}", options.weeks));
  const ScenarioSchema schema = model::schema();
  const Scenario scenario = load_scenario(options.scenario, overrides, schema);
  const std::filesystem::path output = options.output.empty()
                                           ? default_output(options.scenario)
                                           : std::filesystem::path(options.output);
  check_writable(output);

  const int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  const tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                        static_cast<std::size_t>(std::max(1, threads)));
  const std::atomic<bool>& interrupted = install_interrupt_handlers();

  const auto started = std::chrono::steady_clock::now();
  const World world = model::build_world(scenario);
  const Simulation simulation = model::build_simulation(world, scenario);
  std::atomic<std::int64_t> weeks_done{0};
  EnsembleResult result;
  {
    const ProgressBar progress(weeks_done, std::int64_t{scenario.replicates} * scenario.weeks,
                               "weeks");
    result = run_ensemble(simulation, {scenario.seed, scenario.replicates, scenario.weeks,
                                       &interrupted, &weeks_done});
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  RunRecord record;
  record.scenario_yaml = to_yaml(scenario, schema);
  record.scenario_name = scenario.name;
  record.seed = scenario.seed;
  record.replicates = scenario.replicates;
  record.weeks = scenario.weeks;
  record.threads = threads;
  record.weeks_completed = result.weeks_completed;
  record.complete = !interrupted.load();
  record.series = std::move(result.series);
  record.final_agents = std::move(result.final_agents);
  // CSV first: if it fails, no results file appears (nor replaces an older one).
  if (!options.csv_dir.empty()) write_results_csv(options.csv_dir, record);
  write_results_h5(output, record, provenance());

  if (!record.complete) {
    fmt::print(stderr, "interrupted: wrote the weeks simulated so far to {} (marked incomplete)\n",
               output.string());
    return kExitInterrupted;
  }
  const double agent_weeks =
      static_cast<double>(world.posts.size()) * scenario.weeks * scenario.replicates;
  print_summary(stdout, scenario, record);
  fmt::print(
      "\n{} posts x {} weeks x {} replicates in {:.2f} s ({:.1f} M agent-weeks/s, {} threads)\n",
      world.posts.size(), scenario.weeks, scenario.replicates, seconds, agent_weeks / seconds / 1e6,
      threads);
  fmt::print("results: {}\n", output.string());
  return kExitOk;
}

}  // namespace

void add_run_command(CLI::App& app, std::function<int()>& action) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* command =
      app.add_subcommand("run", "Run an ensemble of a scenario and write one results file");
  command->add_option("scenario", options->scenario, "Scenario file (YAML)")->required();
  command->add_option("-o,--output", options->output,
                      "Results file (HDF5); default results/<scenario>.h5");
  command
      ->add_option("--replicates", options->replicates,
                   "Number of replicates (overrides the scenario)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
  command->add_option("--seed", options->seed, "Random seed (overrides the scenario)")
      ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()));
  command->add_option("--weeks", options->weeks, "Weeks to simulate (overrides the scenario)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{5200}));
  command->add_option("--threads", options->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  command->add_option("--set", options->overrides,
                      "Override a scenario key: --set KEY=VALUE (repeatable)");
  command->add_option("--csv", options->csv_dir,
                      "Also write the series as tidy CSV into this directory");
  command->callback([&action, options] { action = [options] { return run(*options); }; });
}

}  // namespace wfsim::cli
