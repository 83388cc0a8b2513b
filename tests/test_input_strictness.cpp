// Strict input: every input file (scenarios and the files they extend or
// name, experiment, calibration, sensitivity and priors files, survey CSV) is
// read by one bounded reader and checked before use. A key given twice, a
// control character, a directory, a FIFO, a device or a huge file, and a
// runaway key path are InputErrors (exit code 2) naming the file, line,
// column and key path; none crashes, blocks or is silently accepted.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/calibration.hpp"
#include "analysis/experiment.hpp"
#include "analysis/sensitivity_experiment.hpp"
#include "analysis/study_file.hpp"
#include "analysis/uncertainty.hpp"
#include "io/csv.hpp"
#include "io/input_file.hpp"
#include "io/scenario_io.hpp"
#include "models/model.hpp"
#include "population/survey.hpp"
#include "tests/cli_harness.hpp"
#include "tests/model_harness.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wfsim::InputError;
using wfsim::test::run_wfsim;
using wfsim::test::TempDir;

namespace {

constexpr int kExitBadInput = 2;

const std::string kScenario = wfsim::test::minimal_scenario(1, 6, "workplace");

// The InputError that `action` throws (fails the test if it throws none).
template <class Action>
InputError error_of(Action&& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error;
  }
  FAIL("no InputError was thrown");
  throw std::logic_error("unreachable");
}

void check_at(const InputError& error, const fs::path& file, int line, int column) {
  INFO(error.what());
  CHECK(error.where().file == file.string());
  CHECK(error.where().line == line);
  CHECK(error.where().column == column);
}

wfsim::Scenario load(const fs::path& file, const std::vector<std::string>& overrides = {}) {
  return wfsim::load_scenario(file, overrides, wfsim::model::schema());
}

// One entry of a mapping, indented by two; a key too long for YAML's
// implicit form (1024 characters) is written as an explicit `? key`.
std::string entry(const std::string& key, const std::string& value) {
  if (key.size() < 1000) return "  " + key + ": " + value + "\n";
  return "  ? " + key + "\n  : " + value + "\n";
}

// The column of the key entry() writes.
int key_column(const std::string& key) {
  return key.size() < 1000 ? 3 : 5;
}

std::string experiment_file(const std::string& scenario, const std::string& factors) {
  return "scenario: " + scenario + "\ndesign: grid\nfactors:\n" + factors;
}

}  // namespace

