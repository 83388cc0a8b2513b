// The cluster without MPI: one rank, every item computed in this process.
#include "distributed/cluster.hpp"

namespace wfsim::distributed {

Cluster::Cluster(int& /*argc*/, char**& /*argv*/) {}

Cluster::~Cluster() = default;

void Cluster::map(const std::vector<Packet>& inputs, const Task& task, const Deliver& deliver) {
  for (std::size_t i = 0; i < inputs.size(); ++i) deliver(i, task(inputs[i]));
}

int Cluster::serve(const Task& /*task*/) {
  return 0;
}

void Cluster::release(int /*exit_code*/) {}

int Cluster::fail(int exit_code, const std::string& /*message*/) {
  return exit_code;
}

int Cluster::wait_for_release() {
  return 0;
}

}  // namespace wfsim::distributed
