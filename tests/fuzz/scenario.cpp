// Fuzz target: a scenario file, as `wfsim run`/`validate` read it
// (load_scenario, with `extends:` of the shipped scenarios beside it), then
// printed fully resolved as `validate` prints it. Input errors (InputError)
// are expected; anything else is a finding.
#include <cstdint>

#include "io/scenario_io.hpp"
#include "models/model.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > wfsim::fuzz::kMaxInput) return -1;
  static const wfsim::ScenarioSchema schema = wfsim::model::schema();
  // Beside the copies of the shipped scenarios: `extends: baseline.yaml` resolves.
  const auto file = wfsim::fuzz::write_input("scenarios/fuzz_input.yaml", data, size);
  try {
    const wfsim::Scenario scenario = wfsim::load_scenario(file, {}, schema);
    (void)wfsim::to_yaml(scenario, schema);
  } catch (const wfsim::InputError&) {
  }
  return 0;
}
