// The classroom features of the workshop server: several runs of each arm
// (an ensemble, run r of a paired with run r of b), a changeable seed, people
// events thinned while playing, cards too big for the browser marked as such,
// plain-words error messages, and the room and the facilitator's view.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "models/model.hpp"
#include "record/metrics.hpp"
#include "tests/serve_harness.hpp"

using namespace wfsim;
using namespace wfsim::test;

namespace {

std::string sid(const nlohmann::json& session) {
  return session["id"].get<std::string>();
}

/// burnout_mean of replicate `replicate` of short_centre with `seed`, through the engine.
std::vector<double> engine_burnout(std::uint64_t seed, int replicate) {
  const ScenarioSchema schema = model::schema();
  const Scenario scenario = load_scenario(serve_catalogue().find("short_centre")->file,
                                          {"seed=" + std::to_string(seed)}, schema);
  const Simulation simulation = model::build_simulation(scenario);
  const World& world = simulation.world();
  SeriesTable table(metric_scopes(world), metric_names(world), 1, scenario.weeks);
  MetricScratch scratch(world);
  simulation.run(scenario.seed, replicate, scenario.weeks,
                 [&](int week, const ReplicateState& state) {
                   record_metrics(world, state, 0, week, scratch, table);
                 });
  const auto names = table.metrics();
  const auto m = static_cast<std::size_t>(std::find(names.begin(), names.end(), "burnout_mean") -
                                          names.begin());
  std::vector<double> values;
  for (int week = 0; week <= scenario.weeks; ++week) values.push_back(table.at(0, m, 0, week));
  return values;
}

void play_to_end(httplib::Client& client, const std::string& id) {
  control(client, id, {{"action", "speed"}, {"weeks_per_second", 52}});
  control(client, id, {{"action", "play"}});
  REQUIRE(wait_for(client, id, [](const auto& s) { return s["status"] == "finished"; })["status"] ==
          "finished");
}

}  // namespace

TEST_CASE("serve: runs of an ensemble are the engine's replicates, paired across arms", "[serve]") {
  TestServer server;
  auto client = server.client();
  const nlohmann::json created = create_session(
      *client,
      {{"scenario", "short_centre"}, {"seed", 11}, {"runs", 3}, {"b", nlohmann::json::object()}});
  CHECK(created["runs"] == 3);
  const std::string id = sid(created);
  EventReader reader(server.port(), "/api/sessions/" + id + "/events");
  REQUIRE(reader.wait_until([](const auto& events) { return !events.empty(); }));
  play_to_end(*client, id);

  for (int run = 0; run < 3; ++run) {
    INFO("run " << run);
    const std::vector<double> expected = engine_burnout(11, run);
    for (const char* arm : {"a", "b"}) {
      const nlohmann::json served =
          get(*client, fmt::format("/api/sessions/{}/series?arm={}&run={}", id, arm, run)).body;
      CHECK(served["run"] == run);
      // Arm b has the same levers as a, so on common random numbers it is the same run.
      CHECK(served["series"]["burnout_mean"].get<std::vector<double>>() == expected);
    }
  }
  CHECK(engine_burnout(11, 1) != engine_burnout(11, 0));  // the runs are not copies
  CHECK(get(*client, "/api/sessions/" + id + "/series?run=3").status == 404);

  // Every run of every arm sent its weeks 1 to 20 (week 0 may come before
  // the stream opens); only run 0 of each arm its people.
  REQUIRE(reader.wait_until([](const auto& events) {
    return std::count_if(events.begin(), events.end(), [](const Event& e) {
             return e.name == "week" && e.data["week"] >= 1;
           }) == 2 * 3 * 20;
  }));
  for (const Event& event : reader.events()) {
    if (event.name == "people") CHECK(event.data.value("run", 0) == 0);
  }
}

