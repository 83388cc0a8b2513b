#include "server/request_fields.hpp"

#include <fmt/format.h>

#include <limits>

#include "server/api_error.hpp"

namespace wfsim::serve {

std::uint64_t seed_field(const nlohmann::json& body, std::uint64_t fallback) {
  const auto given = body.find("seed");
  if (given == body.end()) return fallback;
  // The engine's seeds are signed 64-bit on the command line, so the page
  // cannot choose one that `wfsim run --seed` could not repeat.
  constexpr auto kMaxSeed = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  const bool whole = given->is_number_unsigned() ||
                     (given->is_number_integer() && given->get<std::int64_t>() >= 0);
  if (!whole || given->get<std::uint64_t>() > kMaxSeed) {
    throw ApiError(400,
                   fmt::format("'seed' must be a whole number from 0 to {}, got {} (hint: leave "
                               "it out for the scenario's own seed)",
                               kMaxSeed, given->dump()),
                   "The seed must be a whole number (0 or more).");
  }
  return given->get<std::uint64_t>();
}

int runs_field(const nlohmann::json& body, int fallback, int most) {
  const auto given = body.find("runs");
  if (given == body.end()) return fallback;
  if (!given->is_number_integer() || given->get<std::int64_t>() < 1 ||
      given->get<std::int64_t>() > most) {
    throw ApiError(400,
                   fmt::format("'runs' must be a whole number from 1 to {}, got {} (hint: "
                               "\"runs\": 10)",
                               most, given->dump()),
                   fmt::format("The number of runs must be from 1 to {}.", most));
  }
  return static_cast<int>(given->get<std::int64_t>());
}

}  // namespace wfsim::serve
