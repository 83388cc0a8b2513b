// Sums over a post's contacts this week, weighted by contact hours: the one
// way processes read their neighbours. They are computed in the week's one
// walk of the graph: as the contact process works out each edge's contact
// this week, NeighbourSumsWriter::walk adds up, in the same loop, what the
// week's processes read of the post's contacts, and stores it in the state's
// near_* columns (declared in their access()): last week's burnout of its
// contacts (burnout's crossover) and which of them used each evidence item
// (uptake's imitation). On the implicit complete graph the sums come from
// totals over everyone present.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/context.hpp"

namespace wfsim {

/// Which sums the week's processes read (contact always: the others divide by it).
struct NeighbourNeeds {
  bool burnout = false;  ///< near_burnout: sum of contact x last week's burnout
  bool users = false;    ///< near_users, near_user_count: per evidence item, its users
};

/// Contact-weighted mean of a value from its sums (0 without contact).
inline double contact_weighted_mean(double weighted, double contact) {
  return contact > 0.0 ? weighted / contact : 0.0;
}

/// Items summed per pass over a row: one byte of indicator bits per contact.
inline constexpr std::size_t kItemsPerPass = 8;

/// Writes each post's sums over its contacts (near_contact and what `needs`
/// asks for). Construct once a week before the walk; then walk(post, f) or,
/// on the complete graph, write(post), from any thread.
///
/// For a present post: near_contact = sum of this week's contact over its
/// stored edges (every layer, supervision included) plus its present
/// hot-desk partners' hours; near_burnout = the same sum of contact x the
/// contact's burnout last week; near_users[item] = the same sum of contact x
/// (the contact used the item last week); near_user_count[item] = distinct
/// users with positive contact (parallel ties of several layers count once),
/// plus present hot-desk partners who use it. An absent or vacant post's
/// sums are 0. Sums are in double, edge by edge in row order, then partners.
class NeighbourSumsWriter {
 public:
  NeighbourSumsWriter(WeekContext& context, NeighbourNeeds needs);

  /// The post's sums, in the walk that sets its row's contacts: f(add) must
  /// call add(other, contact) for each edge of the post's row, in row order,
  /// and set the post's hot-desk partners for the week; then the partners
  /// are added and the sums stored. Without needs, f(add) still runs, and
  /// add does nothing.
  template <class RowWalk>
  void walk(std::uint32_t post, RowWalk&& f) const;

  /// The post's sums on the complete graph, from totals over everyone
  /// present (nothing without needs).
  void write(std::uint32_t post) const;

 private:
  template <bool Burnout, std::size_t Count>
  class RowSums;

  template <bool Burnout, std::size_t Count, class RowWalk>
  void walk_with(std::uint32_t post, RowWalk& f) const;
  template <bool Burnout, class RowWalk>
  void walk_items(std::uint32_t post, std::size_t count, RowWalk& f) const;
  void walk_later_passes(std::uint32_t post) const;
  void write_absent(std::uint32_t post) const;

  WeekContext& context_;
  NeighbourNeeds needs_;
  std::size_t items_ = 0;
  // Complete graph: totals over everyone present.
  double present_ = 0.0;
  double burnout_total_ = 0.0;
  std::vector<double> users_total_;
};

// Items 2j and 2j + 1 of a contact's bits as 0/1 doubles, by (bits >> 2j) & 3.
namespace detail {
using DoublePair = double __attribute__((vector_size(16)));
inline constexpr DoublePair kBitPairs[4] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
}  // namespace detail

// One post's sums for items [first, first + Count), edge by edge. Without
// branches on the bits or the contact, which are unpredictable: contact is
// never negative, so a tie without contact adds +0 to every sum, and adding
// contact x 0 for an item not used does the same.
template <bool Burnout, std::size_t Count>
class NeighbourSumsWriter::RowSums {
 public:
  RowSums(const ReplicateState& s, const std::uint8_t* bits)
      : last_burnout_(s.burnout.previous.data()), bits_(bits) {}