TEST_CASE("serve: the seed and the number of runs can be changed, each restarting from week 0",
          "[serve]") {
  serve::Limits limits = TestServer::default_limits();
  limits.max_agents = 100;  // Sure Start has 21 posts: 4 runs fit, 5 do not
  TestServer server(limits);
  auto client = server.client();
  const std::string id = sid(create_session(*client, {{"scenario", "short_centre"}, {"seed", 5}}));
  CHECK(get(*client, "/api/sessions/" + id).body["runs"] == 1);
  control(*client, id, {{"action", "step"}});
  wait_for(*client, id, [](const auto& s) { return s["week"] == 1; });

  const nlohmann::json reseeded = control(*client, id, {{"action", "seed"}, {"seed", 12}});
  CHECK(reseeded["seed"] == 12);
  CHECK(reseeded["week"] == 0);
  play_to_end(*client, id);
  CHECK(get(*client, "/api/sessions/" + id + "/series")
            .body["series"]["burnout_mean"]
            .get<std::vector<double>>() == engine_burnout(12, 0));

  CHECK(control(*client, id, {{"action", "runs"}, {"runs", 4}})["runs"] == 4);
  const JsonResponse too_many =
      post(*client, "/api/sessions/" + id + "/control", {{"action", "runs"}, {"runs", 5}});
  CHECK(too_many.status == 409);
  CHECK(too_many.body["message"].get<std::string>().find("Use 1 run") != std::string::npos);
  for (const nlohmann::json& bad :
       {nlohmann::json{{"action", "runs"}, {"runs", 0}},
        nlohmann::json{{"action", "runs"}, {"runs", 11}},
        nlohmann::json{{"action", "runs"}, {"runs", 2.5}}, nlohmann::json{{"action", "runs"}},
        nlohmann::json{{"action", "seed"}, {"seed", -1}}, nlohmann::json{{"action", "seed"}}}) {
    INFO(bad.dump());
    const JsonResponse refused = post(*client, "/api/sessions/" + id + "/control", bad);
    CHECK(refused.status == 400);
    CHECK(refused.body.contains("message"));
  }
  CHECK(post(*client, "/api/sessions", {{"scenario", "short_centre"}, {"runs", 11}}).status == 400);
}

TEST_CASE("serve: people events are thinned while playing, and sent where a run stops", "[serve]") {
  TestServer server;
  auto client = server.client();
  const std::string id = sid(create_session(*client, {{"scenario", "short_centre"}}));
  EventReader everything(server.port(), "/api/sessions/" + id + "/events");
  EventReader charts_only(server.port(), "/api/sessions/" + id + "/events?people=0");
  REQUIRE(everything.wait_until([](const auto& events) { return !events.empty(); }));
  REQUIRE(charts_only.wait_until([](const auto& events) { return !events.empty(); }));
  const auto start = std::chrono::steady_clock::now();
  play_to_end(*client, id);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto weeks_and_people = [](const std::vector<Event>& events) {
    std::vector<int> people;
    int weeks = 0;
    for (const Event& e : events) {
      if (e.name == "week" && e.data["week"] >= 1) ++weeks;  // week 0 may precede the stream
      if (e.name == "people") people.push_back(e.data["week"].get<int>());
    }
    return std::pair(weeks, people);
  };
  REQUIRE(everything.wait_until([&](const auto& events) {
    const auto [weeks, people] = weeks_and_people(events);
    return weeks == 20 && !people.empty() && people.back() == 20;
  }));
  const auto [weeks, people] = weeks_and_people(everything.events());
  INFO(people.size() << " people events in " << seconds << " s");
  // At most 10 a second while playing, plus the last week.
  CHECK(static_cast<double>(people.size()) <= std::ceil(seconds * 10) + 2);
  CHECK(people.back() == 20);
  CHECK(std::is_sorted(people.begin(), people.end()));
  const auto [chart_weeks, chart_people] = weeks_and_people(charts_only.events());
  CHECK(chart_weeks == 20);
  CHECK(chart_people.empty());
}

