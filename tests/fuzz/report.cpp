// Fuzz target: a results file, as `wfsim report` reads it (render_report).
// Input errors are expected: InputError, and the std::runtime_error the HDF5
// reader (viz/report/h5_reader.hpp) throws naming what it could not read;
// anything else (a crash inside HDF5, an abort, an uncaught logic_error) is a
// finding. HDF5 itself is not instrumented.
#include <cstdint>
#include <stdexcept>

#include "io/input_error.hpp"
#include "tests/fuzz/fuzz_common.hpp"
#include "viz/report/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A results file is larger than the other inputs: the seeds (HDF5 files of
  // contiguous datasets, h5repack -l CONTI) are up to 120 KiB.
  if (size > 128 * 1024) return -1;
  const auto file = wfsim::fuzz::write_input("fuzz_results.h5", data, size);
  try {
    (void)wfsim::report::render_report(file);
  } catch (const wfsim::InputError&) {
  } catch (const std::runtime_error&) {
  }
  return 0;
}