TEST_CASE("a key given twice is an error in every YAML input", "[input][strict]") {
  const TempDir dir;
  const fs::path scenario = dir.write("scenario.yaml", kScenario);

  SECTION("scenario: both places and the key path") {
    // minimal_scenario() gives seed: 11 on line 2.
    const fs::path twice = dir.write("twice.yaml", kScenario + "seed: 99\n");
    const InputError error = error_of([&] { load(twice); });
    CHECK(error.key_path() == "seed");
    CHECK_THAT(error.problem(), Contains("duplicate key 'seed'") && Contains("line 2, column 1"));
    CHECK_FALSE(error.hint().empty());
    const int last_line =
        static_cast<int>(std::count(kScenario.begin(), kScenario.end(), '\n')) + 1;
    check_at(error, twice, last_line, 1);
  }
  SECTION("nested, in a flow mapping and inside a list") {
    const fs::path nested =
        dir.write("nested.yaml", kScenario +
                                     "parameters:\n  leaving:\n    annual_rate: 0.1\n"
                                     "    annual_rate: 0.2\n");
    CHECK(error_of([&] { load(nested); }).key_path() == "parameters.leaving.annual_rate");
    const fs::path flow =
        dir.write("flow.yaml", kScenario + "costs: {currency: GBP, currency: EUR}\n");
    const InputError in_flow = error_of([&] { load(flow); });
    CHECK(in_flow.key_path() == "costs.currency");
    CHECK(in_flow.where().column == 24);
    CHECK_THAT(in_flow.problem(), Contains("column 9"));
    const fs::path listed = dir.write(
        "listed.yaml",
        kScenario + "evidence:\n  - {id: a, type: published, p: 0.01, q: 0.1, p: 0.02}\n");
    CHECK(error_of([&] { load(listed); }).key_path() == "evidence.0.p");
  }
  SECTION("in a file the scenario extends, reported in that file") {
    const fs::path base = dir.write("base.yaml", kScenario + "weeks: 10\nweeks: 20\n");
    const fs::path child = dir.write("child.yaml", "extends: base.yaml\nname: child\n");
    const InputError error = error_of([&] { load(child); });
    CHECK(error.where().file == base.string());
    CHECK(error.key_path() == "weeks");
  }
  SECTION("in a targets file") {
    const fs::path targets =
        dir.write("targets.yaml",
                  "targets:\n  - {outcome: turnover, value: 0.1, tolerance: 0.05, value: 0.2}\n");
    const fs::path with_targets =
        dir.write("with_targets.yaml", kScenario + "targets: targets.yaml\n");
    const InputError error = error_of([&] { load(with_targets); });
    check_at(error, targets, 2, 54);
    CHECK(error.key_path() == "targets.0.value");
  }
  SECTION("in a --set value") {
    const InputError error =
        error_of([&] { load(scenario, {"graph={kind: workplace, kind: lattice}"}); });
    CHECK_THAT(error.where().file, Contains("--set graph="));
    CHECK_THAT(error.problem(), Contains("duplicate key 'kind'"));
  }
  SECTION("experiment, calibration, sensitivity and priors files") {
    const fs::path experiment = dir.write(
        "experiment.yaml", experiment_file(scenario.string(),
                                           "  parameters.leaving.annual_rate: {values: [0.1]}\n"
                                           "  parameters.leaving.annual_rate: {values: [0.2]}\n"));
    const InputError swept = error_of([&] { wfsim::load_experiment(experiment); });
    check_at(swept, experiment, 5, 3);
    CHECK(swept.key_path() == "factors.parameters.leaving.annual_rate");
    CHECK_THAT(swept.problem(), Contains("line 4, column 3"));

    const fs::path calibration =
        dir.write("calibration.yaml",
                  "scenario: " + scenario.string() +
                      "\npriors:\n  parameters.leaving.annual_rate: {dist: uniform, min: 0.1, "
                      "max: 0.2, max: 0.3}\ntargets: []\n");
    check_at(error_of([&] { wfsim::load_calibration(calibration); }), calibration, 3, 71);

    const fs::path sensitivity =
        dir.write("sensitivity.yaml", "scenario: " + scenario.string() +
                                          "\nmethod: morris\nmethod: sobol\nfactors: {}\n");
    check_at(error_of([&] { wfsim::load_sensitivity_experiment(sensitivity); }), sensitivity, 3, 1);

    const fs::path priors =
        dir.write("priors.yaml",
                  "priors:\n  parameters.leaving.annual_rate: {dist: uniform, min: 0.1, max: 0.2}\n"
                  "  parameters.leaving.annual_rate: {dist: uniform, min: 0.1, max: 0.3}\n");
    check_at(error_of([&] { wfsim::load_uncertainty(priors); }), priors, 3, 3);
  }
  SECTION("lists nested thousands deep are an error, not a crash") {
    const fs::path deep =
        dir.write("deep.yaml", std::string(5000, '[') + std::string(5000, ']') + "\n");
    const InputError error = error_of([&] { load(deep); });
    CHECK_THAT(error.problem(), Contains("nested too deeply"));
    CHECK(error.where().line > 0);
  }
  SECTION("a key that is a list or mapping is an error, not a crash") {
    const fs::path complex = dir.write("complex.yaml", kScenario + "? [a, b]\n: 1\n");
    CHECK_THAT(error_of([&] { load(complex); }).problem(), Contains("a key is a list or mapping"));
    const fs::path in_parameters =
        dir.write("complex_parameters.yaml", kScenario + "parameters: {[leaving]: 1}\n");
    CHECK(error_of([&] { load(in_parameters); }).where().line > 0);
  }
}