TEST_CASE("serve: a stream opens with each arm's latest people; before week 0 there are none",
          "[serve]") {
  TestServer server;
  auto client = server.client();
  const std::string id =
      sid(create_session(*client, {{"scenario", "short_centre"}, {"b", nlohmann::json::object()}}));
  const JsonResponse early = get(*client, "/api/sessions/" + id + "/people?arm=b");
  CHECK(early.status == 200);  // week 0 may or may not be ready: never an error
  control(*client, id, {{"action", "step"}});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (get(*client, "/api/sessions/" + id + "/people?arm=b").body["week"] != 1 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EventReader reader(server.port(), "/api/sessions/" + id + "/events");
  REQUIRE(reader.wait_until([](const auto& events) { return events.size() >= 3; }));
  const auto events = reader.events();
  CHECK(events[0].name == "session");
  CHECK(events[1].name == "people");
  CHECK(events[1].data["arm"] == "a");
  CHECK(events[1].data["week"] == 1);
  CHECK(events[2].name == "people");
  CHECK(events[2].data["arm"] == "b");
}

TEST_CASE("serve: event streams are gzip for clients that take it, with the same events",
          "[serve]") {
  TestServer server;
  auto client = server.client();
  const std::string id = sid(create_session(*client, {{"scenario", "short_centre"}}));
  // Week 0 is computed in the background: open the streams after it, so
  // both see the same weeks.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (get(*client, "/api/sessions/" + id + "/people").body["week"] != 0 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EventReader plain(server.port(), "/api/sessions/" + id + "/events",
                    {{"Accept-Encoding", "identity"}});
  EventReader packed(server.port(), "/api/sessions/" + id + "/events",
                     {{"Accept-Encoding", "br;q=1.0, gzip;q=0.8"}});
  const auto opened = [](const auto& events) { return !events.empty(); };
  REQUIRE(plain.wait_until(opened));
  REQUIRE(packed.wait_until(opened));
  for (int step = 0; step < 3; ++step) control(*client, id, {{"action", "step"}});
  // Quick steps may skip the people of weeks passed through, never those of
  // the week where the run stops.
  const auto three_weeks = [](const auto& events) {
    return std::any_of(events.begin(), events.end(),
                       [](const Event& e) { return e.name == "people" && e.data["week"] == 3; });
  };
  REQUIRE(plain.wait_until(three_weeks));
  REQUIRE(packed.wait_until(three_weeks));
  CHECK(plain.content_encoding().empty());
  CHECK(packed.content_encoding() == "gzip");
  const auto without_comments = [](std::vector<Event> events) {
    events.erase(std::remove_if(events.begin(), events.end(),
                                [](const Event& e) { return e.name == "comment"; }),
                 events.end());
    return events;
  };
  const auto a = without_comments(plain.events());
  const auto b = without_comments(packed.events());
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].name == b[i].name);
    if (a[i].name != "session") CHECK(a[i].data == b[i].data);
  }
}

TEST_CASE("serve: a participant's compressed live view of an LA card stays within 2 Mbit/s",
          "[serve]") {
  // The most an LA card can send: 10 runs side by side at the top speed.
  // The workshop guide promises about 1.3 Mbit/s; 2 Mbit/s leaves room for
  // the week events' spread, not for a regression such as unthinned people
  // (about 2 Mbit/s more) or an uncompressed stream (8 Mbit/s).
  TestServer server;
  auto client = server.client();
  const std::string id = sid(create_session(
      *client, {{"scenario", "baseline"}, {"runs", 10}, {"b", {{"hot_desking_share", 0.5}}}}));
  control(*client, id, {{"action", "speed"}, {"weeks_per_second", 52}});
  EventReader reader(server.port(), "/api/sessions/" + id + "/events",
                     {{"Accept-Encoding", "gzip"}});
  REQUIRE(reader.wait_until([](const auto& events) { return !events.empty(); }));
  const std::size_t opening = reader.compressed_bytes();
  control(*client, id, {{"action", "play"}});
  const auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double mbit = static_cast<double>(reader.compressed_bytes() - opening) * 8 / seconds / 1e6;
  const int week = get(*client, "/api/sessions/" + id).body["week"];
  WARN("LA card, 10 runs side by side: " << mbit << " Mbit/s at " << week / seconds << " weeks/s");
  CHECK(reader.content_encoding() == "gzip");
  CHECK(mbit < 2.0);
}

