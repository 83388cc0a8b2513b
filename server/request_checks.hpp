// Checks every request passes before any route sees it: a browser on another
// site must not be able to drive the server (a cross-site form POST, or DNS
// rebinding, where another site's name comes to point at this machine).
#pragma once

#include <string>
#include <vector>

namespace httplib {
struct Request;
}

namespace wfsim::serve {

/// The host names the server answers to beside IP literals and localhost
/// (`wfsim serve --allow-host NAME`), e.g. a classroom laptop's mDNS name.
struct HostPolicy {
  std::vector<std::string> allowed_names;
};

/// Throws ApiError 403 unless the Host header names this server by an IP
/// address, localhost or an allowed name, and unless a present Origin header
/// is the same host and port (a page of this server); 415 unless a POST,
/// PUT or PATCH to the API declares a JSON body.
void check_request(const httplib::Request& request, const HostPolicy& policy);

}  // namespace wfsim::serve
