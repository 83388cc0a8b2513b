// A process whose week is post by post: each post's work reads and writes
// only that post's entries, and reads other agents only from last week's
// buffers or from columns that no post-by-post process writes. Consecutive
// such processes can then share one pass over the posts, chunk by chunk,
// each doing a chunk before the next process does it, without changing any
// result: every post still sees them in phase order, and none reads what
// another post's work in the pass writes. The engine runs them so (the
// fused pass: a chunk's columns stay in cache from one process to the next).
#pragma once

#include "sim/context.hpp"
#include "sim/process.hpp"

namespace wfsim {

class PerPostProcess : public Process {
 public:
  bool steps_by_post() const final { return true; }
  /// The week on its own: every chunk of posts.
  void step(WeekContext& context) const final {
    context.for_each_post_chunk([&](IndexRange chunk) { step_posts(context, chunk); });
  }
  /// The week for posts [chunk.first, chunk.end()), in order.
  void step_posts(WeekContext& context, IndexRange chunk) const override = 0;
};

}  // namespace wfsim
