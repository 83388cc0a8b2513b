#include "server/guarded_http.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "server/deadline_stream.hpp"

namespace wfsim::serve {

namespace {

using Clock = DeadlineStream::Clock;

/// The stream of the connection this thread is serving: httplib calls the
/// handlers on the thread that serves the connection.
thread_local DeadlineStream* current_stream = nullptr;
/// When the connection this thread is serving was accepted.
thread_local Clock::time_point accepted_at;

/// httplib's pool, noting when each connection was accepted (its task
/// queued), for the first request's deadline.
class AcceptTimedPool : public httplib::ThreadPool {
 public:
  using httplib::ThreadPool::ThreadPool;
  void enqueue(std::function<void()> serve) override {
    httplib::ThreadPool::enqueue([serve = std::move(serve), accepted = Clock::now()] {
      accepted_at = accepted;
      serve();
    });
  }
};

void refuse_and_close(int fd) {
  static const std::string kBody =
      "{\"error\": \"too many connections from this computer (hint: close unused browser "
      "tabs)\", \"message\": \"This computer has too many connections open. Close browser tabs "
      "you no longer use.\"}";
  static const std::string kBusy =
      "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json; charset=utf-8\r\n"
      "Connection: close\r\nContent-Length: " +
      std::to_string(kBody.size()) + "\r\n\r\n" + kBody;
  // Best effort: the client may already be gone, and it must not block us.
  (void)::send(fd, kBusy.data(), kBusy.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

}  // namespace

GuardedHttpServer::GuardedHttpServer(ConnectionLimits limits, std::size_t workers)
    : limits_(limits) {
  // httplib takes ownership of the queue it is given.
  new_task_queue = [workers] { return new AcceptTimedPool(workers); };
}

int GuardedHttpServer::bind_and_listen(const std::string& host, int port) {
  const int bound = port == 0 ? bind_to_any_port(host) : (bind_to_port(host, port) ? port : 0);
  // Listening again on a listening socket sets its backlog (listen(2), Linux).
  if (bound > 0 && ::listen(svr_sock_, kAcceptQueue) != 0) return 0;
  return std::max(bound, 0);
}

void GuardedHttpServer::request_read() {
  if (current_stream != nullptr) current_stream->disarm();
}

bool GuardedHttpServer::admit(const std::string& address) {
  const std::lock_guard lock(mutex_);
  int& open = per_address_[address];
  if (open >= limits_.per_address) return false;
  ++open;
  return true;
}

int GuardedHttpServer::connections_from(const std::string& address) {
  const std::lock_guard lock(mutex_);
  const auto found = per_address_.find(address);
  return found == per_address_.end() ? 0 : found->second;
}

void GuardedHttpServer::release(const std::string& address) {
  const std::lock_guard lock(mutex_);
  if (--per_address_[address] <= 0) per_address_.erase(address);
}

// As httplib's own: serve requests on the kept-alive connection while the
// server runs, up to keep_alive_max_count_ of them, each arriving within
// keep_alive_timeout_sec_ of the last; then close it. Unlike httplib, a
// request that stalled (too slow to arrive) ends the connection.
bool GuardedHttpServer::process_and_close_socket(socket_t sock) {
  std::string address;
  int port = 0;
  socket_address(sock, true, address, port);
  if (!admit(address)) {
    refuse_and_close(sock);
    return false;
  }
  bool served = false;
  {
    DeadlineStream stream(sock, std::chrono::seconds(read_timeout_sec_),
                          std::chrono::seconds(write_timeout_sec_));
    current_stream = &stream;
    for (std::size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET;
         --left) {
      const bool first = left == keep_alive_max_count_;
      pollfd next{sock, POLLIN, 0};
      if (!stream.has_buffered() &&
          ::poll(&next, 1, static_cast<int>(keep_alive_timeout_sec_ * 1000)) <= 0)
        break;
      stream.arm((first ? accepted_at : Clock::now()) + limits_.request_deadline);
      bool connection_closed = false;
      served = process_request(stream, left == 1, connection_closed, nullptr);
      if (!served || connection_closed || stream.stalled()) break;
    }
    current_stream = nullptr;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  release(address);
  return served;
}

}  // namespace wfsim::serve
