// Fuzz target: a calibration file, as `wfsim calibrate` reads it (load_calibration), written
// beside a copy of the shipped scenarios so that `scenario: scenarios/...`
// resolves. Input errors (InputError) are expected; anything else is a
// finding.
#include <cstdint>

#include "analysis/calibration.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return wfsim::fuzz::read_input_file("fuzz_calibration.yaml", data, size, [](const auto& file) {
    (void)wfsim::load_calibration(file);
  });
}
