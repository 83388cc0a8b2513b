// The HTTP server with two guards cpp-httplib does not have, against a
// client that opens many connections and sends each request slowly (each
// connection holds one of the pool's threads, so enough of them froze the
// server for everyone):
// - a deadline for reading each request: its headers and body must arrive
//   within `request_deadline` (of the connection being accepted, for its
//   first request, so that connections queued behind slow ones and already
//   late are ended at once; of its first byte for the next ones), however
//   steadily the bytes trickle in (httplib's own timeout is per read);
// - a cap on the connections one address may have open at once; more are
//   answered 429 and closed;
// and a longer queue of connections waiting to be accepted than httplib's 5.
// A response, once its request is read, has no deadline: event streams last
// as long as the page is open.
//
// It serves each connection itself, through httplib's protected
// process_request, on a stream of its own (deadline_stream.hpp) that applies
// the deadline, since httplib's socket stream is internal to the library.
#pragma once

#include <httplib.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace wfsim::serve {

struct ConnectionLimits {
  int per_address = 32;
  std::chrono::milliseconds request_deadline = std::chrono::seconds(10);
};

class GuardedHttpServer : public httplib::Server {
 public:
  /// Serves connections on `workers` threads.
  GuardedHttpServer(ConnectionLimits limits, std::size_t workers);

  /// Listens on `host`:`port` (any free port if 0); the port, or 0 if it
  /// cannot. The accept queue holds kAcceptQueue connections.
  int bind_and_listen(const std::string& host, int port);

  /// Connections from `address` open now (admitted, not yet closed).
  int connections_from(const std::string& address);

  /// Call from a handler: the request of this thread's connection has been
  /// read, so its deadline no longer applies to the response.
  static void request_read();

 private:
  /// Debian's httplib is a compiled library that listens with a backlog of 5
  /// (its CPPHTTPLIB_LISTEN_BACKLOG): a classroom of laptops opening pages at
  /// once overflowed it, and the kernel dropped connections that then retried
  /// only after a second or more. Linux caps it at net.core.somaxconn.
  static constexpr int kAcceptQueue = 1024;

  bool process_and_close_socket(socket_t sock) override;
  /// Counts a connection from `address`; false if it has its share open.
  bool admit(const std::string& address);
  void release(const std::string& address);

  const ConnectionLimits limits_;
  std::mutex mutex_;
  std::map<std::string, int> per_address_;  ///< open connections by address
};

}  // namespace wfsim::serve
