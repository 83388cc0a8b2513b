// The workshop server in process for tests: a small scenario catalogue, a
// server on an ephemeral loopback port, JSON requests, and an event-stream
// reader.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/server.hpp"

namespace wfsim::test {

/// sure_start_centre and baseline as shipped, plus `short_centre`: Sure Start
/// over 20 weeks (for runs to the end). Loaded once per test process.
const serve::Catalogue& serve_catalogue();

/// A server on 127.0.0.1 and a free port, serving until destroyed.
class TestServer {
 public:
  explicit TestServer(serve::Limits limits = default_limits(), std::filesystem::path page = {},
                      serve::ConnectionLimits connections = default_connections());
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  ~TestServer();

  /// The default limits, with a short keep-alive so tests see comment lines.
  static serve::Limits default_limits();
  /// Every test client is 127.0.0.1, so the per-address cap is set out of reach.
  static serve::ConnectionLimits default_connections();

  int port() const { return port_; }
  serve::WorkshopServer& server() { return *server_; }
  /// A new client (read timeout 30 s).
  std::unique_ptr<httplib::Client> client() const;

 private:
  std::unique_ptr<serve::WorkshopServer> server_;
  std::thread thread_;
  int port_ = 0;
};

/// A response: status and JSON body (null when the body is not JSON).
struct JsonResponse {
  int status = 0;
  nlohmann::json body;
  std::string text;
  std::string allow;  ///< the Allow header
};

JsonResponse request(httplib::Client& client, const std::string& method, const std::string& path,
                     const std::string& body = {});
JsonResponse get(httplib::Client& client, const std::string& path);
JsonResponse post(httplib::Client& client, const std::string& path, const nlohmann::json& body);

/// Creates a session (201 expected) and returns its object.
nlohmann::json create_session(httplib::Client& client, const nlohmann::json& body);
/// POST /control with `body`; returns the session object (200 expected).
nlohmann::json control(httplib::Client& client, const std::string& id, const nlohmann::json& body);
/// Polls GET /api/sessions/ID until `done(session)` or `limit` passes; returns the last object.
nlohmann::json wait_for(httplib::Client& client, const std::string& id,
                        const std::function<bool(const nlohmann::json&)>& done,
                        std::chrono::milliseconds limit = std::chrono::seconds(20));

/// One parsed server-sent event; name "comment" for a keep-alive line.
struct Event {
  std::string name;
  nlohmann::json data;
};

/// Reads an event stream on its own thread until stopped (or the stream ends).
class EventReader {
 public:
  /// `headers` are sent with the request (e.g. Accept-Encoding).
  EventReader(int port, const std::string& path, httplib::Headers headers = {});
  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;
  ~EventReader();

  /// Waits up to `limit` until `done(events so far)`; returns whether it happened.
  bool wait_until(const std::function<bool(const std::vector<Event>&)>& done,
                  std::chrono::milliseconds limit = std::chrono::seconds(20));
  std::vector<Event> events() const;
  /// Drops the connection (the client vanishes mid-stream).
  void stop();
  int status() const { return status_.load(); }
  std::size_t bytes() const { return bytes_.load(); }
  /// Bytes as they came over the connection (compressed, if the stream was).
  std::size_t compressed_bytes() const { return wire_bytes_.load(); }
  /// The response's Content-Encoding ("" when none); the events are decoded either way.
  std::string content_encoding() const;

 private:
  void parse(const char* data, std::size_t size);

  mutable std::mutex mutex_;
  std::vector<Event> events_;
  std::string pending_;
  std::string encoding_;
  std::atomic<bool> stop_{false};
  std::atomic<int> status_{0};
  std::atomic<std::size_t> bytes_{0};
  std::atomic<std::size_t> wire_bytes_{0};
  std::thread thread_;
};

/// Resident memory of this process (VmRSS), in KiB.
long resident_kib();

}  // namespace wfsim::test