TEST_CASE("serve: a card too big for the browser is marked, with the reason in plain words",
          "[serve]") {
  serve::Limits limits = TestServer::default_limits();
  limits.max_agents = 100;
  TestServer server(limits);
  auto client = server.client();
  const nlohmann::json cards = get(*client, "/api/scenarios").body;
  bool saw_big = false;
  for (const nlohmann::json& card : cards) {
    const bool fits = card["posts"].get<int>() <= 100;
    CHECK(card["available"] == fits);
    if (fits) continue;
    saw_big = true;
    const std::string reason = card["unavailable_reason"];
    CHECK(reason.find("Too big to run live in the browser") != std::string::npos);
    CHECK(reason.find("--") == std::string::npos);  // no command-line flags for students
    const JsonResponse refused = post(*client, "/api/sessions", {{"scenario", card["id"]}});
    CHECK(refused.status == 429);
    CHECK(refused.body["message"] == reason);
  }
  CHECK(saw_big);
}

TEST_CASE("serve: every error carries a technical message and one in plain words", "[serve]") {
  TestServer server;
  auto client = server.client();
  for (const auto& [path, status] : std::vector<std::pair<std::string, int>>{
           {"/api/sessions/nosuch", 404}, {"/api/nothing", 404}}) {
    const JsonResponse answer = get(*client, path);
    CHECK(answer.status == status);
    CHECK(!answer.body["error"].get<std::string>().empty());
    CHECK(!answer.body["message"].get<std::string>().empty());
  }
  const JsonResponse bad =
      post(*client, "/api/sessions", {{"scenario", "sure_start_centre"}, {"a", {{"hei_link", 7}}}});
  CHECK(bad.status == 400);
  CHECK(bad.body["message"].get<std::string>().find("could not be made") != std::string::npos);
}

TEST_CASE("serve: the room's addresses and scenario, and the facilitator's view", "[serve]") {
  TestServer server;
  auto client = server.client();
  server.server().room().set_addresses({"http://192.0.2.7:8080/"});
  nlohmann::json room = get(*client, "/api/room").body;
  CHECK(room["addresses"] == nlohmann::json::array({"http://192.0.2.7:8080/"}));
  CHECK(room["scenario"].is_null());

  const std::string token = server.server().room().token();
  CHECK(token.size() == 32);
  const httplib::Headers facilitator{{"Authorization", "Bearer " + token}};
  const httplib::Headers wrong{{"Authorization", "Bearer " + std::string(32, '0')}};
  const std::string choose = R"({"scenario": "short_centre"})";
  // Participants cannot act as the facilitator.
  for (const httplib::Headers& headers : {httplib::Headers{}, wrong}) {
    const auto put = client->Put("/api/room", headers, choose, "application/json");
    REQUIRE(put);
    CHECK(put->status == 401);
    const auto list = client->Get("/api/room/sessions", headers);
    REQUIRE(list);
    CHECK(list->status == 401);
    CHECK(nlohmann::json::parse(list->body)["message"].get<std::string>().find("not valid") !=
          std::string::npos);
  }
  const auto put = client->Put("/api/room", facilitator, choose, "application/json");
  REQUIRE(put);
  CHECK(put->status == 200);
  CHECK(get(*client, "/api/room").body["scenario"] == "short_centre");
  const auto unknown =
      client->Put("/api/room", facilitator, R"({"scenario": "nosuch"})", "application/json");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  const auto cleared =
      client->Put("/api/room", facilitator, R"({"scenario": null})", "application/json");
  REQUIRE(cleared);
  CHECK(nlohmann::json::parse(cleared->body)["scenario"].is_null());

  const std::string id = sid(create_session(*client, {{"scenario", "short_centre"}, {"runs", 2}}));
  const auto list = client->Get("/api/room/sessions", facilitator);
  REQUIRE(list);
  REQUIRE(list->status == 200);
  const nlohmann::json sessions = nlohmann::json::parse(list->body);
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0]["id"] == id);
  CHECK(sessions[0]["client"] == "127.0.0.1");
  CHECK(sessions[0]["scenario"] == "short_centre");
  CHECK(sessions[0]["runs"] == 2);
  CHECK(sessions[0]["arms"] == 1);
  CHECK(sessions[0]["weeks"] == 20);

  CHECK(client->Delete("/api/room/sessions/" + id, wrong)->status == 401);
  CHECK(get(*client, "/api/sessions/" + id).status == 200);
  CHECK(client->Delete("/api/room/sessions/" + id, facilitator)->status == 204);
  CHECK(get(*client, "/api/sessions/" + id).status == 404);
  CHECK(client->Delete("/api/room/sessions/" + id, facilitator)->status == 404);
}
