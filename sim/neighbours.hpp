// Sums over a post's contacts this week, weighted by contact hours: the one
// way processes read their neighbours. On a workplace graph it walks the CSR
// row and this week's hot-desk neighbours; on the implicit complete graph it
// uses totals over everyone present.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/context.hpp"

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

  /// As at(), but without `positive` (left 0) for phases that need only the
  /// mean: no branches per edge. Equal to at()'s contact and weighted, bit for
  /// bit, because adding a tie of zero contact adds +0 to each sum.
  NeighbourSum weighted_at(std::uint32_t post) const {
    const World& world = context_.world();
    const ReplicateState& s = context_.state();
    if (!s.present[post] || world.graph.is_complete()) {
      NeighbourSum sum = at(post);
      sum.positive = 0;
      return sum;
    }
    NeighbourSum sum;
    world.graph.for_each_edge(post,
                              [&](std::uint32_t other, std::size_t edge, const EdgeAttributes&) {
                                const float contact = s.edge_contact[edge];
                                sum.contact += contact;
                                sum.weighted += contact * value_(other);
                              });
    for (std::size_t k = 0; k < kHotDeskPartners; ++k) {
      const std::uint32_t other = s.desk_partner[post * kHotDeskPartners + k];
      if (other == kNoPost || !s.present[other]) continue;
      sum.contact += s.desk_partner_hours[post * kHotDeskPartners + k];
      sum.weighted += s.desk_partner_hours[post * kHotDeskPartners + k] * value_(other);
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

/// At most this many indicators are summed in one walk (NeighbourIndicatorSums).
inline constexpr std::size_t kMaxIndicators = 8;

struct IndicatorSums {
  double contact = 0.0;                           ///< as NeighbourSum::contact
  std::array<double, kMaxIndicators> weighted{};  ///< per indicator, sum of contact x value
  std::array<std::uint32_t, kMaxIndicators>
      positive{};  ///< per indicator, distinct contacts with it

  /// Contact-weighted share of contacts with indicator i (0 without contact).
  double mean(std::size_t i) const { return contact > 0.0 ? weighted[i] / contact : 0.0; }
};

/// Neighbour sums of up to kMaxIndicators 0/1 indicators (such as "uses
/// evidence item i") in one walk of the row rather than one walk each, reading
/// one byte of indicator bits per neighbour (built once a week) rather than
/// one scattered column per indicator. For every indicator the sums equal
/// NeighbourSums' of that indicator as a 0/1 double, bit for bit: the same
/// edges are added in the same order, and adding contact x 0 changes no sum.
class NeighbourIndicatorSums {
 public:
  /// `indicator(post, i)` gives indicator i (< count <= kMaxIndicators) of a
  /// post. The bits are kept in the state's `indicator_bits` column, so one
  /// object per replicate may exist at a time.
  template <class Indicator>
  NeighbourIndicatorSums(WeekContext& context, std::size_t count, Indicator indicator)
      : context_(context), count_(count), bits_(context.state().indicator_bits.data()) {
    // In parallel: this is a pass over every post each week.
    context.for_each_post([&](std::uint32_t post) {
      std::uint8_t bits = 0;
      for (std::size_t i = 0; i < count_; ++i)
        bits |= static_cast<std::uint8_t>(indicator(post, i) ? 1u << i : 0u);
      bits_[post] = bits;
    });
    const World& world = context.world();
    if (!world.graph.is_complete()) return;
    const ReplicateState& s = context.state();
    for (std::uint32_t post = 0; post < world.posts.size(); ++post) {
      if (!s.present[post]) continue;
      present_ += 1.0;
      for (std::size_t i = 0; i < count_; ++i) {
        if ((bits_[post] >> i & 1u) == 0) continue;
        total_[i] += 1.0;
        positive_[i] += 1;
      }
    }
  }

  IndicatorSums at(std::uint32_t post) const {
    // The walk with the count known at compile time, so that the sums stay
    // in registers and the loops over indicators unroll.
    switch (count_) {
      case 1:
        return at<1>(post);
      case 2:
        return at<2>(post);
      case 3:
        return at<3>(post);
      case 4:
        return at<4>(post);
      case 5:
        return at<5>(post);
      case 6:
        return at<6>(post);
      case 7:
        return at<7>(post);
      default:
        return at<kMaxIndicators>(post);
    }
  }

 private:
  // Indicators' sums in pairs, one pair per vector register.
  using DoublePair = double __attribute__((vector_size(16)));
  // Indicators 2j and 2j + 1 of a post's bits as 0/1 doubles, by (bits >> 2j) & 3.
  static constexpr DoublePair kBitPairs[4] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};

  template <std::size_t Count>
  IndicatorSums at(std::uint32_t post) const {
    static_assert(Count <= kMaxIndicators);
    const World& world = context_.world();
    const ReplicateState& s = context_.state();
    IndicatorSums sum;
    if (!s.present[post]) return sum;
    if (world.graph.is_complete()) {
      sum.contact = present_ - 1.0;
      for (std::size_t i = 0; i < Count; ++i) {
        const unsigned own = bits_[post] >> i & 1u;
        sum.weighted[i] = total_[i] - own;
        sum.positive[i] = positive_[i] - own;
      }
      return sum;
    }
    constexpr std::size_t kPairs = (Count + 1) / 2;
    double contact_sum = 0.0;
    std::array<DoublePair, kPairs> weighted{};
    std::array<DoublePair, kPairs> positive{};  // counts, exact in a double
    // Without branches on the bits or the contact, which are unpredictable.
    // Contact is never negative, so a tie without contact adds +0 to every
    // sum; adding contact x 0 for an indicator that is off does the same.
    const auto add = [&](std::uint8_t bits, float contact, bool count_positive) {
      const double hours = contact;
      const double counted = count_positive;
      contact_sum += hours;
      for (std::size_t j = 0; j < kPairs; ++j) {
        const DoublePair on = kBitPairs[bits >> (2 * j) & 3u];
        weighted[j] += hours * on;
        positive[j] += counted * on;
      }
    };
    const float* edge_contact = s.edge_contact.data();
    const std::uint8_t* bits = bits_;
    std::uint32_t last_counted = kNoPost;
    world.graph.for_each_edge(post,
                              [&](std::uint32_t other, std::size_t edge, const EdgeAttributes&) {
                                const float contact = edge_contact[edge];
                                const bool live = contact > 0.f;
                                // Rows are sorted by neighbour, so parallel ties (several layers)
                                // are adjacent.
                                const bool first_tie = live & (other != last_counted);
                                last_counted = live ? other : last_counted;
                                add(bits[other], contact, first_tie);
                              });
    // This week's hot-desk neighbours, a layer drawn weekly outside the graph.
    for (std::size_t k = 0; k < kHotDeskPartners; ++k) {
      const std::uint32_t other = s.desk_partner[post * kHotDeskPartners + k];
      if (other == kNoPost || !s.present[other]) continue;
      add(bits[other], s.desk_partner_hours[post * kHotDeskPartners + k], true);
    }
    sum.contact = contact_sum;
    for (std::size_t i = 0; i < Count; ++i) {
      sum.weighted[i] = weighted[i / 2][i % 2];
      sum.positive[i] = static_cast<std::uint32_t>(positive[i / 2][i % 2]);
    }
    return sum;
  }

  const WeekContext& context_;
  std::size_t count_;
  std::uint8_t* bits_;  ///< per post, bit i: indicator i (ReplicateState::indicator_bits)
  double present_ = 0.0;
  std::array<double, kMaxIndicators> total_{};
  std::array<std::uint32_t, kMaxIndicators> positive_{};
};

}  // namespace wfsim
