// The cluster on MPI. Rank 0's main thread computes items like any worker;
// a second thread on rank 0, the coordinator, is the only one to call MPI
// while map() runs (MPI_THREAD_SERIALIZED): it hands items out and collects
// results. Every wait polls and sleeps rather than spinning in MPI, so ranks
// oversubscribed on a core (or sharing it with oneTBB threads) do not steal
// each other's time.
#include <mpi.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

#include "distributed/cluster.hpp"

namespace wfsim::distributed {

namespace {

enum Tag : int { kWork = 1, kResult = 2, kFail = 3, kStop = 4, kAck = 5 };

constexpr auto kPoll = std::chrono::microseconds(500);

using Bytes = std::vector<char>;

struct Message {
  int source = 0;
  int tag = 0;
  Bytes bytes;
};

template <typename T>
void put(Bytes& out, const T* values, std::size_t count) {
  const std::size_t at = out.size();
  out.resize(at + count * sizeof(T));
  if (count > 0) std::memcpy(out.data() + at, values, count * sizeof(T));
}

template <typename T>
void take(const Bytes& in, std::size_t& at, T* values, std::size_t count) {
  if (at + count * sizeof(T) > in.size()) throw std::runtime_error("a truncated MPI message");
  if (count > 0) std::memcpy(values, in.data() + at, count * sizeof(T));
  at += count * sizeof(T);
}

// [index, ints, reals][ints...][reals...]
Bytes encode(std::int64_t index, const Packet& packet) {
  Bytes out;
  const std::int64_t header[3] = {index, static_cast<std::int64_t>(packet.ints.size()),
                                  static_cast<std::int64_t>(packet.reals.size())};
  put(out, header, 3);
  put(out, packet.ints.data(), packet.ints.size());
  put(out, packet.reals.data(), packet.reals.size());
  return out;
}

Packet decode(const Bytes& in, std::int64_t& index) {
  std::size_t at = 0;
  std::int64_t header[3] = {0, 0, 0};
  take(in, at, header, 3);
  index = header[0];
  Packet packet;
  packet.ints.resize(static_cast<std::size_t>(header[1]));
  packet.reals.resize(static_cast<std::size_t>(header[2]));
  take(in, at, packet.ints.data(), packet.ints.size());
  take(in, at, packet.reals.data(), packet.reals.size());
  return packet;
}

// [code][message]
Bytes encode_failure(int exit_code, const std::string& text) {
  Bytes out;
  const std::int64_t code = exit_code;
  put(out, &code, 1);
  put(out, text.data(), text.size());
  return out;
}

std::int64_t leading_code(const Bytes& in) {
  std::size_t at = 0;
  std::int64_t code = 0;
  take(in, at, &code, 1);
  return code;
}

bool try_receive(int source, int tag, Message& out) {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, &status);
  if (flag == 0) return false;
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  out.source = status.MPI_SOURCE;
  out.tag = status.MPI_TAG;
  out.bytes.assign(static_cast<std::size_t>(count), 0);
  MPI_Recv(out.bytes.data(), count, MPI_BYTE, out.source, out.tag, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return true;
}

Message receive(int source, int tag) {
  Message message;
  while (!try_receive(source, tag, message)) std::this_thread::sleep_for(kPoll);
  return message;
}

void send(int destination, int tag, const Bytes& bytes) {
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Isend(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, destination, tag,
            MPI_COMM_WORLD, &request);
  int done = 0;
  while (true) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done != 0) return;
    std::this_thread::sleep_for(kPoll);
  }
}

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

// A worker answers rank 0's release.
int acknowledge(const Message& stop) {
  send(0, kAck, {});
  return static_cast<int>(leading_code(stop.bytes));
}

}  // namespace

