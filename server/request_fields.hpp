// Fields of API request bodies shared by several requests, each checked with
// a 400 that names the field and gives a hint.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>

namespace wfsim::serve {

/// body["seed"]: a whole number from 0 to 2^63 - 1; `fallback` if absent.
std::uint64_t seed_field(const nlohmann::json& body, std::uint64_t fallback);

/// body["runs"]: a whole number from 1 to `most`; `fallback` if absent.
int runs_field(const nlohmann::json& body, int fallback, int most);

}  // namespace wfsim::serve
