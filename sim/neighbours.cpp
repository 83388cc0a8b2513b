#include "sim/neighbours.hpp"

#include <algorithm>

namespace wfsim {

namespace {

// Indicators 2j and 2j + 1 of a post's bits as 0/1 doubles, by (bits >> 2j) & 3.
using DoublePair = double __attribute__((vector_size(16)));
constexpr DoublePair kBitPairs[4] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};

}  // namespace

NeighbourSumsWriter::NeighbourSumsWriter(WeekContext& context, NeighbourNeeds needs)
    : context_(context), needs_(needs), items_(needs.users ? context.world().evidence.size() : 0) {
  const World& world = context.world();
  ReplicateState& s = context.state();
  const std::size_t posts = world.posts.size();
  if (items_ > 0) {
    // One byte per post and pass of up to eight items: whether it used each
    // item last week. Read once per tie rather than a scattered column per item.
    const UptakeState* last_week = s.uptake.previous.data();
    std::uint8_t* bits = s.indicator_bits.data();
    const std::size_t items = items_;
    context.for_each_post([&](std::uint32_t post) {
      for (std::size_t first = 0; first < items; first += kItemsPerPass) {
        std::uint8_t byte = 0;
        for (std::size_t i = 0; first + i < items && i < kItemsPerPass; ++i)
          byte |= static_cast<std::uint8_t>(
              uses_evidence(last_week[(first + i) * posts + post]) ? 1u << i : 0u);
        bits[first / kItemsPerPass * posts + post] = byte;
      }
    });
  }
  if (!world.graph.is_complete()) return;
  users_total_.assign(items_, 0.0);  // the complete graph only: a limiting case
  for (std::uint32_t post = 0; post < posts; ++post) {
    if (!s.present[post]) continue;
    present_ += 1.0;
    if (needs_.burnout) burnout_total_ += double{s.burnout.previous[post]};
    for (std::size_t item = 0; item < items_; ++item)
      users_total_[item] += uses_evidence(s.uptake.previous[item * posts + post]) ? 1.0 : 0.0;
  }
}

void NeighbourSumsWriter::write(std::uint32_t post) const {
  ReplicateState& s = context_.state();
  const std::size_t posts = context_.world().posts.size();
  if (!s.present[post]) {
    s.near_contact[post] = 0.0;
    if (needs_.burnout) s.near_burnout[post] = 0.0;
    for (std::size_t item = 0; item < items_; ++item) {
      s.near_users[item * posts + post] = 0.0;
      s.near_user_count[item * posts + post] = 0;
    }
    return;
  }
  if (context_.world().graph.is_complete()) return write_complete(post);
  const std::size_t first_pass = std::min(items_, kItemsPerPass);
  if (needs_.burnout) {
    walk_items<true>(post, 0, first_pass);
  } else {
    walk_items<false>(post, 0, first_pass);
  }
  for (std::size_t first = kItemsPerPass; first < items_; first += kItemsPerPass)
    walk_items<false>(post, first, std::min(items_ - first, kItemsPerPass));
}

void NeighbourSumsWriter::write_complete(std::uint32_t post) const {
  ReplicateState& s = context_.state();
  const std::size_t posts = context_.world().posts.size();
  s.near_contact[post] = present_ - 1.0;
  if (needs_.burnout) s.near_burnout[post] = burnout_total_ - double{s.burnout.previous[post]};
  for (std::size_t item = 0; item < items_; ++item) {
    const unsigned own = uses_evidence(s.uptake.previous[item * posts + post]) ? 1u : 0u;
    s.near_users[item * posts + post] = users_total_[item] - own;
    s.near_user_count[item * posts + post] = static_cast<std::uint32_t>(users_total_[item]) - own;
  }
}

// The walk with the item count known at compile time, so that the sums stay
// in registers and the loops over items unroll.
template <bool Burnout>
void NeighbourSumsWriter::walk_items(std::uint32_t post, std::size_t first_item,
                                     std::size_t count) const {
  switch (count) {
    case 0:
      return walk_row<Burnout, 0>(post, first_item);
    case 1:
      return walk_row<Burnout, 1>(post, first_item);
    case 2:
      return walk_row<Burnout, 2>(post, first_item);
    case 3:
      return walk_row<Burnout, 3>(post, first_item);
    case 4:
      return walk_row<Burnout, 4>(post, first_item);
    case 5:
      return walk_row<Burnout, 5>(post, first_item);
    case 6:
      return walk_row<Burnout, 6>(post, first_item);
    case 7:
      return walk_row<Burnout, 7>(post, first_item);
    default:
      return walk_row<Burnout, kItemsPerPass>(post, first_item);
  }
}

template <bool Burnout, std::size_t Count>
void NeighbourSumsWriter::walk_row(std::uint32_t post, std::size_t first_item) const {
  static_assert(Count <= kItemsPerPass);
  const World& world = context_.world();
  ReplicateState& s = context_.state();
  const std::size_t posts = world.posts.size();
  constexpr std::size_t kPairs = (Count + 1) / 2;
  double contact_sum = 0.0;
  double burnout_sum = 0.0;
  std::array<DoublePair, kPairs> users{};
  std::array<DoublePair, kPairs> counts{};  // counts, exact in a double
  const float* last_burnout = s.burnout.previous.data();
  const std::uint8_t* bits = s.indicator_bits.data() + first_item / kItemsPerPass * posts;
  // Without branches on the bits or the contact, which are unpredictable.
  // Contact is never negative, so a tie without contact adds +0 to every
  // sum; adding contact x 0 for an item not used does the same.
  const auto add = [&](std::uint32_t other, float contact, bool count_user) {
    const double hours = contact;
    contact_sum += hours;
    if constexpr (Burnout) burnout_sum += hours * double{last_burnout[other]};
    if constexpr (Count > 0) {
      const double counted = count_user;
      const std::uint8_t used = bits[other];
      for (std::size_t j = 0; j < kPairs; ++j) {
        const DoublePair on = kBitPairs[used >> (2 * j) & 3u];
        users[j] += hours * on;
        counts[j] += counted * on;
      }
    }
  };
  const float* edge_contact = s.edge_contact.data();
  std::uint32_t last_counted = kNoPost;
  world.graph.for_each_edge(post,
                            [&](std::uint32_t other, std::size_t edge, const EdgeAttributes&) {
                              const float contact = edge_contact[edge];
                              const bool live = contact > 0.f;
                              // Rows are sorted by neighbour, so parallel ties (several layers) are
                              // adjacent.
                              const bool first_tie = live & (other != last_counted);
                              last_counted = live ? other : last_counted;
                              add(other, contact, first_tie);
                            });
  // This week's hot-desk neighbours, a layer drawn weekly outside the graph.
  for (std::size_t k = 0; k < kHotDeskPartners; ++k) {
    const std::uint32_t other = s.desk_partner[post * kHotDeskPartners + k];
    if (other == kNoPost || !s.present[other]) continue;
    add(other, s.desk_partner_hours[post * kHotDeskPartners + k], true);
  }
  if (first_item == 0) {
    s.near_contact[post] = contact_sum;
    if constexpr (Burnout) s.near_burnout[post] = burnout_sum;
  }
  for (std::size_t i = 0; i < Count; ++i) {
    s.near_users[(first_item + i) * posts + post] = users[i / 2][i % 2];
    s.near_user_count[(first_item + i) * posts + post] =
        static_cast<std::uint32_t>(counts[i / 2][i % 2]);
  }
}

}  // namespace wfsim
