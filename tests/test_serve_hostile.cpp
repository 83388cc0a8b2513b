// Requests a classroom's browsers (or a page on another site) could send that
// the server must refuse with a 4xx and a JSON message, never a 500: other
// sites' pages and DNS rebinding, bodies that are not declared JSON, numbers
// too large for a double, bytes that are not UTF-8, and odd paths; and the
// connections it must not let one computer hold: requests sent slowly and
// more connections than a computer's share.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>

#include "server/request_checks.hpp"
#include "tests/serve_harness.hpp"

using namespace wfsim;
using namespace wfsim::test;

namespace {

const std::string kSession = R"({"scenario": "sure_start_centre"})";

// A raw request with the given headers, so that tests can set Host, Origin
// and Content-Type as a hostile client would.
httplib::Result send(httplib::Client& client, const std::string& method, const std::string& path,
                     const httplib::Headers& headers, const std::string& body = {},
                     const std::string& content_type = "application/json") {
  if (method == "GET") return client.Get(path, headers);
  return client.Post(path, headers, body, content_type);
}

void require_json_error(const httplib::Result& result, int status) {
  REQUIRE(result);
  INFO(result->status << " " << result->body);
  CHECK(result->status == status);
  const nlohmann::json body = nlohmann::json::parse(result->body, nullptr, false);
  REQUIRE(!body.is_discarded());
  CHECK(body.contains("error"));
}

}  // namespace

TEST_CASE("serve: another site's page or a rebound name cannot drive the server", "[serve]") {
  TestServer server;
  auto client = server.client();
  const std::string self = "127.0.0.1:" + std::to_string(server.port());
  // DNS rebinding: the browser sends the attacker's name as Host.
  require_json_error(send(*client, "GET", "/api/scenarios", {{"Host", "evil.example"}}), 403);
  require_json_error(
      send(*client, "POST", "/api/sessions", {{"Host", "evil.example:8080"}}, kSession), 403);
  // A page on another site posting here: its Origin is not this server.
  require_json_error(
      send(*client, "POST", "/api/sessions", {{"Origin", "http://evil.example"}}, kSession), 403);
  // The server's own page (same Origin), localhost and an IP are fine.
  const auto own = send(*client, "POST", "/api/sessions", {{"Origin", "http://" + self}}, kSession);
  REQUIRE(own);
  CHECK(own->status == 201);
  const auto local = send(*client, "GET", "/api/scenarios",
                          {{"Host", "localhost:" + std::to_string(server.port())}});
  REQUIRE(local);
  CHECK(local->status == 200);
}

TEST_CASE("serve: a name given with --allow-host is answered", "[serve]") {
  TestServer plain;
  auto client = plain.client();
  require_json_error(send(*client, "GET", "/api/scenarios", {{"Host", "teacher-laptop.local"}}),
                     403);
  // The same request against a policy that allows the name passes the check.
  httplib::Request request;
  request.method = "GET";
  request.path = "/api/scenarios";
  request.headers.emplace("Host", "Teacher-Laptop.local:8080");
  CHECK_NOTHROW(serve::check_request(request, serve::HostPolicy{{"teacher-laptop.local"}}));
  CHECK_THROWS(serve::check_request(request, serve::HostPolicy{}));
}

TEST_CASE("serve: an API body must be declared JSON", "[serve]") {
  TestServer server;
  auto client = server.client();
  // A cross-site form can send text/plain without asking the server first.
  require_json_error(send(*client, "POST", "/api/sessions", {}, kSession, "text/plain"), 415);
  require_json_error(
      send(*client, "POST", "/api/sessions", {}, kSession, "application/x-www-form-urlencoded"),
      415);
  const auto charset =
      send(*client, "POST", "/api/sessions", {}, kSession, "Application/JSON; charset=utf-8");
  REQUIRE(charset);
  CHECK(charset->status == 201);
}

TEST_CASE("serve: overflowing numbers, bytes that are not UTF-8 and odd paths are 4xx", "[serve]") {
  TestServer server;
  auto client = server.client();
  require_json_error(send(*client, "POST", "/api/sessions", {},
                          R"({"scenario": "sure_start_centre", "a": {"referral_inflow": 1e309}})"),
                     400);
  require_json_error(send(*client, "POST", "/api/sessions", {}, "{\"scenario\": \"\xc0\xaf\"}"),
                     400);
  require_json_error(send(*client, "POST", "/api/sessions", {}, "{\"sc\xff\": 1}"), 400);
  for (const std::string path :
       {"/..%c0%af..%c0%afetc/passwd", "/api/sessions/%ff", "/%2e%2e/%2e%2e/etc/passwd"}) {
    const auto result = send(*client, "GET", path, {});
    REQUIRE(result);
    INFO(path << ": " << result->status << " " << result->body);
    CHECK(result->status >= 400);
    CHECK(result->status < 500);
    CHECK(!nlohmann::json::parse(result->body, nullptr, false).is_discarded());
  }
}

