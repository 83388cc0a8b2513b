// Fuzz target: an experiment file, as `wfsim sweep` reads it (load_experiment), written
// beside a copy of the shipped scenarios so that `scenario: scenarios/...`
// resolves. Input errors (InputError) are expected; anything else is a
// finding.
#include <cstdint>

#include "analysis/experiment.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return wfsim::fuzz::read_input_file("fuzz_experiment.yaml", data, size,
                                      [](const auto& file) { (void)wfsim::load_experiment(file); });
}
