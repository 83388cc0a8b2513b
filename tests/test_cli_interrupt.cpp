// Interrupting `wfsim run`: SIGINT or SIGTERM must stop it at the end of the
// current week, exit 130, and leave a valid results file marked incomplete
// whose series hold exactly the weeks simulated, NaN after (docs/results.md).
#include <hdf5.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "tests/cli_harness.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wfsim::test::ChildProcess;
using wfsim::test::ProcessResult;
using wfsim::test::TempDir;

namespace {

constexpr int kExitInterrupted = 130;
// Long enough to take far more than the second we wait (~50 s single-threaded
// in Release), short enough that a missed signal still ends in bounded time.
constexpr int kWeeks = 5200;
constexpr int kReplicates = 64;

// Closes an HDF5 identifier at scope exit, so a failed REQUIRE leaks nothing.
struct H5 {
  hid_t id;
  herr_t (*close)(hid_t);
  H5(hid_t id_, herr_t (*close_)(hid_t)) : id(id_), close(close_) {}
  H5(const H5&) = delete;
  H5& operator=(const H5&) = delete;
  ~H5() {
    if (id >= 0) close(id);
  }
};

int int_attribute(hid_t file, const char* name) {
  const H5 attribute(H5Aopen(file, name, H5P_DEFAULT), H5Aclose);
  REQUIRE(attribute.id >= 0);
  int value = -1;
  REQUIRE(H5Aread(attribute.id, H5T_NATIVE_INT, &value) >= 0);
  return value;
}

std::vector<hsize_t> shape(hid_t dataset) {
  const H5 space(H5Dget_space(dataset), H5Sclose);
  REQUIRE(space.id >= 0);
  const int rank = H5Sget_simple_extent_ndims(space.id);
  REQUIRE(rank >= 0);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
  return dims;
}

std::vector<int> weeks_completed(hid_t file) {
  const H5 dataset(H5Dopen2(file, "/run/weeks_completed", H5P_DEFAULT), H5Dclose);
  REQUIRE(dataset.id >= 0);
  REQUIRE(shape(dataset.id) == std::vector<hsize_t>{kReplicates});
  const H5 space(H5Dget_space(dataset.id), H5Sclose);
  std::vector<int> values(kReplicates, -1);
  REQUIRE(H5Dread(dataset.id, H5T_NATIVE_INT, space.id, space.id, H5P_DEFAULT, values.data()) >= 0);
  return values;
}

// Every week a replicate simulated holds numbers; every week after is NaN.
void check_series(hid_t file, const std::string& path, const std::vector<int>& completed) {
  INFO("dataset " << path);
  const H5 dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
  REQUIRE(dataset.id >= 0);
  const hsize_t columns = kWeeks + 1;
  REQUIRE(shape(dataset.id) == std::vector<hsize_t>{kReplicates, columns});
  const H5 space(H5Dget_space(dataset.id), H5Sclose);
  std::vector<double> values(static_cast<std::size_t>(kReplicates) * columns);
  REQUIRE(H5Dread(dataset.id, H5T_NATIVE_DOUBLE, space.id, space.id, H5P_DEFAULT, values.data()) >=
          0);
  int misplaced = 0;  // counted, not CHECKed per value: a bug would flood the report
  int first_replicate = -1, first_week = -1;
  for (int r = 0; r < kReplicates; ++r) {
    for (int w = 0; w <= kWeeks; ++w) {
      const double value =
          values[static_cast<std::size_t>(r) * columns + static_cast<std::size_t>(w)];
      const bool simulated = w <= completed[static_cast<std::size_t>(r)];
      if (simulated == std::isnan(value)) {
        if (misplaced++ == 0) {
          first_replicate = r;
          first_week = w;
        }
      }
    }
  }
  INFO("first wrong value: replicate " << first_replicate << ", week " << first_week);
  CHECK(misplaced == 0);
}

void interrupt_run(int signal) {
  const TempDir dir;
  const std::string scenario = std::string(WFSIM_SOURCE_DIR) + "/scenarios/baseline.yaml";
  ChildProcess child(WFSIM_EXE,
                     {"run", scenario, "-o", "out.h5", "--weeks", std::to_string(kWeeks),
                      "--replicates", std::to_string(kReplicates), "--threads", "1"},
                     {dir.path(), true});

  // A signal sent before wfsim installs its handler would simply kill it, so
  // wait until it catches the signal (it loads the scenario first).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!child.catches_signal(signal)) {
    if (child.wait_for(std::chrono::milliseconds(20))) {
      const ProcessResult early = child.wait(std::chrono::seconds(1));
      FAIL("wfsim ended before it could be interrupted\n" << early.describe());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      const ProcessResult stuck = child.wait(std::chrono::milliseconds(0));
      FAIL("wfsim never installed a handler for signal " << signal << "\n" << stuck.describe());
    }
  }
  // Let it simulate for a while, so that the file holds real weeks, not just week 0.
  if (child.wait_for(std::chrono::seconds(1))) {
    const ProcessResult early = child.wait(std::chrono::seconds(1));
    FAIL("the run finished within a second: make it longer\n" << early.describe());
  }
  child.send(signal);
  const ProcessResult result = child.wait(std::chrono::seconds(60));
  INFO(result.describe());
  REQUIRE_FALSE(result.timed_out);
  REQUIRE(result.exit_code == kExitInterrupted);
  CHECK_THAT(result.err, Contains("incomplete"));
  CHECK(dir.entries() == std::set<std::string>{"out.h5"});  // no *.tmp-* left behind

  const H5 file(H5Fopen((dir / "out.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  REQUIRE(file.id >= 0);
  CHECK(int_attribute(file.id, "complete") == 0);
  CHECK(int_attribute(file.id, "weeks") == kWeeks);
  CHECK(int_attribute(file.id, "replicates") == kReplicates);

  const std::vector<int> completed = weeks_completed(file.id);
  for (int weeks : completed) {
    CHECK(weeks >= 0);
    CHECK(weeks <= kWeeks);
  }
  // Replicates run one after another on one thread: the signal must have cut
  // the ensemble short, and a second of running must have simulated something.
  const long long total = std::accumulate(completed.begin(), completed.end(), 0LL);
  CHECK(total > 0);
  CHECK(total < static_cast<long long>(kWeeks) * kReplicates);
  CHECK(*std::min_element(completed.begin(), completed.end()) < kWeeks);

  const std::vector<std::string> metrics{"headcount",
                                         "fte",
                                         "vacancies",
                                         "starters",
                                         "leavers",
                                         "absence_rate",
                                         "burnout_mean",
                                         "burnout_high_share",
                                         "caseload_mean",
                                         "agency_share",
                                         "supervision_contacts",
                                         "informal_contacts",
                                         "uptake/research_briefings",
                                         "uptake/reflective_case_discussion"};
  for (const std::string& scope :
       {std::string("/series/"), std::string("/orgs/la_midshire/series/")})
    for (const std::string& metric : metrics) check_series(file.id, scope + metric, completed);
}

}  // namespace

TEST_CASE("cli: SIGINT stops a run and keeps an incomplete, valid results file", "[cli]") {
  interrupt_run(SIGINT);
}

TEST_CASE("cli: SIGTERM stops a run and keeps an incomplete, valid results file", "[cli]") {
  interrupt_run(SIGTERM);
}
