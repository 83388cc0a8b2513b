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
  // Rows list neighbours in increasing order (deterministic and cache
  // friendly), parallel ties in tie order. A stable counting pass by target,
  // then Boost's multi-pass construction, which places edges row by row in
  // the order given (a stable bucketing by source): linear in the edges,
  // where a comparison sort was the largest part of building the graph.
  std::vector<std::size_t> start(std::size_t{posts} + 1, 0);
  for (const auto& end : ends) ++start[end.second + 1];
  for (std::size_t node = 0; node < posts; ++node) start[node + 1] += start[node];
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_target(ends.size());
  std::vector<EdgeAttributes> attributes_by_target(ends.size());
  for (std::size_t i = 0; i < ends.size(); ++i) {
    const std::size_t place = start[ends[i].second]++;
    by_target[place] = ends[i];
    attributes_by_target[place] = attributes[i];
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
