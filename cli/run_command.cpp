// `wfsim run SCENARIO.yaml`: an ensemble, one results file, a summary table.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/output_rules.hpp"
#include "cli/progress.hpp"
#include "cli/resource_limits.hpp"
#include "cli/run_setup.hpp"
#include "cli/summary.hpp"
#include "cli/whole_number.hpp"
#include "distributed/cluster.hpp"
#include "distributed/ensembles.hpp"
#include "io/annual_csv.hpp"
#include "io/results_csv.hpp"
#include "io/results_h5.hpp"
#include "models/model.hpp"
#include "record/ensemble.hpp"

namespace wfsim::cli {

namespace {

struct RunOptions {
  std::string scenario;
  std::string output;
  std::string csv_dir;
  std::string annual_csv;
  std::vector<std::string> overrides;
  std::int64_t replicates = 0;
  std::int64_t seed = -1;
  std::int64_t weeks = 0;
  int threads = 0;
  bool force = false;
  ResourceLimits limits;
};

std::filesystem::path default_output(const std::string& scenario) {
  return std::filesystem::path("results") /
         (std::filesystem::path(scenario).stem().string() + ".h5");
}

int run(const RunOptions& options) {
  distributed::Cluster& cluster = distributed::cluster();
  std::vector<std::string> overrides = options.overrides;
  add_run_overrides(overrides, options.replicates, options.seed, options.weeks);
  const ScenarioSchema schema = model::schema();
  const Scenario scenario = load_scenario(options.scenario, overrides, schema);
  const std::filesystem::path output = options.output.empty()
                                           ? default_output(options.scenario)
                                           : std::filesystem::path(options.output);
  if (cluster.root()) {
    const OutputRules rules{{options.scenario}, options.force};
    check_output(output, "-o", rules);
    if (!options.annual_csv.empty()) check_output(options.annual_csv, "--annual-csv", rules);
    if (!options.csv_dir.empty())
      check_output_dir(options.csv_dir, results_csv_files(), "--csv", rules);
  }

  const int threads = thread_count(options.threads);
  const tbb::global_control parallelism = limit_threads(threads);
  const std::atomic<bool>& interrupted = install_interrupt_handlers();
  // Before building (the ties within a huge team), then with the world built.
  const ResourceNeed model = model_need(scenario);
  check_resources(model, options.limits, output);

  const auto started = std::chrono::steady_clock::now();
  const Simulation simulation = model::build_simulation(scenario);
  const World& world = simulation.world();
  if (cluster.root()) {
    ResourceNeed need = model;
    need.add(ensemble_need(world, scenario.replicates, scenario.weeks, threads));
    check_resources(need, options.limits, output);
  }
  // Replicates go to the ranks in chunks (a single chunk on one rank).
  distributed::EnsembleTask task({{&simulation, scenario.seed, scenario.weeks}}, &interrupted);
  if (!cluster.root())
    return cluster.serve([&task](const distributed::Packet& item) { return task(item); });
  std::atomic<std::int64_t> weeks_done{0};
  if (cluster.size() == 1) task.count_weeks(&weeks_done);
  EnsembleResult result;
  {
    const ProgressBar progress(weeks_done, std::int64_t{scenario.replicates} * scenario.weeks,
                               "weeks");
    const int chunk = distributed::chunk_size(scenario.replicates, cluster.size(), threads);
    result = std::move(
        distributed::run_ensembles(cluster, task, 0, scenario.replicates, chunk, &weeks_done)
            .front());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const bool all_weeks = std::all_of(result.weeks_completed.begin(), result.weeks_completed.end(),
                                     [&](int weeks) { return weeks == scenario.weeks; });
  RunRecord record =
      make_record(scenario, schema, std::move(result), threads, !interrupted.load() && all_weeks);
  // CSV first: if it fails, no results file appears (nor replaces an older one).
  if (!options.csv_dir.empty()) write_results_csv(options.csv_dir, record);
  if (!options.annual_csv.empty())
    write_annual_csv(options.annual_csv, record, scenario.start_date);
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
      "\n{} posts x {} weeks x {} replicates in {:.2f} s ({:.1f} M agent-weeks/s, {} threads{})\n",
      world.posts.size(), scenario.weeks, scenario.replicates, seconds, agent_weeks / seconds / 1e6,
      threads, cluster.size() > 1 ? fmt::format(" x {} ranks", cluster.size()) : std::string());
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
      ->check(whole_number(1, 100000));
  command->add_option("--seed", options->seed, "Random seed (overrides the scenario)")
      ->check(whole_number(0, std::numeric_limits<std::int64_t>::max()));
  command->add_option("--weeks", options->weeks, "Weeks to simulate (overrides the scenario)")
      ->check(whole_number(1, 5200));
  command->add_option("--threads", options->threads, "Worker threads (default: all cores)")
      ->check(whole_number(1, 1024));
  command->add_option("--set", options->overrides,
                      "Override a scenario key: --set KEY=VALUE (repeatable)");
  command->add_option("--csv", options->csv_dir,
                      "Also write the series as tidy CSV into this directory");
  command->add_option("--annual-csv", options->annual_csv,
                      "Also write one row per organisation and reporting year (rates as "
                      "published: means and 5th/95th percentiles over replicates)");
  add_force_option(command, options->force);
  add_resource_options(command, options->limits);
  command->callback([&action, options] { action = [options] { return run(*options); }; });
}

}  // namespace wfsim::cli
