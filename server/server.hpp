// `wfsim serve`: the workshop page and the JSON API of docs/workshop_api.md
// over HTTP (cpp-httplib), on a pool of threads, in front of a SessionRegistry.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "server/catalogue.hpp"
#include "server/error_log.hpp"
#include "server/guarded_http.hpp"
#include "server/request_checks.hpp"
#include "server/room.hpp"
#include "server/session_registry.hpp"
#include "server/static_files.hpp"

namespace wfsim::serve {

class GuardedHttpServer;

struct ServerOptions {
  std::filesystem::path page_dir;  ///< the built page (index.html and its files)
  Limits limits;
  std::size_t max_body = 64 * 1024;  ///< bytes; larger request bodies are 413
  HostPolicy hosts;                  ///< names it answers to beside IP addresses and localhost
  /// Connections one address may hold, and how long a request may take to arrive.
  ConnectionLimits connections;
};

class WorkshopServer {
 public:
  /// `catalogue` must outlive the server.
  WorkshopServer(const Catalogue& catalogue, ServerOptions options);
  WorkshopServer(const WorkshopServer&) = delete;
  WorkshopServer& operator=(const WorkshopServer&) = delete;
  ~WorkshopServer();

  /// Binds `host`:`port` (0: any free port) and returns the port. Throws
  /// std::runtime_error naming the address if it cannot.
  int bind(const std::string& host, int port);
  /// Serves until stop(); call after bind().
  void run();
  /// Ends every session and stream, then stops serving; safe from any thread.
  void stop();
  /// True once run() is accepting connections.
  bool running() const;

  SessionRegistry& sessions() { return *registry_; }
  /// The join addresses, the room's scenario and the facilitator's token.
  Room& room() { return room_; }
  const StaticFiles& page() const { return page_; }
  /// Connections from `address` open now.
  int connections_from(const std::string& address) { return http_->connections_from(address); }

 private:
  const Catalogue& catalogue_;
  ServerOptions options_;
  StaticFiles page_;
  std::unique_ptr<SessionRegistry> registry_;
  Room room_;
  std::shared_ptr<ErrorLog> errors_ = std::make_shared<ErrorLog>();
  std::unique_ptr<GuardedHttpServer> http_;
};

}  // namespace wfsim::serve
