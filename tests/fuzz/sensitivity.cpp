// Fuzz target: a sensitivity file, as `wfsim sensitivity` reads it (load_sensitivity_experiment),
// written beside a copy of the shipped scenarios so that `scenario: scenarios/...` resolves. Input
// errors (InputError) are expected; anything else is a finding.
#include <cstdint>

#include "analysis/sensitivity_experiment.hpp"
#include "io/input_error.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > wfsim::fuzz::kMaxInput) return -1;
  const auto file = wfsim::fuzz::write_input("fuzz_sensitivity.yaml", data, size);
  try {
    (void)wfsim::load_sensitivity_experiment(file);
  } catch (const wfsim::InputError&) {
  }
  return 0;
}
