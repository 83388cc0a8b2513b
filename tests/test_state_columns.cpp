// The state's column table (sim/state.hpp) is the one description of every
// column: these checks fail when a column is added to ReplicateState but not
// to the table, or when the table asks for something the engine cannot do.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "sim/state.hpp"

using namespace wfsim;

TEST_CASE("the column table lists every column of the state exactly once", "[state]") {
  const World world;
  ReplicateState state(world);
  std::size_t bytes = 0;
  std::set<std::string> names;
  const auto count = [&](const ColumnSpec& spec, auto& column, auto) {
    bytes += sizeof(column);
    CHECK(names.insert(spec.name).second);
  };
  ReplicateState::for_each_column(state, count);
  // Extension columns live in the `extension` member, not beside it.
  bytes -= extension_columns().size() * sizeof(std::vector<float>);
  bytes += sizeof(state.extension);
  // Every member is a column: a member left out of the table would make the
  // state larger than the sum of its listed columns.
  CHECK(bytes == sizeof(ReplicateState));
}

TEST_CASE("only per-post columns are reset on arrival, moved or exported", "[state]") {
  const World world;
  ReplicateState state(world);
  ReplicateState::for_each_column(state, [](const ColumnSpec& spec, auto&, auto) {
    const bool per_post = spec.extent != Extent::team && spec.extent != Extent::organisation &&
                          spec.extent != Extent::edge;
    INFO(spec.name);
    if (!per_post) {
      CHECK_FALSE(spec.reset_on_arrival);
      CHECK_FALSE(spec.moves_with_occupant);
      CHECK(spec.exported_as == nullptr);
    }
  });
}