Cluster::Cluster(int& argc, char**& argv) {
  if (!launched_by_mpi()) return;
  int provided = MPI_THREAD_SINGLE;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  joined_ = true;
  if (provided < MPI_THREAD_SERIALIZED) {
    std::fputs("wfsim: failed: this MPI does not support MPI_THREAD_SERIALIZED\n", stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm local = MPI_COMM_NULL;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &local_size_);
  MPI_Comm_free(&local);
}

Cluster::~Cluster() {
  if (joined_) MPI_Finalize();
}

void Cluster::map(const std::vector<Packet>& inputs, const Task& task, const Deliver& deliver) {
  const std::size_t n = inputs.size();
  if (size_ == 1) {
    for (std::size_t i = 0; i < n; ++i) deliver(i, task(inputs[i]));
    return;
  }
  if (n == 0) return;

  struct Shared {
    std::mutex mutex;
    std::condition_variable ready;
    std::size_t next = 0;  // the next item to hand out
    std::vector<std::optional<Packet>> results;
    bool abort = false;  // rank 0 itself failed
    std::optional<RemoteFailure> failure;
  } shared;
  shared.results.resize(n);
  const auto claim = [&]() -> std::optional<std::size_t> {
    const std::lock_guard lock(shared.mutex);
    if (shared.abort || shared.failure || shared.next >= n) return std::nullopt;
    return shared.next++;
  };

  const std::optional<std::size_t> first = claim();  // item 0 stays on rank 0
  std::thread coordinator([&] {
    std::vector<std::optional<std::size_t>> held(static_cast<std::size_t>(size_));
    const auto hand_out = [&](int worker) {
      held[static_cast<std::size_t>(worker)] = claim();
      if (const auto item = held[static_cast<std::size_t>(worker)])
        send(worker, kWork, encode(static_cast<std::int64_t>(*item), inputs[*item]));
    };
    for (int worker = 1; worker < size_; ++worker) hand_out(worker);
    while (true) {
      bool busy = false;
      for (const auto& item : held) busy = busy || item.has_value();
      {
        const std::lock_guard lock(shared.mutex);
        if (shared.abort || (!busy && shared.next >= n)) return;
      }
      Message message;
      if (!try_receive(MPI_ANY_SOURCE, MPI_ANY_TAG, message)) {
        std::this_thread::sleep_for(kPoll);
        continue;
      }
      if (message.tag == kResult) {
        std::int64_t index = 0;
        Packet result = decode(message.bytes, index);
        {
          const std::lock_guard lock(shared.mutex);
          shared.results[static_cast<std::size_t>(index)] = std::move(result);
        }
        shared.ready.notify_all();
        hand_out(message.source);
      } else if (message.tag == kFail) {
        const std::string text(message.bytes.begin() + sizeof(std::int64_t), message.bytes.end());
        {
          const std::lock_guard lock(shared.mutex);
          shared.failure.emplace(message.source, static_cast<int>(leading_code(message.bytes)),
                                 text);
        }
        shared.ready.notify_all();
        return;
      }
    }
  });

  std::size_t delivered = 0;
  // Passes on every result ready in order; false once rank 0 should stop waiting.
  const auto deliver_ready = [&]() {
    while (delivered < n) {
      Packet result;
      {
        std::unique_lock lock(shared.mutex);
        shared.ready.wait_for(lock, std::chrono::milliseconds(100), [&] {
          return shared.results[delivered].has_value() || shared.failure.has_value();
        });
        if (!shared.results[delivered]) return !shared.failure;
        result = std::move(*shared.results[delivered]);
        shared.results[delivered].reset();
      }
      deliver(delivered, std::move(result));
      ++delivered;
    }
    return false;
  };
  try {
    for (std::optional<std::size_t> item = first; item; item = claim()) {
      Packet result = task(inputs[*item]);
      {
        const std::lock_guard lock(shared.mutex);
        shared.results[*item] = std::move(result);
      }
      // Pass on what is ready without waiting for the others.
      while (delivered < n) {
        Packet ready;
        {
          const std::lock_guard lock(shared.mutex);
          if (!shared.results[delivered]) break;
          ready = std::move(*shared.results[delivered]);
          shared.results[delivered].reset();
        }
        deliver(delivered, std::move(ready));
        ++delivered;
      }
    }
    while (deliver_ready()) {
    }
  } catch (...) {
    {
      const std::lock_guard lock(shared.mutex);
      shared.abort = true;
    }
    coordinator.join();
    throw;
  }
  coordinator.join();
  if (shared.failure) throw *shared.failure;
}

int Cluster::serve(const Task& task) {
  while (true) {
    const Message message = receive(0, MPI_ANY_TAG);
    if (message.tag == kStop) return acknowledge(message);
    if (message.tag != kWork) continue;
    Message stop;
    if (try_receive(0, kStop, stop)) return acknowledge(stop);  // no more results wanted
    std::int64_t index = 0;
    const Packet input = decode(message.bytes, index);
    send(0, kResult, encode(index, task(input)));
  }
}

void Cluster::release(int exit_code) {
  if (released_ || size_ == 1) return;
  released_ = true;
  const std::int64_t code = exit_code;
  std::vector<MPI_Request> requests(static_cast<std::size_t>(size_ - 1), MPI_REQUEST_NULL);
  for (int worker = 1; worker < size_; ++worker) {
    MPI_Isend(&code, sizeof code, MPI_BYTE, worker, kStop, MPI_COMM_WORLD,
              &requests[static_cast<std::size_t>(worker - 1)]);
  }
  // Results still on their way (after a failure) are received and dropped.
  std::vector<bool> acknowledged(static_cast<std::size_t>(size_), false);
  int waiting = size_ - 1;
  while (waiting > 0) {
    Message message;
    if (!try_receive(MPI_ANY_SOURCE, MPI_ANY_TAG, message)) {
      std::this_thread::sleep_for(kPoll);
      continue;
    }
    if (message.tag == kAck && !acknowledged[static_cast<std::size_t>(message.source)]) {
      acknowledged[static_cast<std::size_t>(message.source)] = true;
      --waiting;
    }
  }
  MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE);
}

int Cluster::fail(int exit_code, const std::string& message) {
  if (size_ == 1) return exit_code;
  send(0, kFail, encode_failure(exit_code, message));
  const int released_with = wait_for_release();
  // Rank 0 ended well, so it never read this failure: say it here.
  if (released_with == 0) std::fprintf(stderr, "wfsim: rank %d: %s\n", rank_, message.c_str());
  return exit_code;
}

int Cluster::wait_for_release() {
  if (size_ == 1) return 0;
  while (true) {
    const Message message = receive(0, MPI_ANY_TAG);
    if (message.tag == kStop) return acknowledge(message);
  }
}

}  // namespace wfsim::distributed