  /// An edge of the row, in row order. Rows are sorted by neighbour, so
  /// parallel ties (several layers) are adjacent and count once.
  void edge(std::uint32_t other, float contact) {
    const bool live = contact > 0.f;
    const bool first_tie = live & (other != last_counted_);
    last_counted_ = live ? other : last_counted_;
    add(other, contact, first_tie);
  }
  /// The post's hot-desk partners at work this week, a layer drawn weekly
  /// outside the graph (after the row's edges).
  void partners(const ReplicateState& s, std::uint32_t post) {
    for (std::size_t k = 0; k < kHotDeskPartners; ++k) {
      const std::uint32_t other = s.desk_partner[post * kHotDeskPartners + k];
      if (other == kNoPost || !s.present[other]) continue;
      add(other, s.desk_partner_hours[post * kHotDeskPartners + k], true);
    }
  }

  /// Stores the sums of items [first_item, first_item + count), count <= Count
  /// (and the contact and burnout sums with the first items).
  void store(ReplicateState& s, std::uint32_t post, std::size_t posts, std::size_t first_item,
             std::size_t count = Count) const {
    if (first_item == 0) {
      s.near_contact[post] = contact_;
      if constexpr (Burnout) s.near_burnout[post] = burnout_;
    }
    for (std::size_t i = 0; i < std::min(count, Count); ++i) {
      s.near_users[(first_item + i) * posts + post] = users_[i / 2][i % 2];
      s.near_user_count[(first_item + i) * posts + post] =
          static_cast<std::uint32_t>(counts_[i / 2][i % 2]);
    }
  }

 private:
  static constexpr std::size_t kPairs = (Count + 1) / 2;

  void add(std::uint32_t other, float contact, bool count_user) {
    const double hours = contact;
    contact_ += hours;
    if constexpr (Burnout) burnout_ += hours * double{last_burnout_[other]};
    if constexpr (Count > 0) {
      const double counted = count_user;
      const std::uint8_t used = bits_[other];
      for (std::size_t j = 0; j < kPairs; ++j) {
        const detail::DoublePair on = detail::kBitPairs[used >> (2 * j) & 3u];
        users_[j] += hours * on;
        counts_[j] += counted * on;
      }
    }
  }

  const float* last_burnout_;
  const std::uint8_t* bits_;
  std::uint32_t last_counted_ = kNoPost;
  double contact_ = 0.0;
  double burnout_ = 0.0;
  std::array<detail::DoublePair, kPairs> users_{};
  std::array<detail::DoublePair, kPairs> counts_{};  // counts, exact in a double
};

template <class RowWalk>
void NeighbourSumsWriter::walk(std::uint32_t post, RowWalk&& f) const {
  if ((!needs_.burnout && items_ == 0) || !context_.state().present[post]) {
    f([](std::uint32_t, float) {});
    if (needs_.burnout || items_ > 0) write_absent(post);
    return;
  }
  const std::size_t first_pass = std::min(items_, kItemsPerPass);
  if (needs_.burnout) {
    walk_items<true>(post, first_pass, f);
  } else {
    walk_items<false>(post, first_pass, f);
  }
  walk_later_passes(post);
}

// With the item count known at compile time, so that the sums stay in
// registers and the loops over items unroll.
template <bool Burnout, class RowWalk>
void NeighbourSumsWriter::walk_items(std::uint32_t post, std::size_t count, RowWalk& f) const {
  switch (count) {
    case 0:
      return walk_with<Burnout, 0>(post, f);
    case 1:
      return walk_with<Burnout, 1>(post, f);
    case 2:
      return walk_with<Burnout, 2>(post, f);
    case 3:
      return walk_with<Burnout, 3>(post, f);
    case 4:
      return walk_with<Burnout, 4>(post, f);
    case 5:
      return walk_with<Burnout, 5>(post, f);
    case 6:
      return walk_with<Burnout, 6>(post, f);
    case 7:
      return walk_with<Burnout, 7>(post, f);
    default:
      return walk_with<Burnout, kItemsPerPass>(post, f);
  }
}

template <bool Burnout, std::size_t Count, class RowWalk>
void NeighbourSumsWriter::walk_with(std::uint32_t post, RowWalk& f) const {
  ReplicateState& s = context_.state();
  RowSums<Burnout, Count> sums(s, s.indicator_bits.data());
  f([&sums](std::uint32_t other, float contact) { sums.edge(other, contact); });
  sums.partners(s, post);
  sums.store(s, post, context_.world().posts.size(), 0);
}

}  // namespace wfsim
