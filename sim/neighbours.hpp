// Sums over a post's contacts this week, weighted by contact hours: the one
// way processes read their neighbours. On a workplace graph it walks the CSR
// row and this week's hot-desk neighbours; on the implicit complete graph it
// uses totals over everyone present.
#pragma once

#include <cstdint>

#include "context.hpp"

namespace wfsim {

struct NeighbourSum {
  double contact = 0.0;        ///< total contact hours with present contacts
  double weighted = 0.0;       ///< sum of contact x value
  std::uint32_t positive = 0;  ///< distinct present contacts whose value is > 0

  /// Contact-weighted mean of the value (0 without contact).
  double mean() const { return contact > 0.0 ? weighted / contact : 0.0; }
};

/// Neighbour sums of `value(post)` (a double) for one phase. Construct once
/// (serially) before the parallel loop, then call at(post) from any thread.
template <class Value>
class NeighbourSums {
 public:
  NeighbourSums(const WeekContext& context, Value value) : context_(context), value_(value) {
    const World& world = context.world();
    if (!world.graph.is_complete()) return;
    const ReplicateState& s = context.state();
    for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
      if (!s.present[post]) continue;
      present_ += 1.0;
      const double v = value_(post);
      total_ += v;
      if (v > 0.0) positive_ += 1;
    }
  }

  NeighbourSum at(std::uint32_t post) const {
    const World& world = context_.world();
    const ReplicateState& s = context_.state();
    NeighbourSum sum;
    if (!s.present[post]) return sum;
    if (world.graph.is_complete()) {
      const double own = value_(post);
      sum.contact = present_ - 1.0;
      sum.weighted = total_ - own;
      sum.positive = positive_ - (own > 0.0 ? 1 : 0);
      return sum;
    }
    std::uint32_t last_counted = kNoPost;
    world.graph.for_each_edge(post,
                              [&](std::uint32_t other, std::size_t edge, const EdgeAttributes&) {
                                const float contact = s.edge_contact[edge];
                                if (contact <= 0.f) return;
                                const double v = value_(other);
                                sum.contact += contact;
                                sum.weighted += contact * v;
                                // Rows are sorted by neighbour, so parallel ties (several layers)
                                // are adjacent.
                                if (v > 0.0 && other != last_counted) {
                                  ++sum.positive;
                                  last_counted = other;
                                }
                              });
    // This week's hot-desk neighbours, a layer drawn weekly outside the graph.
    for (std::size_t k = 0; k < kHotDeskPartners; ++k) {
      const std::uint32_t other = s.desk_partner[post * kHotDeskPartners + k];
      if (other == kNoPost || !s.present[other]) continue;
      const double v = value_(other);
      sum.contact += s.desk_partner_hours[post * kHotDeskPartners + k];
      sum.weighted += s.desk_partner_hours[post * kHotDeskPartners + k] * v;
      if (v > 0.0) ++sum.positive;
    }
    return sum;
  }

 private:
  const WeekContext& context_;
  Value value_;
  double present_ = 0.0;
  double total_ = 0.0;
  std::uint32_t positive_ = 0;
};

}  // namespace wfsim
