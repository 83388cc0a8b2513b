// Fuzz target: a sensitivity file, as `wfsim sensitivity` reads it (load_sensitivity_experiment),
// written beside a copy of the shipped scenarios so that `scenario: scenarios/...` resolves. Input
// errors (InputError) are expected; anything else is a finding.
#include <cstdint>

#include "analysis/sensitivity_experiment.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return wfsim::fuzz::read_input_file("fuzz_sensitivity.yaml", data, size, [](const auto& file) {
    (void)wfsim::load_sensitivity_experiment(file);
  });
}
