#include "server/routes.hpp"

#include <httplib.h>

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <regex>

#include "server/api_error.hpp"
#include "server/guarded_http.hpp"
#include "server/gzip_stream.hpp"
#include "server/levers.hpp"
#include "server/request_checks.hpp"
#include "server/request_fields.hpp"

namespace wfsim::serve {

namespace {

using Handler =
    std::function<void(const httplib::Request&, httplib::Response&, const std::smatch&)>;

/// One API path and the handler for each method it allows.
struct Route {
  std::regex pattern;
  std::map<std::string, Handler> methods;
};

// With the charset, cpp-httplib does not compress the body: Debian builds it
// with Brotli at its slowest setting, which took seconds for a network on
// loopback, where compression gains nothing.
constexpr const char* kJson = "application/json; charset=utf-8";

void send_json(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  // A message may quote the client's bytes (a path, a bad body): ill-formed
  // UTF-8 among them is replaced, not a reason to fail.
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

void send_error(httplib::Response& response, int status, const std::string& message,
                const std::string& plain) {
  send_json(response, status, {{"error", message}, {"message", plain}});
}

/// The request body as JSON (ApiError 400 with the parser's position if it is not).
nlohmann::json parse_body(const httplib::Request& request) {
  if (request.body.empty()) {
    throw ApiError(400,
                   "the request body is empty (hint: send a JSON object, see "
                   "docs/workshop_api.md)");
  }
  try {
    return nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::parse_error& error) {
    throw ApiError(400, fmt::format("malformed JSON in the request body: {} (hint: check quotes, "
                                    "commas and brackets)",
                                    error.what()));
  } catch (const nlohmann::json::exception& error) {
    // e.g. a number too large for a double (1e309)
    throw ApiError(400, fmt::format("a value in the request body cannot be read: {} (hint: use "
                                    "ordinary numbers)",
                                    error.what()));
  }
}

/// A whole number >= 0 from a query parameter (ApiError 400 if it is not one).
int query_count(const httplib::Request& request, const char* key, int fallback) {
  if (!request.has_param(key)) return fallback;
  const std::string text = request.get_param_value(key);
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    throw ApiError(
        400, fmt::format("'{}={}' is not a whole number >= 0 (hint: e.g. {}=0)", key, text, key));
  }
  return value;
}

const ScenarioCard& find_card(const Catalogue& catalogue, const std::string& id) {
  const ScenarioCard* card = catalogue.find(id);
  if (card == nullptr) {
    std::string ids;
    for (const ScenarioCard& known : catalogue.cards()) ids += (ids.empty() ? "" : ", ") + known.id;
    throw ApiError(404, fmt::format("unknown scenario '{}' (hint: one of {})", id, ids));
  }
  return *card;
}

/// POST /api/sessions: checks the body and creates the session.
nlohmann::json create_session(const RouteContext& context, const nlohmann::json& body,
                              const std::string& client) {
  if (!body.is_object()) {
    throw ApiError(400,
                   "the body must be a JSON object (hint: {\"scenario\": \"sure_start_centre\"})");
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "scenario" && key != "seed" && key != "runs" && key != "a" && key != "b") {
      throw ApiError(400, fmt::format("unknown field '{}' (hint: the fields are scenario, seed, "
                                      "runs, a and b)",
                                      key));
    }
  }
  const auto scenario = body.find("scenario");
  if (scenario == body.end() || !scenario->is_string()) {
    throw ApiError(400,
                   "'scenario' must name a scenario (hint: {\"scenario\": "
                   "\"sure_start_centre\"}; GET /api/scenarios lists them)");
  }
  const ScenarioCard& card = find_card(context.catalogue, scenario->get<std::string>());
  const std::uint64_t seed = seed_field(body, card.scenario.seed);
  const int runs = runs_field(body, 1, Session::kMaxRuns);
  const nlohmann::json own = scenario_lever_values(card.scenario);
  const auto a = body.find("a");
  const nlohmann::json levers_a =
      (a == body.end() || a->is_null()) ? own : apply_lever_changes(card.scenario, own, *a);
  std::optional<nlohmann::json> levers_b;
  if (const auto b = body.find("b"); b != body.end() && !b->is_null())
    levers_b = apply_lever_changes(card.scenario, own, *b);
  return context.registry.create(card, seed, runs, levers_a, levers_b, client)->to_json();
}

/// The room's routes: what participants may read, and what the facilitator's
/// token lets them do (list and end sessions, choose the room's scenario).
void add_room_routes(const RouteContext& context, const std::string& id,
                     std::vector<Route>& routes) {
  const auto facilitator = [context](const httplib::Request& request) {
    context.room.check_facilitator(request.get_header_value("Authorization"));
  };
  routes.push_back(
      {std::regex("/api/room"),
       {{"GET", [context](const auto&, auto& response,
                          const auto&) { send_json(response, 200, context.room.to_json()); }},
        {"PUT", [context, facilitator](const auto& request, auto& response, const auto&) {
           facilitator(request);
           const nlohmann::json body = parse_body(request);
           const auto scenario = body.is_object() ? body.find("scenario") : body.end();
           if (!body.is_object() || body.size() != 1 || scenario == body.end() ||
               !(scenario->is_string() || scenario->is_null())) {
             throw ApiError(400,
                            "the body must be {\"scenario\": ID} or {\"scenario\": null} "
                            "(hint: GET /api/scenarios lists the ids)");
           }
           if (scenario->is_null()) {
             context.room.set_scenario(std::nullopt);
           } else {
             context.room.set_scenario(
                 find_card(context.catalogue, scenario->get<std::string>()).id);
           }
           send_json(response, 200, context.room.to_json());
         }}}});
  routes.push_back(
      {std::regex("/api/room/sessions"),
       {{"GET", [context, facilitator](const auto& request, auto& response, const auto&) {
           facilitator(request);
           send_json(response, 200, context.registry.summaries());
         }}}});
  routes.push_back(
      {std::regex("/api/room/sessions/" + id),
       {{"DELETE", [context, facilitator](const auto& request, auto& response, const auto& match) {
           facilitator(request);
           if (!context.registry.remove(match[1])) context.registry.find(match[1]);  // 404
           response.status = 204;
         }}}});
}

/// GET /api/sessions/ID/events: the session, then its events as they happen.
void stream_events(const RouteContext& context, const std::string& id, const std::string& client,
                   bool people, bool gzip, httplib::Response& response) {
  std::shared_ptr<Session> session = context.registry.find(id);
  SessionRegistry* registry = &context.registry;
  registry->open_stream(client);
  std::shared_ptr<Subscriber> subscriber = session->events().subscribe(people);
  session->stream_opened();
  // The session, then (for a view with a network) what each arm's people
  // look like now, so the page need not wait for the next people event.
  auto opening = std::make_shared<std::string>(format_event("session", session->to_json().dump()));
  if (people)
    for (const std::string& latest : session->latest_people())
      *opening += format_event("people", latest);
  const auto keepalive = registry->limits().keepalive;
  response.set_header("Cache-Control", "no-cache");
  response.set_header("X-Accel-Buffering", "no");
  std::shared_ptr<GzipStream> compressor;
  if (gzip) {
    compressor = std::make_shared<GzipStream>();
    response.set_header("Content-Encoding", "gzip");
    response.set_header("Vary", "Accept-Encoding");
  }
  // Writes a batch of events, compressed and flushed when the client takes gzip.
  const auto send = [compressor](httplib::DataSink& sink, const std::string& text) {
    if (!compressor) return sink.write(text.data(), text.size());
    const std::string packed = compressor->compress(text);
    return sink.write(packed.data(), packed.size());
  };
  response.set_chunked_content_provider(
      "text/event-stream",
      [opening, subscriber, keepalive, compressor, send](std::size_t /*offset*/,
                                                         httplib::DataSink& sink) {
        if (!opening->empty()) {
          const bool written = send(sink, *opening);
          opening->clear();
          return written;
        }
        const auto events = subscriber->wait(keepalive);
        if (events.empty()) {
          if (subscriber->closed()) {
            if (compressor) {
              const std::string end = compressor->finish();
              sink.write(end.data(), end.size());
            }
            sink.done();
            return true;
          }
          // A comment line keeps proxies and browsers from closing the stream,
          // and finds out whether the client is still there.
          return send(sink, ": keep-alive\n\n");
        }
        std::string batch;
        for (const auto& event : events) batch += *event;
        return send(sink, batch);  // false: the client has gone
      },
      [session, subscriber, registry, client](bool /*success*/) {
        session->events().unsubscribe(subscriber);
        session->stream_closed();
        session->touch();
        registry->close_stream(client);
      });
}

std::vector<Route> api_routes(const RouteContext& context) {
  const std::string id = "([A-Za-z0-9_-]+)";
  std::vector<Route> routes;
  routes.push_back({std::regex("/api/scenarios"),
                    {{"GET", [context](const auto&, auto& response, const auto&) {
                        nlohmann::json cards = nlohmann::json::array();
                        for (const ScenarioCard& card : context.catalogue.cards())
                          cards.push_back(card_json(card, context.registry.limits().max_agents));
                        send_json(response, 200, cards);
                      }}}});
  routes.push_back({std::regex("/api/levers"),
                    {{"GET", [context](const auto& request, auto& response, const auto&) {
                        if (!request.has_param("scenario")) {
                          throw ApiError(400,
                                         "the 'scenario' query parameter is missing (hint: "
                                         "/api/levers?scenario=sure_start_centre)");
                        }
                        const ScenarioCard& card =
                            find_card(context.catalogue, request.get_param_value("scenario"));
                        send_json(response, 200, lever_descriptions(card.scenario));
                      }}}});
  routes.push_back({std::regex("/api/sessions"),
                    {{"POST", [context](const auto& request, auto& response, const auto&) {
                        send_json(
                            response, 201,
                            create_session(context, parse_body(request), request.remote_addr));
                      }}}});
  routes.push_back({std::regex("/api/sessions/" + id),
                    {{"GET",
                      [context](const auto&, auto& response, const auto& match) {
                        send_json(response, 200, context.registry.find(match[1])->to_json());
                      }},
                     {"DELETE", [context](const auto&, auto& response, const auto& match) {
                        if (!context.registry.remove(match[1]))
                          context.registry.find(match[1]);  // 404
                        response.status = 204;
                      }}}});
  routes.push_back({std::regex("/api/sessions/" + id + "/control"),
                    {{"POST", [context](const auto& request, auto& response, const auto& match) {
                        const auto session = context.registry.find(match[1]);
                        send_json(response, 200, session->control(parse_body(request)));
                      }}}});
  routes.push_back({std::regex("/api/sessions/" + id + "/network"),
                    {{"GET", [context](const auto&, auto& response, const auto& match) {
                        send_json(response, 200, context.registry.find(match[1])->network());
                      }}}});
  routes.push_back({std::regex("/api/sessions/" + id + "/metrics"),
                    {{"GET", [context](const auto&, auto& response, const auto& match) {
                        send_json(response, 200,
                                  context.registry.find(match[1])->metric_descriptions());
                      }}}});
  routes.push_back({std::regex("/api/sessions/" + id + "/series"),
                    {{"GET", [context](const auto& request, auto& response, const auto& match) {
                        const auto session = context.registry.find(match[1]);
                        const std::string arm =
                            request.has_param("arm") ? request.get_param_value("arm") : "a";
                        send_json(response, 200,
                                  session->series(arm, query_count(request, "since", 0),
                                                  query_count(request, "run", 0)));
                      }}}});
  routes.push_back({std::regex("/api/sessions/" + id + "/people"),
                    {{"GET", [context](const auto& request, auto& response, const auto& match) {
                        const auto session = context.registry.find(match[1]);
                        const std::string arm =
                            request.has_param("arm") ? request.get_param_value("arm") : "a";
                        send_json(response, 200, session->people(arm));
                      }}}});
  routes.push_back({std::regex("/api/sessions/" + id + "/events"),
                    {{"GET", [context](const auto& request, auto& response, const auto& match) {
                        const bool people = !request.has_param("people") ||
                                            request.get_param_value("people") != "0";
                        stream_events(context, match[1], request.remote_addr, people,
                                      accepts_gzip(request.get_header_value("Accept-Encoding")),
                                      response);
                      }}}});
  add_room_routes(context, id, routes);
  return routes;
}

std::string allowed(const Route& route) {
  std::string methods;
  for (const auto& [method, handler] : route.methods)
    methods += (methods.empty() ? "" : ", ") + method;
  return methods;
}

/// The page's files: GET only; "/" without a built page says how to build it.
void serve_page(const RouteContext& context, const httplib::Request& request,
                httplib::Response& response) {
  if (request.method != "GET" && request.method != "HEAD") {
    response.set_header("Allow", "GET");
    throw ApiError(405, fmt::format("{} is not allowed on {} (hint: the page's files are GET only)",
                                    request.method, request.path));
  }
  if ((request.path == "/" || request.path == "/index.html") && !context.page.page_built()) {
    throw ApiError(
        503, fmt::format("the workshop page is not built: {} has no index.html (hint: build it "
                         "as docs/workshop.md says, with `npm ci && npm run build` in viz/, or "
                         "pass --page DIR; the API under /api/ works meanwhile)",
                         context.page.root().string()));
  }
  const auto file = context.page.read(request.path);
  if (!file)
    throw ApiError(404, fmt::format("no file {} (hint: open / for the page)", request.path));
  response.set_content(file->body, file->content_type.c_str());
}

}  // namespace

