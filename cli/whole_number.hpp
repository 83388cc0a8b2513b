// Checking whole-number options exactly. CLI11 2.1 (Debian 12's) reads a
// number too large for the option's type as the type's largest value, so
// `--seed 9223372036854775808` ran with seed 2^63 - 1 instead of being refused.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>

namespace wfsim::cli {

/// A check that an option's argument is a whole number from `min` to `max`.
CLI::Validator whole_number(std::int64_t min, std::int64_t max);

}  // namespace wfsim::cli
