// Requests a classroom's browsers (or a page on another site) could send that
// the server must refuse with a 4xx and a JSON message, never a 500: other
// sites' pages and DNS rebinding, bodies that are not declared JSON, numbers
// too large for a double, bytes that are not UTF-8, and odd paths.
#include <catch2/catch.hpp>

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
