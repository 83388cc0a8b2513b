// `wfsim population --authority`: one authority of England's scenario as a
// scenario of its own, found by code, id or name, that runs exactly as that
// authority does inside England; located errors otherwise.
#include <catch2/catch.hpp>

#include <algorithm>

#include "cli_harness.hpp"

using Catch::Matchers::Contains;
using namespace wfsim::test;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
const std::string kEngland = WFSIM_SOURCE_DIR "/scenarios/england.yaml";

// The lines of an annual CSV for one authority code.
std::vector<std::string> rows_of(const std::filesystem::path& csv, const std::string& code) {
  std::vector<std::string> rows;
  for (const std::string& line : read_lines(csv))
    if (line.find("," + code + ",") != std::string::npos) rows.push_back(line);
  return rows;
}

}  // namespace

TEST_CASE("an authority is found by code, id or name, and gives one file", "[authority]") {
  const TempDir dir;
  std::vector<std::string> files;
  for (const std::string wanted : {"Leeds", "leeds", "E08000035", "e08000035"}) {
    const ProcessResult made = run_wfsim(
        {"population", "--authority", wanted, "--base", kEngland, "-o", "leeds.yaml", "--force"},
        {dir.path()});
    INFO(made.describe());
    REQUIRE(made.exit_code == kExitOk);
    CHECK_THAT(made.out, Contains("Leeds (E08000035)"));
    files.push_back(read_file(dir / "leeds.yaml"));
  }
  CHECK(std::all_of(files.begin(), files.end(), [&](const auto& f) { return f == files[0]; }));
  CHECK_THAT(files[0], Contains("id: E08000035"));
  CHECK_THAT(files[0], Contains("start_date: 2021-10-01"));
  CHECK_THAT(files[0], !Contains("\ntargets:"));
  // A merged authority's code, with its characters that an id may not hold.
  const ProcessResult merged = run_wfsim({"population", "--authority", "E06000061 / E06000062",
                                          "--base", kEngland, "-o", "northamptonshire.yaml"},
                                         {dir.path()});
  INFO(merged.describe());
  CHECK(merged.exit_code == kExitOk);
  CHECK_THAT(read_file(dir / "northamptonshire.yaml"), Contains("id: E06000061_E06000062"));
}

TEST_CASE("an authority on its own runs exactly as it does inside England", "[authority]") {
  // Random numbers are keyed by each organisation's, team's and post's own
  // name, and nothing joins authorities: Leeds' reporting years agree to the
  // last digit.
  const TempDir dir;
  REQUIRE(run_wfsim({"population", "--authority", "Leeds", "--base", kEngland, "-o", "leeds.yaml"},
                    {dir.path()})
              .exit_code == kExitOk);
  const std::vector<std::string> options{"--weeks", "52", "--replicates", "2"};
  for (const auto& [scenario, name] :
       {std::pair{(dir / "leeds.yaml").string(), "alone"}, std::pair{kEngland, "england"}}) {
    std::vector<std::string> args{"run",          scenario,
                                  "-o",           std::string(name) + ".h5",
                                  "--annual-csv", std::string(name) + ".csv"};
    args.insert(args.end(), options.begin(), options.end());
    const ProcessResult ran = run_wfsim(args, {dir.path()}, std::chrono::seconds(300));
    INFO(ran.describe());
    REQUIRE(ran.exit_code == kExitOk);
  }
  const std::vector<std::string> alone = rows_of(dir / "alone.csv", "E08000035");
  REQUIRE(alone.size() == 1);
  CHECK(alone == rows_of(dir / "england.csv", "E08000035"));
}

TEST_CASE("an unknown authority or an unsuitable base is a located error", "[authority]") {
  const TempDir dir;
  const ProcessResult unknown = run_wfsim(
      {"population", "--authority", "Leed", "--base", kEngland, "-o", "x.yaml"}, {dir.path()});
  CHECK(unknown.exit_code == kExitBadInput);
  CHECK_THAT(unknown.err, Contains("--authority Leed: no authority 'Leed'"));
  CHECK_THAT(unknown.err, Contains("did you mean Leeds (E08000035)?"));
  const ProcessResult no_population =
      run_wfsim({"population", "--authority", "Leeds", "--base",
                 WFSIM_SOURCE_DIR "/scenarios/baseline.yaml", "-o", "x.yaml"},
                {dir.path()});
  CHECK(no_population.exit_code == kExitBadInput);
  CHECK_THAT(no_population.err, Contains("does not generate its organisations"));
  const ProcessResult no_base =
      run_wfsim({"population", "--authority", "Leeds", "-o", "x.yaml"}, {dir.path()});
  CHECK(no_base.exit_code == kExitBadInput);
  CHECK_THAT(no_base.err, Contains("--base"));
  const ProcessResult both = run_wfsim({"population", "--authority", "Leeds", "--survey", "s.csv",
                                        "--base", kEngland, "-o", "x.yaml"},
                                       {dir.path()});
  CHECK(both.exit_code == kExitBadInput);
  CHECK(dir.entries().count("x.yaml") == 0);
}
