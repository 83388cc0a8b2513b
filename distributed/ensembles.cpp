#include "distributed/ensembles.hpp"

#include <algorithm>

#include "distributed/messages.hpp"
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
  const ReplicateRange range = decode_replicate_range(input);
  const auto first = static_cast<int>(range.first);
  const auto count = static_cast<int>(range.count);
  EnsembleChunk out;
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
    EnsembleChunk::Job& part = out.jobs.emplace_back();
    part.weeks_completed.assign(result.weeks_completed.begin(), result.weeks_completed.end());
    const SeriesTable& series = result.series;
    const std::size_t values =
        static_cast<std::size_t>(count) * (static_cast<std::size_t>(job.weeks) + 1);
    for (std::size_t s = 0; s < series.scopes().size(); ++s) {
      for (std::size_t m = 0; m < series.metrics().size(); ++m) {
        const double* block = series.block(s, m);
        part.series.insert(part.series.end(), block, block + values);
      }
    }
    if (first == 0) final_agents_[j] = std::move(result.final_agents);
  }
  return encode(out);
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
  std::vector<ReplicateRange> ranges;
  std::vector<Packet> inputs;
  for (int begin = 0; begin < count; begin += std::max(1, chunk)) {
    ranges.push_back({first + begin, std::min(std::max(1, chunk), count - begin)});
    inputs.push_back(encode(ranges.back()));
  }

  const auto deliver = [&](std::size_t index, Packet&& packet) {
    const auto row0 = static_cast<int>(ranges[index].first) - first;
    const auto rows = static_cast<int>(ranges[index].count);
    std::vector<std::size_t> values_per_job;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      const SeriesTable& series = results[j].series;
      values_per_job.push_back(series.scopes().size() * series.metrics().size() *
                               static_cast<std::size_t>(rows) *
                               (static_cast<std::size_t>(jobs[j].weeks) + 1));
    }
    const EnsembleChunk chunk_result =
        decode_ensemble_chunk(packet, values_per_job, static_cast<std::size_t>(rows));
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      EnsembleResult& into = results[j];
      const EnsembleChunk::Job& part = chunk_result.jobs[j];
      for (int r = 0; r < rows; ++r)
        into.weeks_completed[static_cast<std::size_t>(row0 + r)] =
            static_cast<int>(part.weeks_completed[static_cast<std::size_t>(r)]);
      SeriesTable& series = into.series;
      std::size_t at = 0;
      for (std::size_t s = 0; s < series.scopes().size(); ++s) {
        for (std::size_t m = 0; m < series.metrics().size(); ++m) {
          for (int r = 0; r < rows; ++r) {
            for (int w = 0; w <= jobs[j].weeks; ++w)
              series.at(s, m, row0 + r, w) = part.series[at++];
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
