#include "cli/whole_number.hpp"

#include <fmt/format.h>

#include <charconv>
#include <string>

namespace wfsim::cli {

CLI::Validator whole_number(std::int64_t min, std::int64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        std::int64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        if (error == std::errc() && stop == end && value >= min && value <= max) return {};
        return fmt::format("'{}' is not a whole number from {} to {}", text, min, max);
      },
      fmt::format("INT in [{} - {}]", min, max));
}

}  // namespace wfsim::cli