void install_routes(httplib::Server& server, const RouteContext& context, std::size_t max_body) {
  auto routes = std::make_shared<const std::vector<Route>>(api_routes(context));
  const auto dispatch = [routes, context](const httplib::Request& request,
                                          httplib::Response& response) {
    GuardedHttpServer::request_read();
    try {
      check_request(request, context.hosts);
      const std::string& path = request.path;
      if (path != "/api" && path.rfind("/api/", 0) != 0) {
        serve_page(context, request, response);
        return;
      }
      const std::string method = request.method == "HEAD" ? "GET" : request.method;
      for (const Route& route : *routes) {
        std::smatch match;
        if (!std::regex_match(path, match, route.pattern)) continue;
        const auto handler = route.methods.find(method);
        if (handler == route.methods.end()) {
          response.set_header("Allow", allowed(route));
          throw ApiError(405, fmt::format("{} is not allowed on {} (hint: use {})", request.method,
                                          path, allowed(route)));
        }
        handler->second(request, response, match);
        return;
      }
      throw ApiError(404, fmt::format("no API path {} (hint: see docs/workshop_api.md; the paths "
                                      "start /api/scenarios, /api/levers and /api/sessions)",
                                      path));
    } catch (const ApiError& error) {
      const bool missing_page_file = error.status() == 404 && request.path.rfind("/api", 0) != 0;
      if (!missing_page_file) {
        context.errors->record(error.status(), request.method, request.path, request.remote_addr,
                               error.what());
      }
      send_error(response, error.status(), error.what(), error.plain());
    } catch (const std::exception& error) {
      const std::string message = fmt::format("internal error: {}", error.what());
      context.errors->record(500, request.method, request.path, request.remote_addr, message);
      send_error(response, 500, message, plain_words_for_status(500));
    }
  };
  server.Get(".*", dispatch);
  server.Post(".*", dispatch);
  server.Put(".*", dispatch);
  server.Patch(".*", dispatch);
  server.Delete(".*", dispatch);
  server.Options(".*", dispatch);
  server.set_payload_max_length(max_body);
  // Errors httplib answers itself (413, 400 for an unreadable request) get a JSON body too.
  server.set_error_handler([max_body](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty()) return;
    std::string message = fmt::format(
        "the request could not be served (HTTP {}) (hint: see "
        "docs/workshop_api.md)",
        response.status);
    if (response.status == 413) {
      message = fmt::format(
          "the request body is larger than {} KiB (hint: send only lever "
          "values; a session request is well under 1 KiB)",
          max_body / 1024);
    }
    send_error(response, response.status, message, plain_words_for_status(response.status));
  });
}

}  // namespace wfsim::serve
