// Fuzz target: HTTP requests to the workshop server's routes
// (server/routes.cpp), as `wfsim serve` answers them, without a socket: the
// input is the bytes a client sends on one kept-alive connection (several
// requests may follow each other), fed through httplib's own request parser
// (Server::process_request) on an in-memory stream. `$ID` in a later request
// stands for the id of the last session a response named, so that a
// session's own routes are reached. Each input gets a fresh session registry
// and room (small limits, torn down after the input), so memory stays
// bounded; the catalogue holds the Sure Start centre cut to 20 weeks.
// Every answer, 4xx and 5xx included, is expected; a crash, a sanitizer
// report, an exception escaping httplib or a hang is a finding.
#include <httplib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "server/routes.hpp"
#include "server/server.hpp"
#include "tests/fuzz/fuzz_common.hpp"

namespace {

/// The client's side of a connection: what it sent, read by the server, and
/// a budget for what the server writes back (an event stream would otherwise
/// never end).
class MemoryStream : public httplib::Stream {
 public:
  explicit MemoryStream(std::string input) : input_(std::move(input)) {}

  bool is_readable() const override { return true; }
  bool is_writable() const override { return writes_ < kMaxWrites && output_.size() < kMaxOutput; }
  ssize_t read(char* ptr, size_t size) override {
    const std::size_t n = std::min(size, input_.size() - consumed_);
    if (n == 0) return 0;
    std::memcpy(ptr, input_.data() + consumed_, n);
    consumed_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ++writes_;
    output_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

  bool exhausted() const { return consumed_ >= input_.size(); }
  /// Replaces `$ID` in what is still to be read by `id`.
  void substitute_id(const std::string& id) {
    for (std::size_t at = input_.find("$ID", consumed_); at != std::string::npos;
         at = input_.find("$ID", at + id.size()))
      input_.replace(at, 3, id);
  }
  /// The last session id the server wrote (`"id": "s..."`), if any.
  std::string last_id() const {
    const std::size_t key = output_.rfind("\"id\":");
    if (key == std::string::npos) return {};
    const std::size_t open = output_.find('"', key + 5);
    const std::size_t close = open == std::string::npos ? open : output_.find('"', open + 1);
    if (close == std::string::npos || close - open > 64) return {};
    return output_.substr(open + 1, close - open - 1);
  }
  void new_response() { writes_ = 0; }
  const std::string& output() const { return output_; }

 private:
  static constexpr int kMaxWrites = 64;
  static constexpr std::size_t kMaxOutput = 4 * 1024 * 1024;
  std::string input_;
  std::size_t consumed_ = 0;
  std::string output_;
  int writes_ = 0;
};

/// httplib's server, with its protected request processing made callable.
class FuzzServer : public httplib::Server {
 public:
  bool serve(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
    return process_request(stream, close_connection, connection_closed, nullptr);
  }
};

const wfsim::serve::Catalogue& catalogue() {
  static const wfsim::serve::Catalogue loaded = [] {
    const std::filesystem::path dir = wfsim::fuzz::work_dir() / "catalogue";
    std::filesystem::create_directories(dir);
    std::ifstream in(wfsim::fuzz::work_dir() / "scenarios" / "sure_start_centre.yaml");
    std::stringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    const auto weeks = yaml.find("\nweeks: ");
    if (weeks != std::string::npos)
      yaml.replace(weeks, yaml.find('\n', weeks + 1) - weeks, "\nweeks: 20");
    std::ofstream(dir / "sure_start_centre.yaml") << yaml;
    std::vector<std::string> skipped;
    return wfsim::serve::Catalogue::load(dir, &skipped);
  }();
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > wfsim::fuzz::kMaxInput) return -1;
  wfsim::serve::Limits limits;
  limits.max_sessions = 4;
  limits.max_sessions_per_client = 4;
  limits.max_running = 1;
  limits.max_agents = 200;
  limits.max_streams = 2;
  limits.max_streams_per_client = 2;
  limits.keepalive = std::chrono::milliseconds(1);
  wfsim::serve::SessionRegistry registry(catalogue(), limits);
  const wfsim::serve::StaticFiles page(wfsim::fuzz::work_dir() / "no_page");
  wfsim::serve::Room room;
  FuzzServer server;
  wfsim::serve::install_routes(
      server,
      wfsim::serve::RouteContext{
          catalogue(), registry, page, {}, room, std::make_shared<wfsim::serve::ErrorLog>()},
      16 * 1024);

  MemoryStream stream(std::string(reinterpret_cast<const char*>(data), size));
  for (int request = 0; request < 16 && !stream.exhausted(); ++request) {
    bool connection_closed = false;
    stream.new_response();
    if (!server.serve(stream, false, connection_closed) || connection_closed) break;
    if (const std::string id = stream.last_id(); !id.empty()) stream.substitute_id(id);
  }
  registry.shutdown();
  // To see what the server answered an input: WFSIM_FUZZ_ECHO=1 fuzz_replay_http FILE
  if (std::getenv("WFSIM_FUZZ_ECHO") != nullptr)
    std::fwrite(stream.output().data(), 1, stream.output().size(), stderr);
  return 0;
}