TEST_CASE("errors in a scenario that extends another keep file, line and column",
          "[input][strict]") {
  const TempDir dir;
  dir.write("base.yaml", kScenario + "parameters:\n  leaving: {annual_rate: 0.2}\n");

  SECTION("an unknown key at the top") {
    const fs::path child = dir.write("child.yaml", "extends: base.yaml\nname: x\nnmae: y\n");
    const InputError error = error_of([&] { load(child); });
    check_at(error, child, 3, 1);
    CHECK(error.key_path() == "nmae");
  }
  SECTION("an unknown key in a mapping both files have") {
    const fs::path child =
        dir.write("child.yaml", "extends: base.yaml\nparameters:\n  leaving: {anual_rate: 0.3}\n");
    const InputError error = error_of([&] { load(child); });
    check_at(error, child, 3, 13);
    CHECK(error.key_path() == "parameters.leaving.anual_rate");
  }
  SECTION("an unknown key in a team merged by id") {
    const fs::path child = dir.write("child.yaml",
                                     "extends: base.yaml\norganisations:\n  - id: org_a\n"
                                     "    teams:\n      - {id: team_0, ofice: shared}\n");
    const InputError error = error_of([&] { load(child); });
    check_at(error, child, 5, 22);
    CHECK(error.key_path() == "organisations.0.teams.0.ofice");
  }
  SECTION("a value problem in a mapping both files have") {
    const fs::path child =
        dir.write("child.yaml",
                  "extends: base.yaml\norganisations:\n  - id: org_a\n    teams:\n"
                  "      - {id: team_0, roles: {team_manager: 1, social_worker: 9}}\n");
    const InputError error = error_of([&] { load(child); });
    check_at(error, child, 5, 29);
    CHECK(error.key_path() == "organisations.0.teams.0.roles");
  }
  SECTION("an unknown key the base wrote is reported in the base") {
    const fs::path base = dir.write("bad_base.yaml", kScenario + "costs: {curency: GBP}\n");
    const fs::path child = dir.write("child.yaml", "extends: bad_base.yaml\nname: x\n");
    const InputError error = error_of([&] { load(child); });
    CHECK(error.where().file == base.string());
    CHECK(error.where().line > 0);
    CHECK(error.key_path() == "costs.curency");
  }
}

TEST_CASE("factor, prior and set keys are checked where the study file writes them",
          "[input][strict]") {
  const TempDir dir;
  const fs::path scenario = dir.write("scenario.yaml", kScenario);
  const auto deep = [] {
    std::string path = "a";
    for (int i = 0; i < 15000; ++i) path += ".b";
    return path;
  };
  SECTION("experiment factors") {
    for (const std::string& key : {std::string("parameters..annual_rate"),
                                   std::string("parameters.leaving.annual_rate=0.1"), deep()}) {
      const fs::path file = dir.write(
          "experiment.yaml", experiment_file(scenario.string(), entry(key, "{values: [1]}")));
      const InputError error = error_of([&] { wfsim::load_experiment(file); });
      check_at(error, file, 4, key_column(key));
      CHECK(error.key_path().rfind("factors.", 0) == 0);
    }
  }
  SECTION("experiment set: keys") {
    const fs::path file = dir.write(
        "experiment.yaml",
        experiment_file(scenario.string(), "  weeks: {values: [10]}\nset:\n  .seed: 3\n"));
    check_at(error_of([&] { wfsim::load_experiment(file); }), file, 6, 3);
  }
  SECTION("calibration and priors files") {
    const fs::path calibration = dir.write(
        "calibration.yaml", "scenario: " + scenario.string() + "\npriors:\n" +
                                entry(deep(), "{dist: uniform, min: 0, max: 1}") + "targets: []\n");
    const InputError error = error_of([&] { wfsim::load_calibration(calibration); });
    check_at(error, calibration, 3, 5);
    CHECK_THAT(error.problem(), Contains("more than 64 keys"));
    CHECK(error.key_path().size() < 100);  // a runaway path is shortened
    const fs::path priors = dir.write(
        "priors.yaml", "priors:\n  parameters.leaving.: {dist: uniform, min: 0, max: 1}\n");
    check_at(error_of([&] { wfsim::load_uncertainty(priors); }), priors, 2, 3);
  }
  SECTION("sensitivity factors") {
    const fs::path file =
        dir.write("sensitivity.yaml", "scenario: " + scenario.string() +
                                          "\nmethod: morris\noutputs: [turnover]\nfactors:\n" +
                                          entry(deep(), "{min: 0, max: 1}"));
    check_at(error_of([&] { wfsim::load_sensitivity_experiment(file); }), file, 5, 5);
  }
}

