#include "tests/serve_harness.hpp"

#include <unistd.h>
#include <zlib.h>

#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace wfsim::test {

namespace {

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The scenario files of the test catalogue, in a folder removed at exit.
struct CatalogueFolder {
  CatalogueFolder()
      : dir(std::filesystem::temp_directory_path() /
            ("wfsim_serve_test_" + std::to_string(::getpid()))) {
    const std::filesystem::path scenarios = std::filesystem::path(WFSIM_SOURCE_DIR) / "scenarios";
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(scenarios / "sure_start_centre.yaml", dir / "sure_start_centre.yaml",
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(scenarios / "baseline.yaml", dir / "baseline.yaml",
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy(scenarios / "targets", dir / "targets",
                          std::filesystem::copy_options::overwrite_existing |
                              std::filesystem::copy_options::recursive);  // the baseline's
    std::string text = read_text(scenarios / "sure_start_centre.yaml");
    const auto weeks = text.find("\nweeks: 156");
    if (weeks == std::string::npos)
      throw std::runtime_error("sure_start_centre.yaml has no weeks: 156");
    text.replace(weeks, 11, "\nweeks: 20");
    text.replace(text.find("name: sure_start_centre"), 23, "name: short_centre");
    std::ofstream(dir / "short_centre.yaml") << text;
  }
  ~CatalogueFolder() {
    std::error_code error;
    std::filesystem::remove_all(dir, error);
  }
  std::filesystem::path dir;
};

}  // namespace

const serve::Catalogue& serve_catalogue() {
  static const CatalogueFolder folder;
  static const serve::Catalogue catalogue = [] {
    std::vector<std::string> skipped;
    serve::Catalogue loaded = serve::Catalogue::load(folder.dir, &skipped);
    if (!skipped.empty()) throw std::runtime_error("test scenario skipped: " + skipped.front());
    return loaded;
  }();
  return catalogue;
}

serve::Limits TestServer::default_limits() {
  serve::Limits limits;
  limits.max_running = 4;
  limits.keepalive = std::chrono::milliseconds(200);
  // Every test client is 127.0.0.1: tests of the server-wide limits must not
  // meet the per-client ones first (these have their own test).
  limits.max_sessions_per_client = limits.max_sessions;
  limits.max_streams_per_client = limits.max_streams;
  return limits;
}

serve::ConnectionLimits TestServer::default_connections() {
  serve::ConnectionLimits connections;
  connections.per_address = 1000;
  return connections;
}

TestServer::TestServer(serve::Limits limits, std::filesystem::path page,
                       serve::ConnectionLimits connections) {
  serve::ServerOptions options;
  options.limits = limits;
  options.connections = connections;
  options.page_dir = page.empty() ? std::filesystem::temp_directory_path() / "wfsim_no_page" : page;
  server_ = std::make_unique<serve::WorkshopServer>(serve_catalogue(), options);
  port_ = server_->bind("127.0.0.1", 0);
  thread_ = std::thread([this] { server_->run(); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server_->running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (!server_->running()) throw std::runtime_error("the test server did not start");
}

TestServer::~TestServer() {
  server_->stop();
  thread_.join();
}

std::unique_ptr<httplib::Client> TestServer::client() const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client->set_read_timeout(30, 0);
  return client;
}

JsonResponse request(httplib::Client& client, const std::string& method, const std::string& path,
                     const std::string& body) {
  httplib::Result result = method == "GET"      ? client.Get(path.c_str())
                           : method == "DELETE" ? client.Delete(path.c_str())
                           : method == "PUT"    ? client.Put(path.c_str(), body, "application/json")
                           : method == "PATCH"
                               ? client.Patch(path.c_str(), body, "application/json")
                               : client.Post(path.c_str(), body, "application/json");
  if (!result)
    throw std::runtime_error(method + " " + path + ": " + httplib::to_string(result.error()));
  JsonResponse response;
  response.status = result->status;
  response.text = result->body;
  response.allow = result->get_header_value("Allow");
  response.body = nlohmann::json::parse(result->body, nullptr, false);
  if (response.body.is_discarded()) response.body = nullptr;
  return response;
}

JsonResponse get(httplib::Client& client, const std::string& path) {
  return request(client, "GET", path);
}

JsonResponse post(httplib::Client& client, const std::string& path, const nlohmann::json& body) {
  return request(client, "POST", path, body.dump());
}

nlohmann::json create_session(httplib::Client& client, const nlohmann::json& body) {
  const JsonResponse response = post(client, "/api/sessions", body);
  if (response.status != 201)
    throw std::runtime_error("POST /api/sessions: " + std::to_string(response.status) + " " +
                             response.text);
  return response.body;
}

nlohmann::json control(httplib::Client& client, const std::string& id, const nlohmann::json& body) {
  const JsonResponse response = post(client, "/api/sessions/" + id + "/control", body);
  if (response.status != 200)
    throw std::runtime_error("control " + body.dump() + ": " + std::to_string(response.status) +
                             " " + response.text);
  return response.body;
}

nlohmann::json wait_for(httplib::Client& client, const std::string& id,
                        const std::function<bool(const nlohmann::json&)>& done,
                        std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  nlohmann::json session;
  for (;;) {
    session = get(client, "/api/sessions/" + id).body;
    if (done(session) || std::chrono::steady_clock::now() > deadline) return session;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

EventReader::EventReader(int port, const std::string& path, httplib::Headers headers) {
  thread_ = std::thread([this, port, path, headers] {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    // Decoded here rather than by httplib, so that the bytes on the wire can
    // be counted too.
    client.set_decompress(false);
    z_stream inflater{};
    inflateInit2(&inflater, 15 + 16);  // gzip
    bool gzip = false;
    const auto result = client.Get(
        path.c_str(), headers,
        [this, &gzip](const httplib::Response& response) {
          {
            const std::lock_guard lock(mutex_);
            encoding_ = response.get_header_value("Content-Encoding");
            gzip = encoding_ == "gzip";
          }
          status_.store(response.status);
          return true;
        },
        [this, &gzip, &inflater](const char* data, std::size_t size) {
          wire_bytes_ += size;
          if (!gzip) {
            bytes_ += size;
            parse(data, size);
            return !stop_.load();
          }
          inflater.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
          inflater.avail_in = static_cast<uInt>(size);
          std::array<char, 65536> out{};
          while (inflater.avail_in > 0) {
            inflater.next_out = reinterpret_cast<Bytef*>(out.data());
            inflater.avail_out = static_cast<uInt>(out.size());
            const int status = inflate(&inflater, Z_NO_FLUSH);
            const std::size_t produced = out.size() - inflater.avail_out;
            bytes_ += produced;
            parse(out.data(), produced);
            if (status != Z_OK) break;
          }
          return !stop_.load();
        });
    inflateEnd(&inflater);
    (void)result;
  });
}

std::string EventReader::content_encoding() const {
  const std::lock_guard lock(mutex_);
  return encoding_;
}

EventReader::~EventReader() {
  stop();
}

void EventReader::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

void EventReader::parse(const char* data, std::size_t size) {
  const std::lock_guard lock(mutex_);
  pending_.append(data, size);
  for (std::size_t end; (end = pending_.find("\n\n")) != std::string::npos;) {
    const std::string block = pending_.substr(0, end);
    pending_.erase(0, end + 2);
    Event event;
    std::istringstream lines(block);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind(":", 0) == 0) event.name = "comment";
      if (line.rfind("event: ", 0) == 0) event.name = line.substr(7);
      if (line.rfind("data: ", 0) == 0) event.data = nlohmann::json::parse(line.substr(6));
    }
    events_.push_back(std::move(event));
  }
}

bool EventReader::wait_until(const std::function<bool(const std::vector<Event>&)>& done,
                             std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done(events())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done(events());
}

std::vector<Event> EventReader::events() const {
  const std::lock_guard lock(mutex_);
  return events_;
}

long resident_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

}  // namespace wfsim::test
