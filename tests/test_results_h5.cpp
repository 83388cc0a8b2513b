// Results writers: the HDF5 file read back through the C API must match the
// contract layout bit for bit, and failed writes must leave no trace.
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "io/results_csv.hpp"
#include "io/results_h5.hpp"
#include "record/results.hpp"
#include "tests/cli_harness.hpp"

namespace fs = std::filesystem;
using wfsim::RunRecord;
using wfsim::test::read_lines;

namespace {

constexpr int kReplicates = 3;
constexpr int kWeeks = 4;

// Values with long binary expansions, so that any rounding would show.
double value(std::size_t scope, std::size_t metric, int replicate, int week) {
  return static_cast<double>(scope) * 1000 + static_cast<double>(metric) * 100 + replicate * 10 +
         week + 1.0 / 3.0;
}

RunRecord make_record() {
  RunRecord record;
  record.scenario_yaml = "name: tiny\nweeks: 4\n";
  record.scenario_name = "tiny";
  record.seed = 0xFFFF'FFFF'FFFF'FFF0;  // above 2^63: must survive unsigned
  record.replicates = kReplicates;
  record.weeks = kWeeks;
  record.threads = 2;
  record.complete = false;
  record.weeks_completed = {4, 4, 3};
  record.series = wfsim::SeriesTable({"", "la_1"}, {"headcount", "uptake/x"}, kReplicates, kWeeks);
  for (std::size_t s = 0; s < 2; ++s)
    for (std::size_t m = 0; m < 2; ++m)
      for (int r = 0; r < kReplicates; ++r)
        for (int w = 0; w <= kWeeks; ++w) record.series.at(s, m, r, w) = value(s, m, r, w);
  record.series.at(0, 0, 2, 4) = std::numeric_limits<double>::quiet_NaN();
  record.final_agents = {{"id", std::vector<std::int64_t>{1, 2, 3}},
                         {"org", std::vector<std::string>{"la_1", "la_1", "la_\xC3\xA9"}},
                         {"burnout", std::vector<double>{12.5, 0.1, 1e-300}}};
  return record;
}

wfsim::Provenance make_provenance() {
  return {{{"wfsim_version", "0.1.0"}, {"git_sha", "abc"}}};
}

// A fresh directory per test case, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("wfsim_test_results_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::set<std::string> entries() const {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(path)) names.insert(entry.path().filename());
    return names;
  }
};

// Closes an HDF5 identifier at scope exit, so a failed REQUIRE leaks nothing.
struct H5 {
  hid_t id;
  herr_t (*close)(hid_t);
  H5(hid_t handle, herr_t (*closer)(hid_t)) : id(handle), close(closer) {}
  H5(const H5&) = delete;
  H5& operator=(const H5&) = delete;
  ~H5() {
    if (id >= 0) close(id);
  }
};

std::string string_attribute(hid_t file, const char* name) {
  const H5 attribute{H5Aopen(file, name, H5P_DEFAULT), H5Aclose};
  REQUIRE(attribute.id >= 0);
  const H5 type{H5Aget_type(attribute.id), H5Tclose};
  REQUIRE(H5Tis_variable_str(type.id) > 0);
  REQUIRE(H5Tget_cset(type.id) == H5T_CSET_UTF8);
  char* chars = nullptr;
  REQUIRE(H5Aread(attribute.id, type.id, &chars) >= 0);
  std::string text(chars);
  H5free_memory(chars);
  return text;
}

template <typename T>
T number_attribute(hid_t file, const char* name, hid_t mem_type) {
  const H5 attribute{H5Aopen(file, name, H5P_DEFAULT), H5Aclose};
  REQUIRE(attribute.id >= 0);
  T number{};
  REQUIRE(H5Aread(attribute.id, mem_type, &number) >= 0);
  return number;
}

// Reads a whole dataset into `out`, returning its shape.
template <typename T>
std::vector<hsize_t> read_dataset(hid_t file, const char* path, hid_t mem_type,
                                  std::vector<T>& out) {
  const H5 dataset{H5Dopen2(file, path, H5P_DEFAULT), H5Dclose};
  REQUIRE(dataset.id >= 0);
  const H5 space{H5Dget_space(dataset.id), H5Sclose};
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.id)));
  H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
  out.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id)));
  REQUIRE(H5Dread(dataset.id, mem_type, space.id, space.id, H5P_DEFAULT, out.data()) >= 0);
  return dims;
}

}  // namespace