namespace {

/// A TCP connection to the test server from `source`, one of the loopback
/// addresses (all of 127.0.0.0/8 reaches this machine on Linux), so that
/// tests can be several computers.
int connect_from(const std::string& source, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

void send_text(int fd, const std::string& text) {
  (void)::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
}

/// Everything the server sends until it closes the connection (or 5 s pass).
std::string read_all(int fd) {
  std::string got;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    got.append(buffer, static_cast<std::size_t>(n));
  }
  return got;
}

/// The status line's code of a plain GET from `source`, and how long it took.
std::pair<int, double> timed_get(const std::string& source, int port) {
  const auto start = std::chrono::steady_clock::now();
  const int fd = connect_from(source, port);
  send_text(fd, "GET /api/scenarios HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  const std::string answer = read_all(fd);
  ::close(fd);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const int status = answer.size() > 12 ? std::atoi(answer.c_str() + 9) : 0;
  return {status, ms};
}

/// Waits up to 10 s for the server to hold `count` connections from `address`.
bool wait_for_connections(TestServer& server, const std::string& address, int count) {
  const auto start = std::chrono::steady_clock::now();
  while (server.server().connections_from(address) != count) {
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(10)) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace

TEST_CASE("serve: requests trickling in are cut at the deadline and cannot freeze the server",
          "[serve]") {
  serve::ConnectionLimits connections;
  connections.per_address = 1000;
  connections.request_deadline = std::chrono::milliseconds(1500);
  serve::Limits limits = TestServer::default_limits();
  limits.max_streams = 8;  // a small pool (8 + 32 + 64 threads): easy to exhaust
  TestServer server(limits, {}, connections);

  // More slow clients than the pool has threads, each sending a header line
  // every 300 ms, as a hostile laptop did to freeze the server.
  constexpr int kSlow = 150;
  std::vector<int> slow;
  for (int i = 0; i < kSlow; ++i) {
    slow.push_back(connect_from("127.0.0.2", server.port()));
    send_text(slow.back(), "GET /api/scenarios HTTP/1.1\r\n");
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<bool> cut(kSlow, false);
  int answered_meanwhile = 0;
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(4)) {
    for (int i = 0; i < kSlow; ++i) {
      if (cut[static_cast<std::size_t>(i)]) continue;
      char byte = 0;
      const ssize_t n = ::recv(slow[static_cast<std::size_t>(i)], &byte, 1, MSG_DONTWAIT);
      if (n >= 0) {
        cut[static_cast<std::size_t>(i)] = true;  // answered or closed by the server
        continue;
      }
      send_text(slow[static_cast<std::size_t>(i)], "X-Slow: 1\r\n");
    }
    // Meanwhile another computer is served (at worst after one deadline,
    // while the first slow connections still hold every thread).
    const auto [status, ms] = timed_get("127.0.0.3", server.port());
    CHECK(status == 200);
    CHECK(ms < 2 * 1500.0);
    ++answered_meanwhile;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  CHECK(answered_meanwhile >= 3);
  // Every slow connection was ended by the server within the deadline and a
  // poll interval, none lingered (the test's 4 s is over twice the deadline).
  CHECK(std::count(cut.begin(), cut.end(), true) == kSlow);
  for (const int fd : slow) ::close(fd);
}

TEST_CASE("serve: one computer may hold only its share of connections", "[serve]") {
  serve::ConnectionLimits connections;
  connections.per_address = 4;
  TestServer server(TestServer::default_limits(), {}, connections);
  std::vector<int> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(connect_from("127.0.0.2", server.port()));
    send_text(held.back(), "GET /api/scenarios HTTP/1.1\r\nHost: 127.0.0.1\r\n");  // unfinished
  }
  // The server takes them up (on a loaded machine, or under ThreadSanitizer,
  // this can take longer than any fixed pause).
  REQUIRE(wait_for_connections(server, "127.0.0.2", 4));
  const int fifth = connect_from("127.0.0.2", server.port());
  send_text(fifth, "GET /api/scenarios HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const std::string refused = read_all(fifth);
  ::close(fifth);
  CHECK(refused.rfind("HTTP/1.1 429", 0) == 0);
  CHECK(refused.find("\"message\"") != std::string::npos);
  // Another computer is not affected.
  CHECK(timed_get("127.0.0.3", server.port()).first == 200);
  // Once the first computer's connections end, it is served again.
  for (const int fd : held) ::close(fd);
  wait_for_connections(server, "127.0.0.2", 0);
  CHECK(timed_get("127.0.0.2", server.port()).first == 200);
}
