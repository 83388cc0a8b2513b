// The base of every intervention: a process built from one `interventions:`
// entry, run by the engine only inside the entry's time window. The engine
// calls step() in the weeks it acts (InterventionSpec::acts) and end() in
// the week the window closes, so no intervention re-implements its window.
#pragma once

#include <string_view>

#include "sim/process.hpp"
#include "sim/scenario.hpp"

namespace wfsim {

class InterventionProcess : public Process {
 public:
  explicit InterventionProcess(const InterventionSpec& spec) : spec_(spec) {}

  std::string_view name() const final { return spec_.type; }
  Phase phase() const final { return Phase::interventions; }
  bool acts(int week) const override { return spec_.acts(week); }
  bool ends(int week) const final {
    return !spec_.one_off && spec_.end_week && week == *spec_.end_week;
  }

 protected:
  const InterventionSpec& spec() const { return spec_; }

 private:
  InterventionSpec spec_;
};

}  // namespace wfsim
