// `wfsim serve` as a command: it prints its address, answers the API, stops
// cleanly on SIGTERM, and refuses bad options with exit code 2.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>

#include "tests/cli_harness.hpp"
#include "tests/serve_harness.hpp"

using namespace wfsim::test;

namespace {

/// A loopback port that was free a moment ago.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

/// GET /api/scenarios, retried until the starting server answers (30 s at most).
httplib::Result first_answer(httplib::Client& client, const ChildProcess& server) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  auto cards = client.Get("/api/scenarios");
  while (!cards && std::chrono::steady_clock::now() < deadline && server.running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cards = client.Get("/api/scenarios");
  }
  return cards;
}

}  // namespace

TEST_CASE("serve command: prints its address, answers, and stops on SIGTERM", "[serve][cli]") {
  const std::string scenarios = std::string(WFSIM_SOURCE_DIR) + "/scenarios";
  const int port = free_port();
  ChildProcess server(WFSIM_EXE, {"serve", "--port", std::to_string(port), "--scenarios", scenarios,
                                  "--page", "/nonexistent/page", "--max-agents", "400"});
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);
  auto cards = first_answer(client, server);
  REQUIRE(cards);
  CHECK(cards->status == 200);
  const auto list = nlohmann::json::parse(cards->body);
  CHECK(list.size() >= 20);  // the shipped scenarios
  CHECK(list[0]["id"] == "sure_start_centre");
  const auto page = client.Get("/");
  REQUIRE(page);
  CHECK(page->status == 503);
  const auto england =
      client.Post("/api/sessions", R"({"scenario": "england"})", "application/json");
  REQUIRE(england);
  CHECK(england->status == 429);
  REQUIRE(server.catches_signal(SIGTERM));
  server.send(SIGTERM);
  const ProcessResult result = server.wait(std::chrono::seconds(20));
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("http://127.0.0.1:" + std::to_string(port) + "/") != std::string::npos);
  CHECK(result.out.find("not built") != std::string::npos);
}

TEST_CASE(
    "serve command: in classroom mode it prints addresses one can type, and the "
    "facilitator's link",
    "[serve][cli]") {
  const int port = free_port();
  ChildProcess server(WFSIM_EXE, {"serve", "--classroom", "--port", std::to_string(port), "--page",
                                  "/nonexistent/page"});
  httplib::Client client("127.0.0.1", port);
  auto cards = first_answer(client, server);
  REQUIRE(cards);
  // The room lists the same addresses the terminal shows.
  const auto room = client.Get("/api/room");
  REQUIRE(room);
  const auto addresses = nlohmann::json::parse(room->body)["addresses"];
  REQUIRE(server.catches_signal(SIGTERM));
  server.send(SIGTERM);
  const ProcessResult result = server.wait(std::chrono::seconds(20));
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  // Not "http://0.0.0.0:PORT/", which no browser can open.
  CHECK(result.out.find("http://0.0.0.0") == std::string::npos);
  CHECK(result.out.find("http://127.0.0.1:" + std::to_string(port) + "/ on this computer") !=
        std::string::npos);
  for (const auto& address : addresses) {
    CHECK(address.get<std::string>().find("0.0.0.0") == std::string::npos);
    CHECK(result.out.find(address.get<std::string>()) != std::string::npos);
  }
  // The facilitator's link works: its token lists the room's sessions.
  const std::string marker = "#facilitator=";
  const auto at = result.out.find(marker);
  REQUIRE(at != std::string::npos);
  const std::string token = result.out.substr(at + marker.size(), 32);
  CHECK(token.find_first_not_of("0123456789abcdef") == std::string::npos);
}

TEST_CASE("serve command: the facilitator's token opens the room's list", "[serve][cli]") {
  const int port = free_port();
  ChildProcess server(WFSIM_EXE,
                      {"serve", "--port", std::to_string(port), "--page", "/nonexistent/page"});
  httplib::Client client("127.0.0.1", port);
  REQUIRE(first_answer(client, server));
  REQUIRE(server.catches_signal(SIGTERM));
  std::string token;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (token.empty() && std::chrono::steady_clock::now() < deadline) {
    const std::string out = server.output_so_far();
    const auto at = out.find("#facilitator=");
    if (at != std::string::npos && out.size() >= at + 13 + 32) token = out.substr(at + 13, 32);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(token.size() == 32);
  const auto listed = client.Get("/api/room/sessions", {{"Authorization", "Bearer " + token}});
  REQUIRE(listed);
  CHECK(listed->status == 200);
  const auto refused = client.Get("/api/room/sessions");
  REQUIRE(refused);
  CHECK(refused->status == 401);
  server.send(SIGTERM);
  CHECK(server.wait(std::chrono::seconds(20)).exit_code == 0);
}

TEST_CASE("serve command: bad options exit 2 naming the problem", "[serve][cli]") {
  const ProcessResult port = run_wfsim({"serve", "--port", "70000"});
  CHECK(port.exit_code == 2);
  CHECK(port.err.find("--port") != std::string::npos);
  const ProcessResult folder = run_wfsim({"serve", "--scenarios", "/nonexistent/scenarios"});
  CHECK(folder.exit_code == 2);
  CHECK(folder.err.find("/nonexistent/scenarios") != std::string::npos);
  const ProcessResult running = run_wfsim({"serve", "--max-running", "0"});
  CHECK(running.exit_code == 2);
  const ProcessResult both = run_wfsim({"serve", "--classroom", "--host", "127.0.0.1"});
  CHECK(both.exit_code == 2);
  CHECK(both.err.find("--classroom") != std::string::npos);
  TempDir empty;
  const ProcessResult none = run_wfsim({"serve", "--scenarios", empty.path().string()});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("no scenario") != std::string::npos);
}
