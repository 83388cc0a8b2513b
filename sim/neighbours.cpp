#include "sim/neighbours.hpp"

#include <algorithm>

namespace wfsim {

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
  if (!needs_.burnout && items_ == 0) return;
  if (!context_.state().present[post]) return write_absent(post);
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

void NeighbourSumsWriter::write_absent(std::uint32_t post) const {
  ReplicateState& s = context_.state();
  const std::size_t posts = context_.world().posts.size();
  s.near_contact[post] = 0.0;
  if (needs_.burnout) s.near_burnout[post] = 0.0;
  for (std::size_t item = 0; item < items_; ++item) {
    s.near_users[item * posts + post] = 0.0;
    s.near_user_count[item * posts + post] = 0;
  }
}

// Items beyond the first eight (rare): a pass over the row each, reading back
// the contacts the walk has just set.
void NeighbourSumsWriter::walk_later_passes(std::uint32_t post) const {
  const World& world = context_.world();
  ReplicateState& s = context_.state();
  const std::size_t posts = world.posts.size();
  for (std::size_t first = kItemsPerPass; first < items_; first += kItemsPerPass) {
    RowSums<false, kItemsPerPass> sums(s, s.indicator_bits.data() + first / kItemsPerPass * posts);
    world.graph.for_each_edge(post,
                              [&](std::uint32_t other, std::size_t edge, const EdgeAttributes&) {
                                sums.edge(other, s.edge_contact[edge]);
                              });
    sums.partners(s, post);
    sums.store(s, post, posts, first, items_ - first);
  }
}

}  // namespace wfsim
