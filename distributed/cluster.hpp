// The processes of one wfsim job, and the work farm that spreads numbered
// work items over them (docs/cluster.md).
//
// Rank 0 runs the command: it reads and writes every file and decides what to
// compute. It hands work items out one at a time to any rank that asks for
// more (dynamic load balancing: a rank that finishes early takes more work),
// computes items itself between its hand-outs, and receives the results in
// whatever order they finish, but passes them on in item order. So what rank
// 0 assembles, and writes, is the same for any number of ranks. Other ranks
// only serve: they compute the items they are sent until rank 0 releases them.
//
// Items and results travel as Packets of int64s and doubles. A work item's
// result must depend only on its input, never on the rank that computes it.
//
// Failures: rank 0 releases every worker with its own exit code (release());
// a worker that fails tells rank 0 (fail()) and waits to be released, so no
// rank is left waiting for a message that never comes.
//
// Without MPI (built with WFSIM_MPI=OFF, or not started by mpirun or srun)
// the cluster has one rank and map() computes the items in order, in process.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace wfsim::distributed {

/// A flat message: a work item's input or its result.
struct Packet {
  std::vector<std::int64_t> ints;
  std::vector<double> reals;
};

/// Computes one work item; must be a pure function of its input.
using Task = std::function<Packet(const Packet& input)>;

/// Receives item `index`'s result on rank 0, in item order.
using Deliver = std::function<void(std::size_t index, Packet&& result)>;

/// Another rank failed; its message, and the exit code to end with.
class RemoteFailure : public std::runtime_error {
 public:
  RemoteFailure(int rank, int exit_code, const std::string& message);
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

class Cluster {
 public:
  /// A cluster of this process alone.
  Cluster() = default;
  /// Joins the MPI job when built with MPI and started by mpirun or srun;
  /// otherwise a cluster of one rank.
  Cluster(int& argc, char**& argv);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool root() const { return rank_ == 0; }
  /// Ranks on this machine (to share its cores between them).
  int local_size() const { return local_size_; }

  /// Rank 0: computes `task` on every input, over all ranks (item 0 always
  /// on rank 0), and delivers the results in input order. Throws
  /// RemoteFailure if a worker fails.
  void map(const std::vector<Packet>& inputs, const Task& task, const Deliver& deliver);

  /// A worker: computes the items rank 0 sends until it is released; returns
  /// the exit code rank 0 released it with (or this rank's own failure's).
  int serve(const Task& task);

  /// Rank 0: releases every worker, which then exits with `exit_code`.
  /// Safe to call more than once; only the first call has an effect.
  void release(int exit_code);

  /// A worker: reports its failure to rank 0, waits to be released and
  /// returns the exit code to end with.
  int fail(int exit_code, const std::string& message);

  /// A worker with nothing to serve (a command that rank 0 runs alone):
  /// waits to be released; returns the exit code.
  int wait_for_release();

 private:
  int rank_ = 0;
  int size_ = 1;
  int local_size_ = 1;
  // Used by the MPI build only (cluster_mpi.cpp).
  [[maybe_unused]] bool joined_ = false;    // MPI_Init was called
  [[maybe_unused]] bool released_ = false;  // rank 0: workers released
};

/// The process's cluster (created by main); a cluster of one before that.
Cluster& cluster();

/// Sets the instance cluster() returns (main's); nullptr to unset.
void set_cluster(Cluster* instance);

/// Splits `items` into chunks for `ranks` ranks of `threads` threads each:
/// big enough to keep a rank's threads busy, small enough to give about
/// four chunks a rank for balancing. Returns the chunk size (>= 1).
int chunk_size(std::int64_t items, int ranks, int threads);

}  // namespace wfsim::distributed
