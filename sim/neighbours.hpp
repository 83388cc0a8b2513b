// Sums over a post's contacts this week, weighted by contact hours: the one
// way processes read their neighbours. They are computed in the week's one
// walk of the graph: the contact process sets a post's row of edge contacts
// and its hot-desk partners, then, while the row is still in cache,
// NeighbourSumsWriter::write(post) adds up what the week's processes read of
// that post's contacts into the state's near_* columns (declared in their
// access()): last week's burnout of its contacts (burnout's crossover) and
// which of them used each evidence item (uptake's imitation). On the
// implicit complete graph the sums come from totals over everyone present.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

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
/// asks for). Construct once a week before the walk; then write(post) from
/// any thread, once the post's edge contacts and hot-desk partners are set.
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

  void write(std::uint32_t post) const;

 private:
  // Indicators' sums in pairs, one pair per vector register.
  using DoublePair = double __attribute__((vector_size(16)));

  template <bool Burnout, std::size_t Count>
  void walk_row(std::uint32_t post, std::size_t first_item) const;
  template <bool Burnout>
  void walk_items(std::uint32_t post, std::size_t first_item, std::size_t count) const;
  void write_complete(std::uint32_t post) const;

  WeekContext& context_;
  NeighbourNeeds needs_;
  std::size_t items_ = 0;
  // Complete graph: totals over everyone present.
  double present_ = 0.0;
  double burnout_total_ = 0.0;
  std::vector<double> users_total_;
};

}  // namespace wfsim
