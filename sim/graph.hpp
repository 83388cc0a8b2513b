// The interaction graph: a multiplex of contact layers over posts, held as a
// Boost.Graph compressed sparse row graph (layer and weekly contact hours as
// edge properties). Posts are numbered organisation by organisation and team
// by team, so a team's edges point into a small contiguous block of memory.
//
// `graph.kind: complete` (everyone in equal contact with everyone, for
// limiting-case checks) is held implicitly: its sums over contacts are
// computed from totals in O(N) rather than over N^2 stored edges.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <span>
#include <vector>

namespace wfsim {

/// Contact layers (model.md "Interaction graph").
enum class Layer : std::uint8_t { team, supervision, desk, cross_team, learning };
inline constexpr int kLayerCount = 5;

/// A set of layers, as a bit mask.
using LayerMask = std::uint8_t;
constexpr LayerMask layer_bit(Layer layer) {
  return static_cast<LayerMask>(1u << static_cast<unsigned>(layer));
}
inline constexpr LayerMask kAllLayers = (1u << kLayerCount) - 1;

struct EdgeAttributes {
  float hours_per_week = 0.f;  ///< contact when both people are at work all week
  Layer layer = Layer::team;
  // Whether the tie joins people of different teams or organisations (0 or
  // 1): fixed, so kept here (in what would be padding) rather than looked up
  // each week.
  std::uint8_t crosses_team = 0;
  std::uint8_t crosses_org = 0;
};

using CsrGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeAttributes,
                                       boost::no_property, std::uint32_t, std::uint32_t>;

/// An undirected tie, stored as two directed CSR edges.
struct Tie {
  std::uint32_t a = 0, b = 0;
  EdgeAttributes attributes;
};

class ContactGraph {
 public:
  /// A graph from undirected ties over `posts` nodes.
  static ContactGraph from_ties(std::uint32_t posts, const std::vector<Tie>& ties);
  /// Everyone in contact with everyone (1 hour a week, team layer), held implicitly.
  static ContactGraph complete(std::uint32_t posts);

  bool is_complete() const { return complete_; }
  std::uint32_t node_count() const { return nodes_; }
  /// Directed edges stored (0 for the implicit complete graph).
  std::size_t edge_count() const { return complete_ ? 0 : boost::num_edges(csr_); }

  /// Calls f(neighbour, edge_index, attributes) for each stored edge out of `post`.
  template <class F>
  void for_each_edge(std::uint32_t post, F&& f) const {
    // Straight over the CSR arrays (public members of Boost's graph, as its
    // own free functions use them): Boost's edge iterators keep the row's end
    // on the stack, a load per edge in the neighbour phases' inner loops.
    const auto& rows = csr_.m_forward;
    const std::uint32_t* targets = rows.m_column.data();
    const EdgeAttributes* attributes = rows.m_edge_properties.data();
    const std::uint32_t last = rows.m_rowstart[post + 1];
    for (std::uint32_t edge = rows.m_rowstart[post]; edge < last; ++edge)
      f(targets[edge], std::size_t{edge}, attributes[edge]);
  }

 private:
  CsrGraph csr_;
  std::uint32_t nodes_ = 0;
  bool complete_ = false;
};

}  // namespace wfsim
