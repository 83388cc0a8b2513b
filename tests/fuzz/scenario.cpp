// Fuzz target: a scenario file, as `wfsim run`/`validate` read it
// (load_scenario, with `extends:` of the shipped scenarios beside it), then
// printed fully resolved as `validate` prints it. Input errors (InputError)
// are expected; anything else is a finding.
#include <cstdint>

#include "io/scenario_io.hpp"
#include "models/model.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const wfsim::ScenarioSchema schema = wfsim::model::schema();
  // Beside the copies of the shipped scenarios: `extends: baseline.yaml` resolves.
  return wfsim::fuzz::read_input_file(
      "scenarios/fuzz_input.yaml", data, size, [](const auto& file) {
        const wfsim::Scenario scenario = wfsim::load_scenario(file, {}, schema);
        (void)wfsim::to_yaml(scenario, schema);
      });
}
