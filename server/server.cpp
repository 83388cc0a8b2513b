#include "server/server.hpp"

#include <httplib.h>

#include <algorithm>

#include <fmt/format.h>

#include "server/routes.hpp"

namespace wfsim::serve {

WorkshopServer::WorkshopServer(const Catalogue& catalogue, ServerOptions options)
    : catalogue_(catalogue),
      options_(std::move(options)),
      page_(options_.page_dir),
      registry_(std::make_unique<SessionRegistry>(catalogue, options_.limits)),
      // Each open event stream holds a worker thread, so the pool has room for
      // every stream allowed plus the ordinary requests beside them, and for
      // one address's connections beyond that (GuardedHttpServer caps them).
      http_(std::make_unique<GuardedHttpServer>(
          options_.connections,
          static_cast<std::size_t>(options_.limits.max_streams) + 32 +
              static_cast<std::size_t>(std::min(options_.connections.per_address, 64)))) {
  http_->set_keep_alive_timeout(2);
  // Small JSON answers on kept-alive connections would otherwise wait for
  // the client's delayed ACK (Nagle's algorithm): tens of milliseconds each.
  http_->set_tcp_nodelay(true);
  install_routes(*http_,
                 RouteContext{catalogue_, *registry_, page_, options_.hosts, room_, errors_},
                 options_.max_body);
}

WorkshopServer::~WorkshopServer() {
  stop();
}

int WorkshopServer::bind(const std::string& host, int port) {
  const int bound = http_->bind_and_listen(host, port);
  if (port == 0 && bound == 0)
    throw std::runtime_error(fmt::format("cannot listen on {} (hint: check --host)", host));
  if (bound == 0) {
    throw std::runtime_error(fmt::format(
        "cannot listen on {}:{} (hint: is another server using the port? try --port {})", host,
        port, port + 1));
  }
  return bound;
}

void WorkshopServer::run() {
  http_->listen_after_bind();
}

void WorkshopServer::stop() {
  registry_->shutdown();  // ends event streams, so their worker threads finish
  http_->stop();
}

bool WorkshopServer::running() const {
  return http_->is_running();
}

}  // namespace wfsim::serve
