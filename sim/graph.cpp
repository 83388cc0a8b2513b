#include "sim/graph.hpp"

#include <algorithm>
#include <utility>

namespace wfsim {

ContactGraph ContactGraph::from_ties(std::uint32_t posts, const std::vector<Tie>& ties) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ends;
  std::vector<EdgeAttributes> attributes;
  ends.reserve(2 * ties.size());
  attributes.reserve(2 * ties.size());
  for (const Tie& tie : ties) {
    ends.emplace_back(tie.a, tie.b);
    attributes.push_back(tie.attributes);
    ends.emplace_back(tie.b, tie.a);
    attributes.push_back(tie.attributes);
  }
  // Sort by (source, target) so each row lists neighbours in increasing order:
  // deterministic and cache-friendly. Stable for equal ends keeps tie order.
  std::vector<std::size_t> order(ends.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return ends[x] < ends[y]; });
  std::vector<std::pair<std::uint32_t, std::uint32_t>> sorted_ends(ends.size());
  std::vector<EdgeAttributes> sorted_attributes(ends.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    sorted_ends[i] = ends[order[i]];
    sorted_attributes[i] = attributes[order[i]];
  }
  ContactGraph graph;
  graph.nodes_ = posts;
  graph.csr_ = CsrGraph(boost::edges_are_sorted, sorted_ends.begin(), sorted_ends.end(),
                        sorted_attributes.begin(), posts);
  return graph;
}

ContactGraph ContactGraph::complete(std::uint32_t posts) {
  ContactGraph graph;
  graph.nodes_ = posts;
  graph.complete_ = true;
  graph.csr_ = CsrGraph(boost::edges_are_sorted,
                        static_cast<std::pair<std::uint32_t, std::uint32_t>*>(nullptr),
                        static_cast<std::pair<std::uint32_t, std::uint32_t>*>(nullptr), posts);
  return graph;
}

}  // namespace wfsim