TEST_CASE("a --set key path of any depth is an error, not a stack overflow", "[input][strict]") {
  const TempDir dir;
  const fs::path scenario = dir.write("scenario.yaml", kScenario);
  std::string path = "parameters";
  for (int i = 0; i < 15000; ++i) path += ".a";
  const InputError error = error_of([&] { load(scenario, {path + "=1"}); });
  CHECK_THAT(error.problem(), Contains("more than 64 keys"));
  CHECK(error.where().file.size() < 200);
  // Paths of an ordinary depth still reach their key.
  CHECK(load(scenario, {"organisations.0.teams.0.size=7"}).organisations[0].teams[0].size == 7);
  const InputError single = error_of([&] { load(scenario, {"weeks.a.b=1"}); });
  CHECK_THAT(single.problem(), Contains("'weeks' is a single value"));
  CHECK_THAT(error_of([&] { load(scenario, {"weeks.=1"}); }).problem(),
             Contains("empty key in path"));
}

TEST_CASE("control characters in input files are located errors", "[input][strict]") {
  const TempDir dir;
  SECTION("a NUL byte in a scenario") {
    std::string text = kScenario;
    const auto second_line = text.find('\n') + 1;
    text.insert(second_line + 4, std::string(1, '\0'));
    const fs::path file = dir.write("nul.yaml", text);
    const InputError error = error_of([&] { load(file); });
    check_at(error, file, 2, 5);
    CHECK_THAT(error.problem(), Contains("0x00 (NUL)"));
  }
  SECTION("an escape in a file the scenario extends") {
    const fs::path base = dir.write("base.yaml", "\x1b[31m" + kScenario);
    const fs::path child = dir.write("child.yaml", "extends: base.yaml\n");
    check_at(error_of([&] { load(child); }), base, 1, 1);
  }
  SECTION("tabs, CR and LF are fine") {
    std::string text;
    for (const char c : kScenario) text += c == '\n' ? std::string("\r\n") : std::string(1, c);
    text.replace(text.find("name: test"), 10, "name: \"a\tb\"");
    const fs::path file = dir.write("crlf.yaml", text);
    CHECK(load(file).name == "a\tb");
  }
  SECTION("in CSV, with CR line ends counted as lines") {
    const InputError error = error_of([] {
      wfsim::parse_csv(
          "a,b\r1,2\r\n3,\x01"
          "4\n",
          "survey.csv");
    });
    CHECK(error.where().file == "survey.csv");
    CHECK(error.where().line == 3);
    CHECK(error.where().column == 3);
    CHECK(wfsim::parse_csv("a,b\r\n\"x\ty\",2\r\n", "ok.csv").size() == 2);
  }
  SECTION("a survey file") {
    const fs::path survey = dir.write(
        "survey.csv", "respondent_id,role\nr1," + std::string(1, '\0') + "social_worker\n");
    const InputError error = error_of([&] { wfsim::read_survey(survey); });
    check_at(error, survey, 2, 4);
  }
}

