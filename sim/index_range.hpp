// A contiguous range of indices (posts, teams, organisations).
#pragma once

#include <cstdint>

namespace wfsim {

/// A contiguous index range [first, first + count).
struct IndexRange {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  std::uint32_t end() const { return first + count; }
};

}  // namespace wfsim
