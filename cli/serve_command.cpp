// `wfsim serve`: the workshop server (docs/workshop.md, docs/workshop_api.md).
#include <arpa/inet.h>
#include <fmt/format.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/whole_number.hpp"
#include "io/input_error.hpp"
#include "server/server.hpp"

namespace wfsim::cli {

namespace {

struct ServeOptions {
  int port = 8080;
  std::string host = "127.0.0.1";
  std::string scenarios;
  std::string page = WFSIM_PAGE_DIR;
  int max_running = 0;  ///< 0: 2 x hardware threads
  int max_sessions = 64;
  int max_agents = 5000;
  double idle_minutes = 20;
  int max_per_client = 8;
  std::vector<std::string> allowed_hosts;
};

/// --scenarios, else the source tree's scenarios/, else ./scenarios.
std::filesystem::path scenario_dir(const std::string& given) {
  if (!given.empty()) return given;
  const std::filesystem::path source = std::filesystem::path(WFSIM_SOURCE_DIR) / "scenarios";
  std::error_code error;
  if (std::filesystem::is_directory(source, error)) return source;
  return "scenarios";
}

// This machine's IPv4 addresses other than loopback, from its interfaces.
std::vector<std::string> network_addresses() {
  std::vector<std::string> out;
  ifaddrs* interfaces = nullptr;
  if (getifaddrs(&interfaces) != 0) return out;
  for (const ifaddrs* i = interfaces; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    if ((i->ifa_flags & IFF_LOOPBACK) != 0 || (i->ifa_flags & IFF_UP) == 0) continue;
    char text[INET_ADDRSTRLEN] = {};
    const auto* address = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
    if (inet_ntop(AF_INET, &address->sin_addr, text, sizeof text) != nullptr) out.push_back(text);
  }
  freeifaddrs(interfaces);
  return out;
}

int serve(const ServeOptions& options) {
  const std::filesystem::path dir = scenario_dir(options.scenarios);
  std::vector<std::string> skipped;
  std::unique_ptr<serve::Catalogue> catalogue;
  try {
    catalogue = std::make_unique<serve::Catalogue>(serve::Catalogue::load(dir, &skipped));
  } catch (const std::runtime_error& error) {
    throw InputError({"--scenarios " + dir.string(), 0, 0}, "", error.what());
  }
  for (const std::string& line : skipped) fmt::print(stderr, "wfsim serve: skipped {}\n", line);

  serve::ServerOptions server_options;
  server_options.page_dir = options.page;
  const int hardware = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  server_options.limits.max_running = options.max_running > 0 ? options.max_running : 2 * hardware;
  server_options.limits.max_sessions = options.max_sessions;
  server_options.limits.max_agents = static_cast<std::size_t>(options.max_agents);
  server_options.limits.max_sessions_per_client = options.max_per_client;
  server_options.limits.max_streams_per_client = 2 * options.max_per_client;
  // A browser opens up to 6 connections to a server besides one per live view.
  server_options.connections.per_address = server_options.limits.max_streams_per_client + 16;
  server_options.limits.idle_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(options.idle_minutes * 60'000.0));
  for (const std::string& name : options.allowed_hosts) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    server_options.hosts.allowed_names.push_back(lower);
  }
  serve::WorkshopServer server(*catalogue, server_options);
  int port = 0;
  try {
    port = server.bind(options.host, options.port);
  } catch (const std::runtime_error& error) {
    throw InputError({fmt::format("--host {} --port {}", options.host, options.port), 0, 0}, "",
                     error.what());
  }

  const std::atomic<bool>& interrupted = install_interrupt_handlers();
  std::thread http([&server] { server.run(); });
  fmt::print("wfsim serve: {} scenarios from {}\n", catalogue->cards().size(), dir.string());
  if (!server.page().page_built()) {
    fmt::print("wfsim serve: the page is not built in {} (see docs/workshop.md); the API works\n",
               server.page().root().string());
  }
  const std::string local = options.host == "0.0.0.0" ? "127.0.0.1" : options.host;
  std::vector<std::string> join;
  if (options.host == "0.0.0.0") {
    // 0.0.0.0 is not an address anyone can type: name the ones that reach this machine.
    for (const std::string& address : network_addresses())
      join.push_back(fmt::format("http://{}:{}/", address, port));
    fmt::print("wfsim serve: open http://{}:{}/ on this computer{}\n", local, port,
               join.empty() ? "" : ", and from the room's computers:");
    for (const std::string& url : join) fmt::print("wfsim serve:   {}\n", url);
  } else {
    join.push_back(fmt::format("http://{}:{}/", local, port));
    fmt::print("wfsim serve: open http://{}:{}/\n", local, port);
  }
  server.room().set_addresses(join);
  fmt::print("wfsim serve: facilitator view (keep it to yourself): http://{}:{}/#facilitator={}\n",
             local, port, server.room().token());
  fmt::print("wfsim serve: Ctrl-C stops the server\n");
  std::fflush(stdout);
  while (!interrupted.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  fmt::print("wfsim serve: stopping\n");
  server.stop();
  http.join();
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, std::function<int()>& action) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* command = app.add_subcommand(
      "serve", "Serve the workshop page and its API: explore scenarios live in a browser");
  command->add_option("--port", options->port, "TCP port (default 8080; 0: any free port)")
      ->check(whole_number(0, 65535));
  CLI::Option* host = command->add_option(
      "--host", options->host,
      "Address to listen on (default 127.0.0.1: this computer only; 0.0.0.0: the whole network)");
  command
      ->add_flag_callback(
          "--classroom", [options] { options->host = "0.0.0.0"; },
          "Serve a room of computers on this network: the same as --host 0.0.0.0")
      ->excludes(host);
  command
      ->add_option("--scenarios", options->scenarios,
                   "Folder of scenario files for the cards (default: the shipped scenarios/)")
      ->check(CLI::ExistingDirectory);
  command->add_option("--page", options->page, "Folder of the built workshop page")
      ->capture_default_str();
  command
      ->add_option("--max-running", options->max_running,
                   "Simulations advancing at once (default 2 x hardware threads)")
      ->check(whole_number(1, 4096));
  command->add_option("--max-sessions", options->max_sessions, "Sessions at once (default 64)")
      ->check(whole_number(1, 100000));
  command
      ->add_option("--max-agents", options->max_agents,
                   "Largest scenario a session may run, in posts (default 5000)")
      ->check(whole_number(1, 10000000));
  command
      ->add_option("--idle-minutes", options->idle_minutes,
                   "Reclaim sessions unused for this long (default 20)")
      ->check(CLI::Range(0.001, 10080.0));
  command
      ->add_option("--max-per-client", options->max_per_client,
                   "Sessions one computer may hold (default 8; twice as many live views)")
      ->check(whole_number(1, 100000));
  command->add_option("--allow-host", options->allowed_hosts,
                      "A name the page may be opened by, beside IP addresses and localhost, "
                      "e.g. the laptop's classroom name (repeat for more)");
  command->callback([&action, options] { action = [options] { return serve(*options); }; });
}

}  // namespace wfsim::cli