TEST_CASE("only regular files of a sensible size are read", "[input][strict]") {
  const TempDir dir;
  SECTION("a directory given as the scenario") {
    const InputError error = error_of([&] { load(dir.path()); });
    CHECK_THAT(error.problem(), Contains("is a directory"));
    const auto result = run_wfsim({"validate", dir.path().string()});
    CHECK(result.exit_code == kExitBadInput);
    CHECK_THAT(result.err, Contains("is a directory"));
    CHECK_THAT(result.err, !Contains("empty"));
  }
  SECTION("extends: /dev/zero is refused without reading it, at the extends line") {
    const fs::path child = dir.write("child.yaml", "name: x\nextends: /dev/zero\n");
    const auto start = std::chrono::steady_clock::now();
    const InputError error = error_of([&] { load(child); });
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    check_at(error, child, 2, 10);
    CHECK(error.key_path() == "extends");
    CHECK_THAT(error.problem(), Contains("character device"));
  }
  SECTION("targets: naming a FIFO neither blocks nor reads") {
    const fs::path fifo = dir / "targets.yaml";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const fs::path scenario = dir.write("scenario.yaml", kScenario + "targets: targets.yaml\n");
    const auto result = run_wfsim({"validate", scenario.string()}, {}, std::chrono::seconds(20));
    CHECK_FALSE(result.timed_out);
    CHECK(result.exit_code == kExitBadInput);
    CHECK_THAT(result.err, Contains("FIFO") && Contains("scenario.yaml:"));
  }
  SECTION("a posterior (.h5) that is a FIFO is refused without opening it") {
    const fs::path fifo = dir / "posterior.h5";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THAT(error_of([&] { wfsim::load_uncertainty(fifo); }).problem(), Contains("not a file"));
  }
  SECTION("a survey that is a device") {
    const InputError error = error_of([] { wfsim::read_survey("/dev/zero"); });
    CHECK_THAT(error.problem(), Contains("character device"));
    CHECK_THAT(error.where().file, Contains("--survey"));
  }
  SECTION("a file above the cap, with its size and the cap") {
    const fs::path big = dir / "big.yaml";
    { std::ofstream create(big); }
    fs::resize_file(big, wfsim::kMaxYamlFileBytes + 1);  // sparse: nothing is written
    const InputError error = error_of([&] { load(big); });
    CHECK_THAT(error.problem(),
               Contains("64.0 MiB (67108865 bytes)") && Contains("more than the 64 MiB"));
    const fs::path experiment = dir.write("experiment.yaml", "scenario: big.yaml\n");
    fs::resize_file(experiment, wfsim::kMaxYamlFileBytes + 10);
    CHECK_THAT(error_of([&] { wfsim::load_experiment(experiment); }).problem(),
               Contains("more than the 64 MiB"));
  }
  SECTION("a missing file still says it cannot be opened") {
    CHECK_THAT(error_of([&] { load(dir / "nowhere.yaml"); }).problem(),
               Contains("cannot open") && Contains("No such file"));
  }
}

TEST_CASE("a sweep whose experiment file holds a NUL byte fails before writing",
          "[input][strict][cli]") {
  const TempDir dir;
  const fs::path scenario = dir.write("scenario.yaml", kScenario);
  std::string text = experiment_file(scenario.string(), "  weeks: {values: [4]}\n");
  text.insert(text.find("design") + 2, std::string(1, '\0'));
  const fs::path experiment = dir.write("experiment.yaml", text);
  const fs::path output = dir.write("existing.h5", "a complete sweep, kept");
  const auto result = run_wfsim({"sweep", experiment.string(), "-o", output.string()});
  CHECK(result.exit_code == kExitBadInput);
  CHECK_THAT(result.err, Contains("experiment.yaml:2:3:") && Contains("NUL"));
  CHECK(wfsim::test::read_file(output) == "a complete sweep, kept");
}

TEST_CASE("a scenario's rejection of a study file's key is placed in the study file",
          "[input][strict]") {
  const TempDir dir;
  const fs::path scenario = dir.write("scenario.yaml", kScenario);
  const wfsim::InputLocation prior_at{"priors.yaml", 3, 3};
  const std::vector<wfsim::StudyKey> keys{
      {"parameters.leaving.annual_rate", "priors.parameters.leaving.annual_rate", {"p", 2, 3}},
      {"parameters.leaving.anual_rate", "priors.parameters.leaving.anual_rate", prior_at}};
  const InputError raw = error_of([&] { load(scenario, {"parameters.leaving.anual_rate=0.1"}); });
  CHECK_THAT(raw.where().file, Contains("--set"));
  const InputError placed = wfsim::in_study_file(raw, keys);
  CHECK(placed.where().file == "priors.yaml");
  CHECK(placed.where().line == 3);
  CHECK(placed.where().column == 3);
  CHECK(placed.key_path() == "priors.parameters.leaving.anual_rate");
  CHECK_THAT(placed.problem(), Contains("the scenario rejects 0.1") && Contains("unknown key"));
  CHECK_THAT(placed.hint(), Contains("annual_rate"));
  // An error in the scenario file itself stays there.
  std::string text = kScenario;
  text.replace(text.find("seed: 11"), 8, "seed: -1");  // read before the parameters
  const fs::path bad = dir.write("bad.yaml", text);
  const InputError own = error_of([&] { load(bad, {"parameters.leaving.anual_rate=0.1"}); });
  CHECK(wfsim::in_study_file(own, keys).where().file == own.where().file);
}
