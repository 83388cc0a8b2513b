#include "cli/run_setup.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/version.h>
#include <unistd.h>

#include <H5public.h>
#include <algorithm>
#include <thread>

#include "cli/build_info.hpp"
#include "distributed/cluster.hpp"
#include "io/input_error.hpp"
#include "models/model.hpp"
#include "record/ensemble.hpp"

namespace wfsim::cli {

int thread_count(int requested) {
  if (requested > 0) return requested;
  // Ranks on one machine share its cores.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, cores / distributed::cluster().local_size());
}

tbb::global_control limit_threads(int threads) {
  return tbb::global_control(tbb::global_control::max_allowed_parallelism,
                             static_cast<std::size_t>(std::max(1, threads)));
}

namespace {

std::string& command_line() {
  static std::string line;
  return line;
}

// An argument as a POSIX shell reads it back: quoted only when it must be.
std::string shell_quoted(const std::string& arg) {
  const bool plain = !arg.empty() && arg.find_first_not_of(
                                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789_-+=.,/:@%") == std::string::npos;
  if (plain) return arg;
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

void remember_command_line(int argc, const char* const* argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) line += ' ';
    line += shell_quoted(argv[i]);
  }
  command_line() = line;
}

Provenance provenance() {
  return {{{"wfsim_version", build::version},
           {"git_sha", build::git_sha},
           {"build_type", build::build_type},
           {"compiler", build::compiler},
           {"hdf5_version", fmt::format("{}.{}.{}", H5_VERS_MAJOR, H5_VERS_MINOR, H5_VERS_RELEASE)},
           {"tbb_version", TBB_VERSION_STRING},
           {"mpi_ranks", std::to_string(distributed::cluster().size())},
           {"command_line", command_line()}}};
}

void add_run_overrides(std::vector<std::string>& overrides, std::int64_t replicates,
                       std::int64_t seed, std::int64_t weeks) {
  if (replicates > 0) overrides.push_back(fmt::format("replicates={}", replicates));
  if (seed >= 0) overrides.push_back(fmt::format("seed={}", seed));
  if (weeks > 0) overrides.push_back(fmt::format("weeks={}", weeks));
}

Model::Model(Scenario resolved)
    : scenario(std::move(resolved)),
      simulation(std::make_unique<Simulation>(model::build_simulation(scenario))) {}

RunRecord make_record(const Scenario& scenario, const ScenarioSchema& schema,
                      EnsembleResult&& result, int threads, bool complete) {
  RunRecord record;
  record.scenario_yaml = to_yaml(scenario, schema);
  record.scenario_name = scenario.name;
  record.seed = scenario.seed;
  record.replicates = result.series.replicates();
  record.weeks = scenario.weeks;
  record.threads = threads;
  record.weeks_completed = std::move(result.weeks_completed);
  record.complete = complete;
  record.series = std::move(result.series);
  record.final_agents = std::move(result.final_agents);
  return record;
}

}  // namespace wfsim::cli
