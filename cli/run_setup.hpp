// What every simulating command (run, compare, sweep) does before and around
// its runs: set the thread count, and name the build in the results file.
#pragma once

#include <oneapi/tbb/global_control.h>

#include <filesystem>
#include <memory>
#include <string>

#include "io/results_h5.hpp"
#include "io/scenario_io.hpp"
#include "record/ensemble.hpp"
#include "sim/simulation.hpp"

namespace wfsim::cli {

/// `requested` threads, or when 0 all cores shared between this machine's ranks.
int thread_count(int requested);

/// Limits oneTBB to `threads` worker threads while it lives.
tbb::global_control limit_threads(int threads);

/// Keeps the command line for provenance(); main() calls it once.
void remember_command_line(int argc, const char* const* argv);

/// Version, git SHA, build type, compiler, library versions, MPI ranks and
/// the command line (shell-quoted, so it can be pasted back).
Provenance provenance();

/// Appends KEY=VALUE overrides for the common command-line options that are set.
void add_run_overrides(std::vector<std::string>& overrides, std::int64_t replicates,
                       std::int64_t seed, std::int64_t weeks);

/// A resolved scenario and its simulation (which owns the world).
struct Model {
  explicit Model(Scenario resolved);
  const World& world() const { return simulation->world(); }
  Scenario scenario;
  std::unique_ptr<Simulation> simulation;
};

/// The results-file record of an ensemble of `scenario`.
RunRecord make_record(const Scenario& scenario, const ScenarioSchema& schema,
                      EnsembleResult&& result, int threads, bool complete);

}  // namespace wfsim::cli
