// An organisation's conditions vary from one year to the next beyond its
// persistent traits (a new director, an inspection, a reorganisation, a
// neighbour's pay rise): the published returns show an authority's turnover
// correlating only about 0.4 with its own previous year, although its level
// differs persistently from others'. A process that models this multiplies an
// organisation's rate by one lognormal factor per organisation and year.
#pragma once

#include <cmath>
#include <cstdint>

#include "sim/context.hpp"

namespace wfsim {

inline constexpr int kWeeksPerModelYear = 52;

/// The factor for organisation `org` in the model year holding this week
/// (weeks 52y to 52y + 51): exp(sd z - sd^2 / 2), z standard normal from a
/// stream keyed by the organisation's stable name and the year, so it is
/// the same for every post and week of that year and has mean 1. Exactly 1
/// when sd is 0, without a draw.
class YearlyVariation {
 public:
  YearlyVariation(Purpose purpose, double sd) : purpose_(purpose), sd_(sd) {}

  bool active() const { return sd_ > 0.0; }

  double factor(const WeekContext& context, std::uint32_t org) const {
    if (!active()) return 1.0;
    const PurposeKey key(context.seed(), static_cast<std::uint32_t>(context.replicate()), purpose_);
    RandomStream draw(key, context.world().orgs.identity[org],
                      static_cast<std::uint32_t>(context.week() / kWeeksPerModelYear));
    return std::exp(sd_ * draw.normal() - 0.5 * sd_ * sd_);
  }

 private:
  Purpose purpose_;
  double sd_;
};

}  // namespace wfsim
