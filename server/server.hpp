// `wfsim serve`: the workshop page and the JSON API of docs/workshop_api.md
// over HTTP (cpp-httplib), on a pool of threads, in front of a SessionRegistry.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "server/catalogue.hpp"
#include "server/request_checks.hpp"
#include "server/session_registry.hpp"
#include "server/static_files.hpp"

namespace httplib {
class Server;
}

namespace wfsim::serve {

struct ServerOptions {
  std::filesystem::path page_dir;  ///< the built page (index.html and its files)
  Limits limits;
  std::size_t max_body = 64 * 1024;  ///< bytes; larger request bodies are 413
  HostPolicy hosts;                  ///< names it answers to beside IP addresses and localhost
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
  const StaticFiles& page() const { return page_; }

 private:
  const Catalogue& catalogue_;
  ServerOptions options_;
  StaticFiles page_;
  std::unique_ptr<SessionRegistry> registry_;
  std::unique_ptr<httplib::Server> http_;
};

}  // namespace wfsim::serve
