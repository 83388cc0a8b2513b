// Fuzz target: a survey CSV, as `wfsim population --survey` reads it
// (read_survey), then the synthetic workforce it makes of it. Input errors
// (InputError) are expected; anything else is a finding.
#include <cstdint>

#include "population/population.hpp"
#include "population/survey.hpp"
#include "tests/fuzz/fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return wfsim::fuzz::read_input_file("fuzz_survey.csv", data, size, [](const auto& file) {
    const wfsim::Survey survey = wfsim::read_survey(file);
    wfsim::PopulationOptions options;
    options.seed = 1;
    (void)wfsim::synthesise_workforce(survey, options);
  });
}
