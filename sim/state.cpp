#include "sim/state.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace wfsim {

namespace {

// A function-local static: registrars in other files may run first.
std::vector<ExtensionColumn>& registered_extension_columns() {
  static std::vector<ExtensionColumn> columns;
  return columns;
}

}  // namespace

std::size_t column_length(Extent extent, const World& world) {
  const std::size_t posts = world.posts.size();
  switch (extent) {
    case Extent::post:
      return posts;
    case Extent::post_and_type:
      return posts * kEvidenceTypes;
    case Extent::post_and_item:
      return posts * world.evidence.size();
    case Extent::post_and_partner:
      return posts * kHotDeskPartners;
    case Extent::team:
      return world.teams.size();
    case Extent::organisation:
      return world.orgs.size();
    case Extent::edge:
      return world.graph.edge_count();
  }
  return 0;
}

const std::vector<ExtensionColumn>& extension_columns() {
  return registered_extension_columns();
}

ColumnRegistrar::ColumnRegistrar(ColumnSpec spec, float initial) {
  std::vector<ExtensionColumn>& columns = registered_extension_columns();
  for (const ExtensionColumn& column : columns) {
    if (std::string_view(column.spec.name) == spec.name)
      throw std::logic_error(std::string("column \"") + spec.name + "\" is registered twice");
  }
  index_ = columns.size();
  columns.push_back({spec, initial});
}

ReplicateState::ReplicateState(const World& world) {
  extension.resize(extension_columns().size());
  for_each_column(*this, [&world](const ColumnSpec& spec, auto& column, auto initial) {
    const std::size_t length = column_length(spec.extent, world);
    for_each_buffer(column, [&](auto& buffer) { buffer.assign(length, initial); });
  });
}

void ReplicateState::roll() {
  for_each_column(*this, [](const ColumnSpec&, auto& column, auto) {
    if constexpr (is_double_buffered_v<std::remove_cvref_t<decltype(column)>>) column.roll();
  });
}

void ReplicateState::clear_weekly() {
  for_each_column(*this, [](const ColumnSpec& spec, auto& column, auto initial) {
    if (!spec.cleared_weekly) return;
    for_each_buffer(column,
                    [&](auto& buffer) { std::fill(buffer.begin(), buffer.end(), initial); });
  });
}

void ReplicateState::move_occupant(std::uint32_t from, std::uint32_t to, std::size_t items) {
  const std::size_t posts = occupancy.size();
  for_each_column(*this, [&](const ColumnSpec& spec, auto& column, auto) {
    if (!spec.moves_with_occupant) return;
    for_each_buffer(column, [&](auto& buffer) {
      for_each_entry_of_posts(spec.extent, from, to, posts, items,
                              [&buffer](std::size_t i, std::size_t j) { buffer[j] = buffer[i]; });
    });
  });
  // `from` is vacant now: nobody there is absent, present or using evidence.
  occupancy[from] = Occupancy::vacant;
  absent[from] = 0;
  present[from] = 0;
  for (std::size_t item = 0; item < items; ++item) {
    uptake.current[item * posts + from] = UptakeState::unaware;
  }
}

}  // namespace wfsim
