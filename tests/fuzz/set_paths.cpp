// Fuzz target: `--set KEY=VALUE` overrides, as `wfsim run --set` applies
// them: each line of the input is one override, applied to the shipped
// sure_start_centre scenario (which extends nothing) or, when the first
// line is `@baseline`, to the baseline. Input errors (InputError) are
// expected; anything else is a finding.
#include <cstdint>
#include <string>
#include <vector>

#include "io/scenario_io.hpp"
#include "models/model.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > wfsim::fuzz::kMaxInput) return -1;
  static const wfsim::ScenarioSchema schema = wfsim::model::schema();
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> overrides;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    overrides.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::string base = "sure_start_centre.yaml";
  if (!overrides.empty() && overrides.front() == "@baseline") {
    base = "baseline.yaml";
    overrides.erase(overrides.begin());
  }
  if (!overrides.empty() && overrides.back().empty()) overrides.pop_back();
  try {
    const wfsim::Scenario scenario =
        wfsim::load_scenario(wfsim::fuzz::work_dir() / "scenarios" / base, overrides, schema);
    (void)wfsim::to_yaml(scenario, schema);
  } catch (const wfsim::InputError&) {
  }
  return 0;
}
