// The room a server serves: the addresses participants can type (for the
// page's "join" panel and QR code), the scenario the facilitator has chosen
// for everyone, and the facilitator's token, which the facilitator's
// requests must carry (Authorization: Bearer TOKEN).
#pragma once

#include <nlohmann/json.hpp>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace wfsim::serve {

class Room {
 public:
  /// A room with a fresh random token.
  Room();

  const std::string& token() const { return token_; }
  /// Throws ApiError 401 unless `authorization` is "Bearer " + token().
  void check_facilitator(const std::string& authorization) const;

  /// The addresses participants can open ("http://192.168.1.20:8080/").
  void set_addresses(std::vector<std::string> addresses);
  /// The card everyone's page opens with, or none.
  void set_scenario(std::optional<std::string> scenario);

  /// GET /api/room: {"scenario": ID or null, "addresses": [...]}.
  nlohmann::json to_json() const;

 private:
  const std::string token_;
  mutable std::mutex mutex_;
  std::vector<std::string> addresses_;
  std::optional<std::string> scenario_;
};

}  // namespace wfsim::serve
