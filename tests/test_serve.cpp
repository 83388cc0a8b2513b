// The workshop server's API (docs/workshop_api.md), in process on loopback:
// every endpoint, every class of bad request, event streams, paired arms,
// and that the served numbers are the engine's own.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>

#include "models/model.hpp"
#include "record/metrics.hpp"
#include "tests/serve_harness.hpp"

using namespace wfsim;
using namespace wfsim::test;

namespace {

std::string sid(const nlohmann::json& session) {
  return session.at("id").get<std::string>();
}

bool at_week(const nlohmann::json& session, int week) {
  return session.is_object() && session.value("week", -1) >= week;
}

/// Sends `raw` as the whole request on a fresh connection; returns the status code.
int raw_status(int port, const std::string& raw) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  REQUIRE(::send(fd, raw.data(), raw.size(), 0) == static_cast<ssize_t>(raw.size()));
  std::string reply(4096, '\0');
  const ssize_t got = ::recv(fd, reply.data(), reply.size(), 0);
  ::close(fd);
  REQUIRE(got > 12);
  return std::stoi(reply.substr(9, 3));
}

}  // namespace

TEST_CASE("serve: scenario cards list Sure Start first, with the header's question and source",
          "[serve]") {
  TestServer server;
  auto client = server.client();
  const JsonResponse response = get(*client, "/api/scenarios");
  REQUIRE(response.status == 200);
  const nlohmann::json& cards = response.body;
  REQUIRE(cards.size() == 3);
  CHECK(cards[0]["id"] == "sure_start_centre");
  CHECK(cards[0]["title"] == "Sure Start children's centre");
  CHECK(cards[0]["posts"] == 21);
  CHECK(cards[0]["teams"] == 4);
  CHECK(cards[0]["organisations"] == 1);
  CHECK(cards[0]["weeks"] == 156);
  CHECK(cards[0]["question"].get<std::string>().rfind("in a small early-years setting", 0) == 0);
  CHECK(cards[0]["source"].get<std::string>().find("seed 000") != std::string::npos);
  CHECK(cards[1]["id"] == "baseline");
  CHECK(cards[1]["posts"].get<int>() > 200);
  CHECK(!cards[1]["question"].get<std::string>().empty());
}

TEST_CASE("serve: header comments give the question and source paragraphs", "[serve]") {
  const serve::HeaderText header = serve::parse_header(
      "# Question: what if\n# we try?\n# Source: seed 004\n# (pilot 2).\n# Expected: more.\nname: "
      "x\n");
  CHECK(header.question == "what if we try?");
  CHECK(header.source == "seed 004 (pilot 2).");
}

TEST_CASE("serve: levers carry the scenario's own values", "[serve]") {
  TestServer server;
  auto client = server.client();
  const JsonResponse response = get(*client, "/api/levers?scenario=sure_start_centre");
  REQUIRE(response.status == 200);
  std::vector<std::string> keys;
  for (const auto& lever : response.body) keys.push_back(lever["key"]);
  CHECK(keys == std::vector<std::string>{"referral_multiplier", "supervision_hours",
                                         "hot_desking_share", "home_days", "flexitime_share",
                                         "flexitime_pattern", "hei_link", "training_hours",
                                         "research_champion"});
  const auto lever = [&](const std::string& key) {
    for (const auto& entry : response.body)
      if (entry["key"] == key) return entry;
    return nlohmann::json();
  };
  CHECK(lever("training_hours")["value"] == 30.0);  // the centre's own training budget
  CHECK(lever("research_champion")["kind"] == "switch");
  CHECK(lever("research_champion")["value"] == true);
  CHECK(lever("referral_multiplier")["min"] == 0.5);
  CHECK(lever("referral_multiplier")["value"] == 1.0);
  CHECK(lever("flexitime_pattern")["kind"] == "choice");
  CHECK(lever("flexitime_pattern")["options"].size() == 2);
  CHECK(lever("supervision_hours")["value"] == 0.375);

  const JsonResponse missing = get(*client, "/api/levers");
  CHECK(missing.status == 400);
  CHECK(missing.body["error"].get<std::string>().find("scenario") != std::string::npos);
  const JsonResponse unknown = get(*client, "/api/levers?scenario=atlantis");
  CHECK(unknown.status == 404);
  CHECK(unknown.body["error"].get<std::string>().find("sure_start_centre") != std::string::npos);
}

