#include "sim/graph.hpp"

#include <algorithm>
#include <utility>

namespace wfsim {

ContactGraph ContactGraph::from_ties(std::uint32_t posts, const std::vector<Tie>& ties) {
  // Each tie is two directed edges, a -> b then b -> a. Rows list neighbours
  // in increasing order (deterministic and cache friendly), parallel ties in
  // tie order: a stable counting pass by target here, then Boost's multi-pass
  // construction, which places edges row by row in the order given (a stable
  // bucketing by source). Linear in the edges, where a comparison sort was
  // the largest part of building the graph.
  std::vector<std::size_t> start(std::size_t{posts} + 1, 0);
  for (const Tie& tie : ties) {
    ++start[std::size_t{tie.b} + 1];
    ++start[std::size_t{tie.a} + 1];
  }
  for (std::size_t node = 0; node < posts; ++node) start[node + 1] += start[node];
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_target(2 * ties.size());
  std::vector<EdgeAttributes> attributes_by_target(2 * ties.size());
  const auto place = [&](std::uint32_t source, std::uint32_t target, const EdgeAttributes& tie) {
    const std::size_t slot = start[target]++;
    by_target[slot] = {source, target};
    attributes_by_target[slot] = tie;
  };
  for (const Tie& tie : ties) {
    place(tie.a, tie.b, tie.attributes);
    place(tie.b, tie.a, tie.attributes);
  }
  ContactGraph graph;
  graph.nodes_ = posts;
  graph.csr_ = CsrGraph(boost::edges_are_unsorted_multi_pass, by_target.begin(), by_target.end(),
                        attributes_by_target.begin(), posts);
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
