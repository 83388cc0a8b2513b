// The routes of the workshop API and page on an httplib::Server: each path
// with the methods it allows (others are 405), JSON bodies checked, errors
// as {"error": "..." with a hint, "message": "..." in plain words}.
#pragma once

#include <memory>

#include "server/catalogue.hpp"
#include "server/error_log.hpp"
#include "server/request_checks.hpp"
#include "server/room.hpp"
#include "server/server.hpp"
#include "server/session_registry.hpp"
#include "server/static_files.hpp"

namespace httplib {
class Server;
}

namespace wfsim::serve {

struct RouteContext {
  const Catalogue& catalogue;
  SessionRegistry& registry;
  const StaticFiles& page;
  HostPolicy hosts;  ///< who may address the server (request_checks.hpp)
  Room& room;
  std::shared_ptr<ErrorLog> errors;  ///< shared by the handlers' copies of the context
};

/// Installs every route, the body limit and the error handler on `server`.
/// What `context` refers to must outlive the server.
void install_routes(httplib::Server& server, const RouteContext& context, std::size_t max_body);

}  // namespace wfsim::serve
