#include "server/room.hpp"

#include <fmt/format.h>

#include <random>

#include "server/api_error.hpp"

namespace wfsim::serve {

namespace {

/// 128 bits from the operating system's random source, as hex.
std::string new_token() {
  std::random_device device;
  std::string token;
  for (int word = 0; word < 4; ++word) token += fmt::format("{:08x}", device());
  return token;
}

/// Compares every byte whatever the first difference, so the time a wrong
/// token takes does not tell a guesser how much of it was right.
bool same_secret(const std::string& given, const std::string& secret) {
  if (given.size() != secret.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < secret.size(); ++i)
    difference |= static_cast<unsigned char>(given[i] ^ secret[i]);
  return difference == 0;
}

}  // namespace

Room::Room() : token_(new_token()) {}

void Room::check_facilitator(const std::string& authorization) const {
  static const std::string kScheme = "Bearer ";
  if (authorization.rfind(kScheme, 0) != 0 ||
      !same_secret(authorization.substr(kScheme.size()), token_)) {
    throw ApiError(401,
                   "the facilitator's requests need the header 'Authorization: Bearer TOKEN' "
                   "with the token the server printed when it started",
                   "This facilitator link is not valid for this server (the server prints the "
                   "right one when it starts).");
  }
}

void Room::set_addresses(std::vector<std::string> addresses) {
  const std::lock_guard lock(mutex_);
  addresses_ = std::move(addresses);
}

void Room::set_scenario(std::optional<std::string> scenario) {
  const std::lock_guard lock(mutex_);
  scenario_ = std::move(scenario);
}

nlohmann::json Room::to_json() const {
  const std::lock_guard lock(mutex_);
  return {{"scenario", scenario_ ? nlohmann::json(*scenario_) : nlohmann::json(nullptr)},
          {"addresses", addresses_}};
}

}  // namespace wfsim::serve
