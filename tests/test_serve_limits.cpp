// The workshop server's limits: sessions, agents, simulations advancing at
// once (fair waiting, never an error), and reclaiming idle sessions.
#include <catch2/catch.hpp>

#include "tests/serve_harness.hpp"

using namespace wfsim;
using namespace wfsim::test;

TEST_CASE("serve: past --max-sessions a new session is 429 with a hint", "[serve]") {
  serve::Limits limits = TestServer::default_limits();
  limits.max_sessions = 2;
  TestServer server(limits);
  auto client = server.client();
  create_session(*client, {{"scenario", "sure_start_centre"}});
  const std::string second = create_session(*client, {{"scenario", "sure_start_centre"}})["id"];
  const JsonResponse third = post(*client, "/api/sessions", {{"scenario", "sure_start_centre"}});
  CHECK(third.status == 429);
  CHECK(third.body["error"].get<std::string>().find("--max-sessions") != std::string::npos);
  CHECK(request(*client, "DELETE", "/api/sessions/" + second).status == 204);
  CHECK(post(*client, "/api/sessions", {{"scenario", "sure_start_centre"}}).status == 201);
}

TEST_CASE("serve: a scenario past --max-agents is 429, pointing to the command line", "[serve]") {
  serve::Limits limits = TestServer::default_limits();
  limits.max_agents = 100;  // Sure Start (21 posts) fits, the baseline (~300) does not
  TestServer server(limits);
  auto client = server.client();
  const JsonResponse big = post(*client, "/api/sessions", {{"scenario", "baseline"}});
  INFO(big.text);
  CHECK(big.status == 429);
  CHECK(big.body["error"].get<std::string>().find("wfsim run") != std::string::npos);
  CHECK(post(*client, "/api/sessions", {{"scenario", "sure_start_centre"}}).status == 201);
}

TEST_CASE("serve: at most --max-running simulations advance at once, and all get their turn",
          "[serve]") {
  for (const int cap : {1, 2}) {
    serve::Limits limits = TestServer::default_limits();
    limits.max_running = cap;
    TestServer server(limits);
    auto client = server.client();
    std::vector<std::string> ids;
    // Four sessions, the last with two arms: six simulations want to advance.
    for (int i = 0; i < 4; ++i) {
      nlohmann::json body = {{"scenario", "short_centre"}};
      if (i == 3) body["b"] = {{"home_days", 1}};
      ids.push_back(create_session(*client, body)["id"]);
    }
    for (const std::string& id : ids) {
      control(*client, id, {{"action", "speed"}, {"weeks_per_second", 52}});
      control(*client, id, {{"action", "play"}});
    }
    for (const std::string& id : ids) {
      INFO("cap " << cap << " session " << id);
      CHECK(wait_for(*client, id, [](const auto& s) {
              return s["status"] == "finished";
            })["status"] == "finished");
    }
    const serve::RunSlots& slots = server.server().sessions().slots();
    CHECK(slots.peak() <= cap);
    CHECK(slots.peak() >= 1);
    // Every simulation's set-up and each of its 20 weeks took a slot.
    CHECK(slots.grants() == 5 * 21);
    CHECK(slots.running() == 0);
  }
}

TEST_CASE("serve: idle sessions are reclaimed but not one with an open stream", "[serve]") {
  serve::Limits limits = TestServer::default_limits();
  limits.idle_timeout = std::chrono::milliseconds(300);
  TestServer server(limits);
  auto client = server.client();
  const std::string idle = create_session(*client, {{"scenario", "sure_start_centre"}})["id"];
  const std::string watched = create_session(*client, {{"scenario", "sure_start_centre"}})["id"];
  EventReader reader(server.port(), "/api/sessions/" + watched + "/events");
  REQUIRE(reader.wait_until([](const auto& events) { return !events.empty(); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  CHECK(get(*client, "/api/sessions/" + idle).status == 404);
  CHECK(get(*client, "/api/sessions/" + watched).status == 200);
  CHECK(server.server().sessions().size() == 1);
  reader.stop();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server.server().sessions().size() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(server.server().sessions().size() == 0);
}

TEST_CASE("serve: one computer cannot take the room's sessions or live views", "[serve]") {
  serve::Limits limits = TestServer::default_limits();
  limits.max_sessions_per_client = 2;
  limits.max_streams_per_client = 1;
  TestServer server(limits);
  auto client = server.client();
  const std::string first = create_session(*client, {{"scenario", "sure_start_centre"}})["id"];
  create_session(*client, {{"scenario", "sure_start_centre"}});
  const JsonResponse third = post(*client, "/api/sessions", {{"scenario", "sure_start_centre"}});
  CHECK(third.status == 429);
  CHECK(third.body["error"].get<std::string>().find("the most one computer may have") !=
        std::string::npos);
  // Ending one of its sessions frees its place.
  CHECK(request(*client, "DELETE", "/api/sessions/" + first).status == 204);
  const std::string again = create_session(*client, {{"scenario", "sure_start_centre"}})["id"];
  // One live view (event stream) at a time for this computer.
  EventReader stream(server.port(), "/api/sessions/" + again + "/events");
  REQUIRE(stream.wait_until([](const std::vector<Event>& events) { return !events.empty(); }));
  const JsonResponse second_stream = get(*client, "/api/sessions/" + again + "/events");
  CHECK(second_stream.status == 429);
}
