#include "server/request_checks.hpp"

#include <arpa/inet.h>
#include <httplib.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "server/api_error.hpp"

namespace wfsim::serve {

namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The host of "host", "host:port", "[v6]" or "[v6]:port".
std::string host_part(const std::string& authority) {
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    return close == std::string::npos ? authority : authority.substr(1, close - 1);
  }
  return authority.substr(0, authority.find(':'));
}

bool is_ip_literal(const std::string& host) {
  unsigned char address[16];
  return inet_pton(AF_INET, host.c_str(), address) == 1 ||
         inet_pton(AF_INET6, host.c_str(), address) == 1;
}

// An IP literal cannot be re-pointed by DNS; localhost and the names the
// facilitator allowed are this machine by their choice.
bool host_allowed(const std::string& host, const HostPolicy& policy) {
  const std::string name = lowercase(host);
  return is_ip_literal(name) || name == "localhost" ||
         std::find(policy.allowed_names.begin(), policy.allowed_names.end(), name) !=
             policy.allowed_names.end();
}

bool is_json(const std::string& content_type) {
  std::string type = lowercase(content_type.substr(0, content_type.find(';')));
  type.erase(std::remove(type.begin(), type.end(), ' '), type.end());
  return type == "application/json";
}

}  // namespace

void check_request(const httplib::Request& request, const HostPolicy& policy) {
  const std::string host = request.get_header_value("Host");
  if (!host.empty() && !host_allowed(host_part(host), policy)) {
    throw ApiError(403, fmt::format("this server answers to its IP address or localhost, not to "
                                    "'{}' (hint: open the address wfsim serve printed, or start "
                                    "it with --allow-host {})",
                                    host, host_part(host)));
  }
  if (request.has_header("Origin")) {
    // "scheme://host[:port]", or "null" from sandboxed and file pages.
    const std::string origin = request.get_header_value("Origin");
    const std::size_t scheme = origin.find("://");
    const std::string authority =
        scheme == std::string::npos ? std::string() : origin.substr(scheme + 3);
    if (lowercase(authority) != lowercase(host)) {
      throw ApiError(403, fmt::format("a page from {} may not use this server (hint: open the "
                                      "workshop page from this server's own address)",
                                      origin));
    }
  }
  const bool has_body =
      request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
  if (has_body && request.path.rfind("/api/", 0) == 0 &&
      !is_json(request.get_header_value("Content-Type"))) {
    throw ApiError(415,
                   "the request body must be JSON, sent with Content-Type: application/json "
                   "(hint: see docs/workshop_api.md)");
  }
}

}  // namespace wfsim::serve
