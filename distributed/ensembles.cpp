#include "distributed/ensembles.hpp"

#include <algorithm>
#include <stdexcept>

#include "record/ensemble.hpp"
#include "record/metrics.hpp"

namespace wfsim::distributed {

namespace {

std::vector<std::string> scopes_of(const World& world) {
  const std::vector<std::string> scopes = metric_scopes(world);
  return scopes;
}

}  // namespace

EnsembleTask::EnsembleTask(std::vector<EnsembleJob> jobs, const std::atomic<bool>* stop)
    : jobs_(std::move(jobs)), stop_(stop), final_agents_(jobs_.size()) {}

Packet EnsembleTask::operator()(const Packet& input) const {
  if (input.ints.size() != 2)
    throw std::runtime_error("an ensemble work item needs {first, count}");
  const int first = static_cast<int>(input.ints[0]);
  const int count = static_cast<int>(input.ints[1]);
  Packet out;
  for (std::size_t j = 0; j < jobs_.size(); ++j) {
    const EnsembleJob& job = jobs_[j];
    EnsembleOptions options;
    options.seed = job.seed;
    options.replicates = count;
    options.weeks = job.weeks;
    options.first_replicate = first;
    options.stop = stop_;
    options.weeks_done = weeks_done_;
    EnsembleResult result = run_ensemble(*job.simulation, options);
    out.ints.insert(out.ints.end(), result.weeks_completed.begin(), result.weeks_completed.end());
    const SeriesTable& series = result.series;
    const std::size_t values =
        static_cast<std::size_t>(count) * (static_cast<std::size_t>(job.weeks) + 1);
    for (std::size_t s = 0; s < series.scopes().size(); ++s) {
      for (std::size_t m = 0; m < series.metrics().size(); ++m) {
        const double* block = series.block(s, m);
        out.reals.insert(out.reals.end(), block, block + values);
      }
    }
    if (first == 0) final_agents_[j] = std::move(result.final_agents);
  }
  return out;
}

std::vector<EnsembleResult> run_ensembles(Cluster& cluster, const EnsembleTask& task, int first,
                                          int count, int chunk,
                                          std::atomic<std::int64_t>* weeks_done) {
  const std::vector<EnsembleJob>& jobs = task.jobs();
  std::vector<EnsembleResult> results;
  for (const EnsembleJob& job : jobs) {
    const World& world = job.simulation->world();
    results.push_back({SeriesTable(scopes_of(world), metric_names(world), count, job.weeks),
                       std::vector<int>(static_cast<std::size_t>(count), 0),
                       {}});
  }
  std::vector<Packet> inputs;
  for (int begin = 0; begin < count; begin += std::max(1, chunk))
    inputs.push_back({{first + begin, std::min(std::max(1, chunk), count - begin)}, {}});

  const auto deliver = [&](std::size_t index, Packet&& result) {
    const auto row0 = static_cast<int>(inputs[index].ints[0]) - first;
    const auto rows = static_cast<int>(inputs[index].ints[1]);
    std::size_t at_int = 0, at_real = 0;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      EnsembleResult& into = results[j];
      for (int r = 0; r < rows; ++r)
        into.weeks_completed[static_cast<std::size_t>(row0 + r)] =
            static_cast<int>(result.ints.at(at_int++));
      SeriesTable& series = into.series;
      for (std::size_t s = 0; s < series.scopes().size(); ++s) {
        for (std::size_t m = 0; m < series.metrics().size(); ++m) {
          for (int r = 0; r < rows; ++r) {
            for (int w = 0; w <= jobs[j].weeks; ++w)
              series.at(s, m, row0 + r, w) = result.reals.at(at_real++);
          }
        }
      }
      if (weeks_done != nullptr && cluster.size() > 1)
        weeks_done->fetch_add(std::int64_t{rows} * jobs[j].weeks);
    }
  };
  cluster.map(
      inputs, [&task](const Packet& input) { return task(input); }, deliver);
  if (first == 0) {
    for (std::size_t j = 0; j < jobs.size(); ++j)
      results[j].final_agents = std::move(task.final_agents()[j]);
  }
  return results;
}

}  // namespace wfsim::distributed
