#include "results.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace wfsim {

SeriesTable::SeriesTable(std::vector<std::string> scopes, std::vector<std::string> metrics,
                         int replicates, int weeks)
    : scopes_(std::move(scopes)),
      metrics_(std::move(metrics)),
      replicates_(replicates),
      weeks_(weeks),
      values_(scopes_.size() * metrics_.size() * static_cast<std::size_t>(replicates) *
                  (static_cast<std::size_t>(weeks) + 1),
              std::numeric_limits<double>::quiet_NaN()) {}

std::size_t SeriesTable::metric_index(const std::string& name) const {
  const auto it = std::find(metrics_.begin(), metrics_.end(), name);
  if (it == metrics_.end()) throw std::out_of_range("no metric named " + name);
  return static_cast<std::size_t>(it - metrics_.begin());
}

}  // namespace wfsim