TEST_CASE("serve: a session steps, reports its series and network, and ends", "[serve]") {
  TestServer server;
  auto client = server.client();
  const nlohmann::json session =
      create_session(*client, {{"scenario", "sure_start_centre"}, {"seed", 7}});
  CHECK(session["scenario"] == "sure_start_centre");
  CHECK(session["seed"] == 7);
  CHECK(session["weeks"] == 156);
  CHECK(session["week"] == 0);
  CHECK(session["status"] == "paused");
  CHECK(session["speed"] == 4.0);
  CHECK(session["arms"].contains("a"));
  CHECK(!session["arms"].contains("b"));
  CHECK(session["arms"]["a"]["levers"]["training_hours"] == 30.0);
  const auto metrics = session["metrics"].get<std::vector<std::string>>();
  for (const char* name : {"burnout_mean", "burnout_high_share", "absence_rate", "leavers",
                           "vacancies", "agency_share"})
    CHECK(std::find(metrics.begin(), metrics.end(), name) != metrics.end());
  REQUIRE(!session["evidence"].empty());
  const std::string first_item = session["evidence"][0];
  CHECK(std::find(metrics.begin(), metrics.end(), "uptake/" + first_item) != metrics.end());

  const std::string id = sid(session);
  CHECK(get(*client, "/api/sessions/" + id).body["id"] == id);
  CHECK(control(*client, id, {{"action", "step"}})["status"] == "paused");
  CHECK(wait_for(*client, id, [](const auto& s) { return at_week(s, 1); })["week"] == 1);
  control(*client, id, {{"action", "step"}});
  CHECK(wait_for(*client, id, [](const auto& s) { return at_week(s, 2); })["week"] == 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(get(*client, "/api/sessions/" + id).body["week"] == 2);  // paused: no further

  const JsonResponse series = get(*client, "/api/sessions/" + id + "/series?arm=a&since=1");
  REQUIRE(series.status == 200);
  CHECK(series.body["arm"] == "a");
  CHECK(series.body["weeks"] == nlohmann::json::array({1, 2}));
  CHECK(series.body["series"]["burnout_mean"].size() == 2);
  CHECK(get(*client, "/api/sessions/" + id + "/series").body["weeks"].size() == 3);

  const JsonResponse network = get(*client, "/api/sessions/" + id + "/network");
  REQUIRE(network.status == 200);
  CHECK(network.body["nodes"].size() == 21);
  CHECK(network.body["nodes"][0]["org"] == "sscc_county");
  CHECK(network.body["teams"] ==
        nlohmann::json::array({"admin", "health_care", "family_support", "early_years"}));
  REQUIRE(!network.body["edges"].empty());
  for (const auto& edge : network.body["edges"]) CHECK(edge["a"].get<int>() < edge["b"].get<int>());
  CHECK(network.body["layers"][1] == "supervision");
  CHECK(!network.body.contains("truncated"));
  // A browser accepts Brotli; the API answers uncompressed (see routes.cpp).
  const httplib::Headers accepts_brotli{{"Accept-Encoding", "gzip, deflate, br"}};
  const auto raw = client->Get("/api/sessions/" + id + "/network", accepts_brotli);
  REQUIRE(raw);
  CHECK(raw->get_header_value("Content-Encoding").empty());
  CHECK(raw->get_header_value("Content-Type").rfind("application/json", 0) == 0);

  CHECK(request(*client, "DELETE", "/api/sessions/" + id).status == 204);
  CHECK(get(*client, "/api/sessions/" + id).status == 404);
  CHECK(request(*client, "DELETE", "/api/sessions/" + id).status == 404);
}

TEST_CASE("serve: play runs to the last week, where play is a conflict until reset", "[serve]") {
  TestServer server;
  auto client = server.client();
  const std::string id = sid(create_session(*client, {{"scenario", "short_centre"}}));
  control(*client, id, {{"action", "speed"}, {"weeks_per_second", 52}});
  CHECK(control(*client, id, {{"action", "play"}})["status"] == "playing");
  const nlohmann::json done =
      wait_for(*client, id, [](const auto& s) { return s["status"] == "finished"; });
  CHECK(done["status"] == "finished");
  CHECK(done["week"] == 20);
  CHECK(done["speed"] == 52.0);
  const JsonResponse again =
      post(*client, "/api/sessions/" + id + "/control", {{"action", "play"}});
  CHECK(again.status == 409);
  CHECK(again.body["error"].get<std::string>().find("reset") != std::string::npos);
  CHECK(post(*client, "/api/sessions/" + id + "/control", {{"action", "step"}}).status == 409);
  const nlohmann::json reset = control(*client, id, {{"action", "reset"}});
  CHECK(reset["status"] == "paused");
  CHECK(reset["week"] == 0);
  CHECK(get(*client, "/api/sessions/" + id + "/series").body["weeks"].size() <= 1);
  control(*client, id, {{"action", "play"}});
  control(*client, id, {{"action", "pause"}});
  const nlohmann::json paused = wait_for(
      *client, id, [](const auto&) { return false; }, std::chrono::milliseconds(200));
  CHECK(paused["status"] == "paused");
  CHECK(paused["week"].get<int>() < 20);
}

TEST_CASE("serve: bad requests get the right status and a message with a hint", "[serve]") {
  TestServer server;
  auto client = server.client();
  const auto error_of = [](const JsonResponse& response) {
    REQUIRE(response.body.is_object());
    return response.body.value("error", std::string());
  };
  SECTION("malformed JSON and wrong shapes are 400") {
    const JsonResponse malformed = request(*client, "POST", "/api/sessions", "{\"scenario\": ");
    CHECK(malformed.status == 400);
    CHECK(error_of(malformed).find("malformed JSON") != std::string::npos);
    CHECK(request(*client, "POST", "/api/sessions", "").status == 400);
    CHECK(post(*client, "/api/sessions", nlohmann::json::array()).status == 400);
    CHECK(post(*client, "/api/sessions", {{"seed", 1}}).status == 400);
    const JsonResponse field =
        post(*client, "/api/sessions", {{"scenario", "sure_start_centre"}, {"sede", 1}});
    CHECK(field.status == 400);
    CHECK(error_of(field).find("'sede'") != std::string::npos);
    CHECK(
        post(*client, "/api/sessions", {{"scenario", "sure_start_centre"}, {"seed", -1}}).status ==
        400);
    CHECK(
        post(*client, "/api/sessions", {{"scenario", "sure_start_centre"}, {"seed", 1.5}}).status ==
        400);
  }
  SECTION("levers: unknown, out of range, wrong type are 400 naming the lever") {
    const JsonResponse range =
        post(*client, "/api/sessions",
             {{"scenario", "sure_start_centre"}, {"a", {{"referral_multiplier", 9}}}});
    CHECK(range.status == 400);
    CHECK(error_of(range).find("referral_multiplier") != std::string::npos);
    CHECK(error_of(range).find("allowed 0.5 to 2") != std::string::npos);
    const JsonResponse unknown =
        post(*client, "/api/sessions", {{"scenario", "sure_start_centre"}, {"b", {{"coffee", 1}}}});
    CHECK(unknown.status == 400);
    CHECK(error_of(unknown).find("unknown lever 'coffee'") != std::string::npos);
    CHECK(post(*client, "/api/sessions",
               {{"scenario", "sure_start_centre"}, {"a", {{"research_champion", 1}}}})
              .status == 400);
    CHECK(post(*client, "/api/sessions",
               {{"scenario", "sure_start_centre"}, {"a", {{"flexitime_pattern", "4x10"}}}})
              .status == 400);
    CHECK(post(*client, "/api/sessions", {{"scenario", "sure_start_centre"}, {"a", 3}}).status ==
          400);
    CHECK(server.server().sessions().size() == 0);
  }
  SECTION("unknown scenario, session and path are 404") {
    const JsonResponse scenario = post(*client, "/api/sessions", {{"scenario", "atlantis"}});
    CHECK(scenario.status == 404);
    CHECK(error_of(scenario).find("atlantis") != std::string::npos);
    for (const char* path :
         {"/api/sessions/nope", "/api/sessions/nope/series", "/api/sessions/nope/network",
          "/api/sessions/nope/events", "/api/nothing", "/api"}) {
      const JsonResponse response = get(*client, path);
      CHECK(response.status == 404);
      CHECK(!error_of(response).empty());
    }
    CHECK(post(*client, "/api/sessions/nope/control", {{"action", "play"}}).status == 404);
  }
  SECTION("control: bad actions and values are 400; levers on a missing arm b is 409") {
    const std::string id = sid(create_session(*client, {{"scenario", "sure_start_centre"}}));
    const std::string path = "/api/sessions/" + id + "/control";
    CHECK(post(*client, path, {{"action", "fly"}}).status == 400);
    CHECK(post(*client, path, {{"verb", "play"}}).status == 400);
    CHECK(request(*client, "POST", path, "play").status == 400);
    CHECK(post(*client, path, {{"action", "speed"}, {"weeks_per_second", 0}}).status == 400);
    CHECK(post(*client, path, {{"action", "speed"}, {"weeks_per_second", 53}}).status == 400);
    CHECK(post(*client, path, {{"action", "speed"}, {"weeks_per_second", "fast"}}).status == 400);
    CHECK(post(*client, path,
               {{"action", "levers"}, {"arm", "c"}, {"levers", nlohmann::json::object()}})
              .status == 400);
    const JsonResponse no_b =
        post(*client, path, {{"action", "levers"}, {"arm", "b"}, {"levers", {{"hei_link", 0.5}}}});
    CHECK(no_b.status == 409);
    CHECK(error_of(no_b).find("arms") != std::string::npos);
    CHECK(post(*client, path, {{"action", "levers"}, {"arm", "a"}, {"levers", {{"home_days", 6}}}})
              .status == 400);
    CHECK(post(*client, path, {{"action", "arms"}}).status == 400);
    CHECK(get(*client, "/api/sessions/" + id + "/series?since=-1").status == 400);
    CHECK(get(*client, "/api/sessions/" + id + "/series?since=x").status == 400);
    CHECK(get(*client, "/api/sessions/" + id + "/series?arm=b").status == 404);
    CHECK(get(*client, "/api/sessions/" + id + "/series?arm=z").status == 400);
  }
  SECTION("wrong methods are 405 with Allow") {
    const JsonResponse put = request(*client, "PUT", "/api/scenarios", "{}");
    CHECK(put.status == 405);
    CHECK(put.allow == "GET");
    CHECK(error_of(put).find("PUT") != std::string::npos);
    CHECK(get(*client, "/api/sessions").status == 405);
    CHECK(post(*client, "/api/scenarios", nlohmann::json::object()).status == 405);
    CHECK(request(*client, "PATCH", "/api/sessions/x", "{}").status == 405);
    CHECK(request(*client, "DELETE", "/index.html").status == 405);
  }
  SECTION("a body over 64 KiB is 413") {
    const std::string big = "{\"scenario\": \"" + std::string(70 * 1024, 'x') + "\"}";
    const JsonResponse response = request(*client, "POST", "/api/sessions", big);
    CHECK(response.status == 413);
    CHECK(error_of(response).find("64 KiB") != std::string::npos);
    CHECK(get(*client, "/api/scenarios").status == 200);  // the server carries on
  }
}

TEST_CASE("serve: the page is served, and paths outside its folder are 404, never read",
          "[serve]") {
  const auto root =
      std::filesystem::temp_directory_path() / ("wfsim_page_" + std::to_string(::getpid()));
  std::filesystem::create_directories(root / "dist" / "assets");
  std::ofstream(root / "dist" / "index.html") << "<!doctype html><title>wfsim</title>";
  std::ofstream(root / "dist" / "assets" / "app.js") << "console.log(1);";
  std::ofstream(root / "secret.txt") << "not for the page";
  {
    TestServer server(TestServer::default_limits(), root / "dist");
    auto client = server.client();
    const auto index = client->Get("/");
    REQUIRE(index);
    CHECK(index->status == 200);
    CHECK(index->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    const auto script = client->Get("/assets/app.js");
    REQUIRE(script);
    CHECK(script->body == "console.log(1);");
    CHECK(script->get_header_value("Content-Type").rfind("text/javascript", 0) == 0);
    CHECK(get(*client, "/missing.js").status == 404);
    for (const char* target : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                               "/%2E%2E%2Fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
                               "/..%2fsecret.txt", "/assets/..%5c..%5csecret.txt"}) {
      INFO(target);
      CHECK(raw_status(server.port(),
                       std::string("GET ") + target +
                           " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n") == 404);
    }
  }
  std::filesystem::remove_all(root);
  TestServer unbuilt;  // its page folder has no index.html
  auto client = unbuilt.client();
  const JsonResponse page = get(*client, "/");
  CHECK(page.status == 503);
  CHECK(page.body["error"].get<std::string>().find("not built") != std::string::npos);
  CHECK(get(*client, "/api/scenarios").status == 200);
}

TEST_CASE("serve: the event stream sends the session, weeks, status and keep-alives", "[serve]") {
  TestServer server;
  auto client = server.client();
  const std::string id = sid(create_session(
      *client, {{"scenario", "sure_start_centre"}, {"b", {{"hot_desking_share", 0.5}}}}));
  wait_for(*client, id, [](const auto& s) { return at_week(s, 0); });
  EventReader reader(server.port(), "/api/sessions/" + id + "/events");
  REQUIRE(reader.wait_until([](const auto& events) { return !events.empty(); }));
  CHECK(reader.status() == 200);
  CHECK(reader.events().front().name == "session");
  CHECK(reader.events().front().data["id"] == id);

  control(*client, id, {{"action", "step"}});
  const auto week_one = [](const auto& events) {
    int arms = 0;
    for (const Event& event : events)
      if (event.name == "week" && event.data["week"] == 1) ++arms;
    return arms == 2;
  };
  REQUIRE(reader.wait_until(week_one));
  // A step stops the runs at week 1, so each arm's people at week 1 are sent.
  const auto people_at_one = [](const auto& events) {
    return std::count_if(events.begin(), events.end(), [](const Event& e) {
             return e.name == "people" && e.data["week"] == 1;
           }) == 2;
  };
  REQUIRE(reader.wait_until(people_at_one));
  for (const Event& event : reader.events()) {
    if (event.name == "week") {
      CHECK(event.data["run"] == 0);
      CHECK(event.data["metrics"].contains("burnout_mean"));
      CHECK_FALSE(event.data.contains("people"));
    }
    if (event.name != "people") continue;
    const auto& people = event.data["people"];
    CHECK(people["occupancy"].size() == 21);
    CHECK(people["burnout"].size() == 21);
    CHECK(people["uses_evidence"].size() == 21);
    CHECK(people["caseload"].size() == 21);
    CHECK(people["tenure_weeks"].size() == 21);
    CHECK(people["absent"].size() == 21);
  }
  const JsonResponse latest = get(*client, "/api/sessions/" + id + "/people?arm=b");
  CHECK(latest.status == 200);
  CHECK(latest.body["arm"] == "b");
  CHECK(latest.body["week"] == 1);
  CHECK(latest.body["people"]["burnout"].size() == 21);
  control(*client, id, {{"action", "play"}});
  CHECK(reader.wait_until([](const auto& events) {
    return std::any_of(events.begin(), events.end(), [](const Event& e) {
      return e.name == "status" && e.data["status"] == "playing";
    });
  }));
  control(*client, id, {{"action", "pause"}});
  CHECK(reader.wait_until([](const auto& events) {
    return std::any_of(events.begin(), events.end(),
                       [](const Event& e) { return e.name == "comment"; });
  }));
}

TEST_CASE("serve: a client vanishing mid-stream leaves the server serving", "[serve]") {
  TestServer server;
  auto client = server.client();
  const std::string id = sid(create_session(*client, {{"scenario", "sure_start_centre"}}));
  control(*client, id, {{"action", "speed"}, {"weeks_per_second", 52}});
  {
    EventReader first(server.port(), "/api/sessions/" + id + "/events");
    control(*client, id, {{"action", "play"}});
    REQUIRE(first.wait_until([](const auto& events) { return events.size() >= 5; }));
    auto session = server.server().sessions().find(id);
    CHECK(session->streams() == 1);
    first.stop();  // drops the connection while weeks are still being sent
  }
  const auto session = server.server().sessions().find(id);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (session->streams() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(session->streams() == 0);
  CHECK(get(*client, "/api/sessions/" + id).status == 200);
  EventReader second(server.port(), "/api/sessions/" + id + "/events");
  CHECK(second.wait_until([](const auto& events) {
    return std::count_if(events.begin(), events.end(),
                         [](const Event& e) { return e.name == "week"; }) >= 2;
  }));
}

TEST_CASE("serve: arms with the same levers are identical, different levers differ", "[serve]") {
  TestServer server;
  auto client = server.client();
  const auto run_to = [&](const nlohmann::json& body, int week) {
    const std::string id = sid(create_session(*client, body));
    control(*client, id, {{"action", "speed"}, {"weeks_per_second", 52}});
    control(*client, id, {{"action", "play"}});
    wait_for(*client, id, [&](const auto& s) { return at_week(s, week); });
    control(*client, id, {{"action", "pause"}});
    return std::pair(get(*client, "/api/sessions/" + id + "/series?arm=a").body,
                     get(*client, "/api/sessions/" + id + "/series?arm=b").body);
  };
  const auto prefix = [](const nlohmann::json& series, const std::string& metric,
                         std::size_t weeks) {
    const auto& values = series["series"][metric];
    return nlohmann::json(std::vector<nlohmann::json>(
        values.begin(), values.begin() + static_cast<std::ptrdiff_t>(weeks)));
  };
  const auto [same_a, same_b] = run_to(
      {{"scenario", "sure_start_centre"}, {"a", {{"hei_link", 0.4}}}, {"b", {{"hei_link", 0.4}}}},
      30);
  REQUIRE(same_a["weeks"].size() >= 31);
  REQUIRE(same_b["weeks"].size() >= 31);
  for (const auto& [metric, values] : same_a["series"].items()) {
    INFO(metric);
    CHECK(prefix(same_a, metric, 31) == prefix(same_b, metric, 31));
  }
  const auto [base, busy] =
      run_to({{"scenario", "sure_start_centre"}, {"b", {{"referral_multiplier", 2.0}}}}, 30);
  CHECK(prefix(base, "caseload_mean", 31) != prefix(busy, "caseload_mean", 31));
}

TEST_CASE("serve: changing levers restarts both arms from week 0, and arm b comes and goes",
          "[serve]") {
  TestServer server;
  auto client = server.client();
  const std::string id = sid(create_session(*client, {{"scenario", "sure_start_centre"}}));
  control(*client, id, {{"action", "step"}});
  wait_for(*client, id, [](const auto& s) { return at_week(s, 1); });
  const nlohmann::json with_b =
      control(*client, id, {{"action", "arms"}, {"b", {{"home_days", 2}}}});
  CHECK(with_b["week"] == 0);
  CHECK(with_b["arms"]["b"]["levers"]["home_days"] == 2.0);
  CHECK(with_b["arms"]["b"]["levers"]["training_hours"] == 30.0);
  const nlohmann::json changed =
      control(*client, id,
              {{"action", "levers"}, {"arm", "a"}, {"levers", {{"research_champion", false}}}});
  CHECK(changed["arms"]["a"]["levers"]["research_champion"] == false);
  CHECK(changed["arms"]["b"]["levers"]["home_days"] == 2.0);
  CHECK(changed["status"] == "paused");
  control(*client, id, {{"action", "play"}});
  const nlohmann::json playing = control(
      *client, id,
      {{"action", "levers"},
       {"arm", "b"},
       {"levers", {{"flexitime_share", 0.5}, {"flexitime_pattern", "nine_day_fortnight"}}}});
  CHECK(playing["status"] == "playing");  // keeps playing, from week 0
  CHECK(playing["arms"]["b"]["levers"]["flexitime_pattern"] == "nine_day_fortnight");
  const nlohmann::json single = control(*client, id, {{"action", "arms"}, {"b", nullptr}});
  CHECK(!single["arms"].contains("b"));
}

TEST_CASE("serve: the served numbers are the engine's own run of the scenario", "[serve]") {
  TestServer server;
  auto client = server.client();
  const std::string id = sid(create_session(
      *client, {{"scenario", "short_centre"}, {"seed", 11}, {"a", {{"hei_link", 0.5}}}}));
  control(*client, id, {{"action", "speed"}, {"weeks_per_second", 52}});
  control(*client, id, {{"action", "play"}});
  REQUIRE(wait_for(*client, id, [](const auto& s) {
            return s["status"] == "finished";
          })["status"] == "finished");
  const nlohmann::json served = get(*client, "/api/sessions/" + id + "/series").body;

  // The same scenario, seed and lever through the engine directly, replicate 0.
  const ScenarioSchema schema = model::schema();
  const Scenario scenario = load_scenario(serve_catalogue().find("short_centre")->file,
                                          {"seed=11", "parameters.organisation.hei_link=0.5",
                                           "organisations.0.parameters.organisation.hei_link=0.5"},
                                          schema);
  const Simulation simulation = model::build_simulation(scenario);
  const World& world = simulation.world();
  const std::vector<std::string> scopes = metric_scopes(world);
  SeriesTable table(scopes, metric_names(world), 1, scenario.weeks);
  MetricScratch scratch(world);
  simulation.run(scenario.seed, 0, scenario.weeks, [&](int week, const ReplicateState& state) {
    record_metrics(world, state, 0, week, scratch, table);
  });
  REQUIRE(served["weeks"].size() == 21);
  for (std::size_t m = 0; m < table.metrics().size(); ++m) {
    const auto& values = served["series"][table.metrics()[m]];
    REQUIRE(values.size() == 21);
    for (int week = 0; week <= 20; ++week) {
      const double expected = table.at(0, m, 0, week);
      INFO(table.metrics()[m] << " week " << week);
      if (std::isnan(expected)) {
        CHECK(values[static_cast<std::size_t>(week)].is_null());
      } else {
        CHECK(values[static_cast<std::size_t>(week)].get<double>() == expected);
      }
    }
  }
}

TEST_CASE("serve: GET /api/sessions/ID/metrics describes the metrics as the report does",
          "[serve]") {
  TestServer server;
  auto client = server.client();
  const nlohmann::json session = create_session(*client, {{"scenario", "sure_start_centre"}});
  const std::string id = session.at("id").get<std::string>();
  const JsonResponse response = get(*client, "/api/sessions/" + id + "/metrics");
  REQUIRE(response.status == 200);
  const nlohmann::json& described = response.body;
  REQUIRE(described.size() == session["metrics"].size());
  const std::string currency = serve_catalogue().find("sure_start_centre")->scenario.costs.currency;
  for (std::size_t m = 0; m < described.size(); ++m) {
    const std::string name = session["metrics"][m].get<std::string>();
    const MetricDescription expected = describe_metric(name, currency);
    INFO(name);
    CHECK(described[m]["name"] == name);
    CHECK(described[m]["label"] == expected.label);
    CHECK(described[m]["unit"] == expected.unit);
    CHECK(described[m]["share"] == expected.share);
    CHECK(described[m]["zero_based"] == expected.zero_based);
    CHECK(described[m]["money"] == expected.money);
  }
  const auto find = [&](const std::string& name) {
    for (const nlohmann::json& entry : described)
      if (entry["name"] == name) return entry;
    return nlohmann::json();
  };
  CHECK(find("agency_share")["label"] == "Agency share");
  CHECK(find("agency_share")["unit"] == "% of FTE");
  CHECK(find("agency_share")["share"] == true);
  CHECK(find("burnout_mean")["zero_based"] == false);
  CHECK(find("cost_total")["unit"] == currency + " per week");
  CHECK(get(*client, "/api/sessions/nosuchsession/metrics").status == 404);
}
