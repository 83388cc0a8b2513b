// The rota rule, shared by the rota process and interventions that change
// working patterns.
#pragma once

#include <cstdint>

#include "sim/state.hpp"

namespace wfsim::model {

/// Days worked in `week` under `pattern`: five, or four on a compressed week;
/// a nine-day fortnight takes its day off in alternate weeks, staggered by post
/// so that a team is not off together.
constexpr int rota_working_days(WorkingPattern pattern, int week, std::uint32_t post) {
  if (pattern == WorkingPattern::four_day_week) return 4;
  if (pattern == WorkingPattern::nine_day_fortnight &&
      (week + static_cast<int>(post % 2)) % 2 == 0) {
    return 4;
  }
  return 5;
}

}  // namespace wfsim::model
