#include "record/ensemble.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <string>

#include "record/metrics.hpp"

namespace wfsim {

EnsembleResult run_ensemble(const Simulation& simulation, const EnsembleOptions& options) {
  const World& world = simulation.world();
  const std::vector<std::string> scopes = metric_scopes(world);
  EnsembleResult result{SeriesTable(scopes, metric_names(world), options.replicates, options.weeks),
                        std::vector<int>(static_cast<std::size_t>(options.replicates), 0),
                        {}};
  ReplicateState first_replicate_final(world);
  tbb::parallel_for(0, options.replicates, [&](int row) {
    const int replicate = options.first_replicate + row;
    MetricScratch scratch(world);
    const auto record = [&](int week, const ReplicateState& state) {
      record_metrics(world, state, row, week, scratch, result.series);
      if (week > 0 && options.weeks_done != nullptr) options.weeks_done->fetch_add(1);
    };
    ReplicateState final_state(world);
    result.weeks_completed[static_cast<std::size_t>(row)] =
        simulation.run(options.seed, replicate, options.weeks, record, options.stop, final_state);
    if (replicate == 0) first_replicate_final = std::move(final_state);
  });
  if (options.first_replicate == 0 && options.replicates > 0)
    result.final_agents = final_agent_table(world, first_replicate_final);
  return result;
}

}  // namespace wfsim
