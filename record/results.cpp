#include "record/results.hpp"

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

bool SeriesTable::has_metric(const std::string& name) const {
  return std::find(metrics_.begin(), metrics_.end(), name) != metrics_.end();
}

void SeriesTable::append_replicates(const SeriesTable& more) {
  if (more.scopes_ != scopes_ || more.metrics_ != metrics_ || more.weeks_ != weeks_)
    throw std::invalid_argument("append_replicates: tables differ in scopes, metrics or weeks");
  std::vector<double> merged;
  merged.reserve(values_.size() + more.values_.size());
  const std::size_t mine = static_cast<std::size_t>(replicates_) * columns();
  const std::size_t theirs = static_cast<std::size_t>(more.replicates_) * columns();
  for (std::size_t block = 0; block < scopes_.size() * metrics_.size(); ++block) {
    merged.insert(merged.end(), values_.begin() + static_cast<std::ptrdiff_t>(block * mine),
                  values_.begin() + static_cast<std::ptrdiff_t>((block + 1) * mine));
    merged.insert(merged.end(), more.values_.begin() + static_cast<std::ptrdiff_t>(block * theirs),
                  more.values_.begin() + static_cast<std::ptrdiff_t>((block + 1) * theirs));
  }
  values_ = std::move(merged);
  replicates_ += more.replicates_;
}

}  // namespace wfsim
