#include "distributed/cluster.hpp"

#include <algorithm>

namespace wfsim::distributed {

namespace {

Cluster* instance = nullptr;

}  // namespace

RemoteFailure::RemoteFailure(int rank, int exit_code, const std::string& message)
    : std::runtime_error("rank " + std::to_string(rank) + ": " + message), exit_code_(exit_code) {}

Cluster& cluster() {
  if (instance == nullptr) {
    static Cluster single;
    return single;
  }
  return *instance;
}

void set_cluster(Cluster* cluster_instance) {
  instance = cluster_instance;
}

int chunk_size(std::int64_t items, int ranks, int threads) {
  if (ranks <= 1) return static_cast<int>(std::max<std::int64_t>(1, items));
  const std::int64_t balanced = (items + 4 * std::int64_t{ranks} - 1) / (4 * std::int64_t{ranks});
  return static_cast<int>(std::max<std::int64_t>(1, std::max<std::int64_t>(threads, balanced)));
}

}  // namespace wfsim::distributed