TEST_CASE("write_results_h5 writes the contract layout", "[results]") {
  const TempDir dir;
  const RunRecord record = make_record();
  const fs::path path = dir.path / "run.h5";
  wfsim::write_results_h5(path, record, make_provenance());
  CHECK(dir.entries() == std::set<std::string>{"run.h5"});  // no temporary file left

  const H5 file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  REQUIRE(file.id >= 0);
  CHECK(string_attribute(file.id, "wfsim_version") == "0.1.0");
  CHECK(string_attribute(file.id, "git_sha") == "abc");
  CHECK(string_attribute(file.id, "scenario") == record.scenario_yaml);
  CHECK(string_attribute(file.id, "name") == "tiny");
  CHECK(number_attribute<std::uint64_t>(file.id, "seed", H5T_NATIVE_UINT64) == record.seed);
  CHECK(number_attribute<int>(file.id, "replicates", H5T_NATIVE_INT) == kReplicates);
  CHECK(number_attribute<int>(file.id, "weeks", H5T_NATIVE_INT) == kWeeks);
  CHECK(number_attribute<int>(file.id, "complete", H5T_NATIVE_INT) == 0);
  CHECK(number_attribute<int>(file.id, "threads", H5T_NATIVE_INT) == 2);

  std::vector<int> weeks_completed;
  CHECK(read_dataset(file.id, "/run/weeks_completed", H5T_NATIVE_INT, weeks_completed) ==
        std::vector<hsize_t>{kReplicates});
  CHECK(weeks_completed == record.weeks_completed);

  const std::vector<std::pair<const char*, std::size_t>> scopes{{"/series/", 0},
                                                                {"/orgs/la_1/series/", 1}};
  for (const auto& [prefix, scope] : scopes) {
    for (std::size_t m = 0; m < 2; ++m) {
      const std::string path_in_file = prefix + record.series.metrics()[m];
      INFO(path_in_file);
      std::vector<double> values;
      CHECK(read_dataset(file.id, path_in_file.c_str(), H5T_NATIVE_DOUBLE, values) ==
            std::vector<hsize_t>{kReplicates, kWeeks + 1});
      for (int r = 0; r < kReplicates; ++r) {
        for (int w = 0; w <= kWeeks; ++w) {
          const double written = record.series.at(scope, m, r, w);
          const double read = values[static_cast<std::size_t>(r * (kWeeks + 1) + w)];
          CHECK(std::bit_cast<std::uint64_t>(read) == std::bit_cast<std::uint64_t>(written));
        }
      }
    }
  }

  std::vector<std::int64_t> ids;
  read_dataset(file.id, "/agents/final/id", H5T_NATIVE_INT64, ids);
  CHECK(ids == std::vector<std::int64_t>{1, 2, 3});
  std::vector<double> burnout;
  read_dataset(file.id, "/agents/final/burnout", H5T_NATIVE_DOUBLE, burnout);
  CHECK(burnout == std::get<std::vector<double>>(record.final_agents[2].values));

  const H5 orgs{H5Dopen2(file.id, "/agents/final/org", H5P_DEFAULT), H5Dclose};
  REQUIRE(orgs.id >= 0);
  const H5 type{H5Dget_type(orgs.id), H5Tclose};
  const H5 space{H5Dget_space(orgs.id), H5Sclose};
  REQUIRE(H5Tis_variable_str(type.id) > 0);
  std::vector<char*> chars(3);
  REQUIRE(H5Dread(orgs.id, type.id, space.id, space.id, H5P_DEFAULT, chars.data()) >= 0);
  CHECK(std::vector<std::string>(chars.begin(), chars.end()) ==
        std::get<std::vector<std::string>>(record.final_agents[1].values));
  H5Dvlen_reclaim(type.id, space.id, H5P_DEFAULT, chars.data());
}

TEST_CASE("write_results_h5 replaces an existing file", "[results]") {
  const TempDir dir;
  RunRecord record = make_record();
  const fs::path path = dir.path / "run.h5";
  wfsim::write_results_h5(path, record, make_provenance());
  record.complete = true;
  wfsim::write_results_h5(path, record, make_provenance());
  const H5 file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  REQUIRE(file.id >= 0);
  CHECK(number_attribute<int>(file.id, "complete", H5T_NATIVE_INT) == 1);
}

TEST_CASE("write_results_h5 failures leave nothing behind", "[results]") {
  const TempDir dir;
  const RunRecord record = make_record();

  SECTION("directory missing") {
    const fs::path path = dir.path / "missing" / "run.h5";
    CHECK_THROWS_WITH(wfsim::write_results_h5(path, record, make_provenance()),
                      Catch::Contains(path.string()) && Catch::Contains("No such file"));
    CHECK(dir.entries().empty());
  }
  SECTION("failure after the file was created keeps the old file") {
    const fs::path path = dir.path / "run.h5";
    std::ofstream(path) << "old";
    const wfsim::Provenance clashing{{{"seed", "clashes with the seed attribute"}}};
    CHECK_THROWS_WITH(wfsim::write_results_h5(path, record, clashing),
                      Catch::Contains("attribute seed"));
    CHECK(dir.entries() == std::set<std::string>{"run.h5"});
    CHECK(read_lines(path) == std::vector<std::string>{"old"});
  }
  SECTION("inconsistent record") {
    RunRecord broken = record;
    broken.weeks_completed.pop_back();
    CHECK_THROWS_WITH(wfsim::write_results_h5(dir.path / "run.h5", broken, make_provenance()),
                      Catch::Contains("weeks_completed"));
    CHECK(dir.entries().empty());
  }
}

TEST_CASE("write_results_csv writes tidy series", "[results]") {
  const TempDir dir;
  const RunRecord record = make_record();
  const fs::path out = dir.path / "csv";  // created by the writer
  wfsim::write_results_csv(out, record);

  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(out)) names.insert(entry.path().filename());
  CHECK(names == std::set<std::string>{"series.csv", "orgs.csv"});

  const auto rows = static_cast<std::size_t>(kReplicates * (kWeeks + 1) * 2);
  const std::vector<std::string> series = read_lines(out / "series.csv");
  REQUIRE(series.size() == rows + 1);
  CHECK(series[0] == "replicate,week,metric,value");
  CHECK(std::find(series.begin(), series.end(), "2,4,headcount,") != series.end());  // NaN
  CHECK(series[1].rfind("0,0,headcount,", 0) == 0);
  CHECK(std::stod(series[1].substr(series[1].rfind(',') + 1)) == value(0, 0, 0, 0));

  const std::vector<std::string> orgs = read_lines(out / "orgs.csv");
  REQUIRE(orgs.size() == rows + 1);
  CHECK(orgs[0] == "org,replicate,week,metric,value");
  CHECK(orgs[2].rfind("la_1,0,0,uptake/x,", 0) == 0);
  CHECK(std::stod(orgs[2].substr(orgs[2].rfind(',') + 1)) == value(1, 1, 0, 0));
}
