// Bad input through the real binary: every class of mistake must give exit
// code 2, a message that names where (file:line:column or the --set argument)
// and the key path, and no results file, new or half-written (README.md, exit codes).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tests/cli_harness.hpp"

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using wfsim::test::ProcessResult;
using wfsim::test::run_wfsim;
using wfsim::test::TempDir;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;

// Small but complete: every section below breaks exactly one thing in it.
const std::string kScenario = R"(name: tiny
seed: 7
weeks: 10
replicates: 2
graph:
  kind: workplace
mechanisms: {demand: true, burnout: true, absence: true, leaving: true, recruitment: true, uptake: true}
parameters:
  leaving:
    annual_rate: 0.15
organisations:
  - id: la_1
    sector: local_authority
    teams:
      - {id: team_a, function: assessment, size: 6, roles: {team_manager: 1, social_worker: 5}}
      - {id: team_b, function: child_protection, size: 6}
evidence:
  - {id: briefings, type: published, p: 0.01, q: 0.05, contagion: simple}
interventions: []
)";

const std::string kFile = "scenario.yaml";

// `text` with its single occurrence of `from` replaced: a typo in a test's
// edit must fail loudly rather than leave the scenario valid.
std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  INFO("editing the scenario: '" << from << "'");
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

// "scenario.yaml:LINE:COL: " of `value`, found inside the unique `context`.
std::string where(const std::string& text, const std::string& context, const std::string& value) {
  const auto start = text.find(context);
  REQUIRE(start != std::string::npos);
  REQUIRE(text.find(context, start + 1) == std::string::npos);
  REQUIRE(context.find(value) != std::string::npos);
  const auto at = start + context.find(value);
  const auto line_start = text.rfind('\n', at);
  const auto line =
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  const auto column = line_start == std::string::npos ? at + 1 : at - line_start;
  return kFile + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

bool has_file_position(const std::string& message) {
  return std::regex_search(message, std::regex(R"(scenario\.yaml:[0-9]+:[0-9]+: )"));
}

// Nothing may appear in the directory: no results file, no leftover
// `*.tmp-PID`, not even a default `results/` folder.
void require_untouched(const TempDir& dir, const std::set<std::string>& before) {
  const std::set<std::string> after = dir.entries();
  for (const std::string& name : after) {
    INFO("left behind: " << name);
    CHECK(name.find(".tmp-") == std::string::npos);
    CHECK(before.count(name) == 1);
  }
  CHECK_FALSE(fs::exists(dir / "out.h5"));
}

// Runs wfsim in `dir` and requires a clean rejection mentioning every fragment.
ProcessResult require_rejected(const TempDir& dir, const std::vector<std::string>& args,
                               const std::vector<std::string>& fragments) {
  const std::set<std::string> before = dir.entries();
  const ProcessResult result = run_wfsim(args, {dir.path()});
  std::string command = "wfsim";
  for (const std::string& arg : args) command += " " + arg;
  INFO(command << "\n" << result.describe());
  CHECK(result.exit_code == kExitBadInput);
  CHECK_FALSE(result.err.empty());
  for (const std::string& fragment : fragments) CHECK_THAT(result.err, Contains(fragment));
  require_untouched(dir, before);
  return result;
}

// Both `run` and `validate` must reject a bad scenario in the same words.
void require_bad_scenario(const std::string& yaml, const std::vector<std::string>& fragments) {
  const TempDir dir;
  dir.write(kFile, yaml);
  require_rejected(dir, {"run", kFile, "-o", "out.h5", "--threads", "1"}, fragments);
  require_rejected(dir, {"validate", kFile}, fragments);
}

}  // namespace

TEST_CASE("cli: the test scenario itself is valid", "[cli]") {
  // Otherwise every rejection below could be for the wrong reason.
  const TempDir dir;
  dir.write(kFile, kScenario);
  const ProcessResult result = run_wfsim({"validate", kFile}, {dir.path()});
  INFO(result.describe());
  REQUIRE(result.exit_code == kExitOk);
}

TEST_CASE("cli: unknown keys are rejected with a suggestion", "[cli]") {
  SECTION("top-level key, a longer form of a real one") {
    const std::string yaml = with(kScenario, "weeks: 10\n", "weeks_total: 3\nweeks: 10\n");
    require_bad_scenario(yaml, {where(yaml, "weeks_total", "weeks_total") + "weeks_total: ",
                                "unknown key 'weeks_total'", "did you mean 'weeks'"});
  }
  SECTION("top-level key, a misspelling") {
    const std::string yaml = with(kScenario, "weeks: 10\n", "weks: 3\nweeks: 10\n");
    require_bad_scenario(yaml, {where(yaml, "weks", "weks") + "weks: ", "unknown key 'weks'",
                                "did you mean 'weeks'"});
  }
  SECTION("nested parameter") {
    const std::string yaml = with(kScenario, "annual_rate: 0.15", "anual_rate: 0.15");
    require_bad_scenario(
        yaml, {where(yaml, "anual_rate", "anual_rate") + "parameters.leaving.anual_rate: ",
               "did you mean 'annual_rate'"});
  }
  SECTION("parameter group") {
    const std::string yaml = with(kScenario, "  leaving:\n", "  weather:\n");
    require_bad_scenario(yaml, {where(yaml, "weather", "weather") + "parameters.weather: ",
                                "unknown key 'weather'"});
  }
  SECTION("key inside a team") {
    const std::string yaml = with(kScenario, "size: 6}", "size: 6, colour: red}");
    require_bad_scenario(yaml,
                         {where(yaml, "colour", "colour") + "organisations.0.teams.1.colour: ",
                          "unknown key 'colour'"});
  }
}

TEST_CASE("cli: values of the wrong type are rejected", "[cli]") {
  SECTION("weeks: many") {
    const std::string yaml = with(kScenario, "weeks: 10", "weeks: many");
    require_bad_scenario(yaml, {where(yaml, "weeks: many", "many") + "weeks: ", "'many'"});
  }
  SECTION("a fractional team size") {
    const std::string yaml = with(kScenario, "size: 6}", "size: 3.5}");
    require_bad_scenario(
        yaml, {where(yaml, "size: 3.5", "3.5") + "organisations.0.teams.1.size: ", "'3.5'"});
  }
  SECTION("a mechanism flag that is not a boolean") {
    const std::string yaml = with(kScenario, "absence: true", "absence: maybe");
    require_bad_scenario(
        yaml, {where(yaml, "absence: maybe", "maybe") + "mechanisms.absence: ", "'maybe'"});
  }
  SECTION("a list where a mapping belongs") {
    const std::string yaml = with(kScenario, "  kind: workplace\n", "  - workplace\n");
    require_bad_scenario(yaml,
                         {where(yaml, "  - workplace", "-") + "graph: ", "expected a mapping"});
  }
}

TEST_CASE("cli: values out of range are rejected", "[cli]") {
  SECTION("an annual leaving rate above 1") {
    const std::string yaml = with(kScenario, "annual_rate: 0.15", "annual_rate: 1.5");
    require_bad_scenario(
        yaml, {where(yaml, "annual_rate: 1.5", "1.5") + "parameters.leaving.annual_rate: ",
               "out of range"});
  }
  SECTION("zero weeks") {
    const std::string yaml = with(kScenario, "weeks: 10", "weeks: 0");
    require_bad_scenario(yaml, {where(yaml, "weeks: 0", "0") + "weeks: ", "out of range"});
  }
  SECTION("a negative adoption probability") {
    const std::string yaml = with(kScenario, "p: 0.01", "p: -0.1");
    require_bad_scenario(yaml, {where(yaml, "p: -0.1", "-0.1") + "evidence.0.p: ", "out of range"});
  }
}

TEST_CASE("cli: unknown enumeration values are rejected", "[cli]") {
  SECTION("sector") {
    const std::string yaml = with(kScenario, "sector: local_authority", "sector: council");
    require_bad_scenario(
        yaml, {where(yaml, "sector: council", "council") + "organisations.0.sector: ", "'council'",
               "local_authority"});
  }
  SECTION("graph kind") {
    const std::string yaml = with(kScenario, "kind: workplace", "kind: star");
    require_bad_scenario(
        yaml, {where(yaml, "kind: star", "star") + "graph.kind: ", "'star'", "complete"});
  }
}

TEST_CASE("cli: ids that cannot name an HDF5 group are rejected", "[cli]") {
  SECTION("with a space") {
    const std::string yaml = with(kScenario, "id: la_1", "id: \"la 1\"");
    require_bad_scenario(
        yaml, {where(yaml, "id: \"la 1\"", "\"") + "organisations.0.id: ", "invalid id 'la 1'"});
  }
  SECTION("with a slash") {
    const std::string yaml = with(kScenario, "id: team_b", "id: team/b");
    require_bad_scenario(yaml,
                         {where(yaml, "id: team/b", "team/b") + "organisations.0.teams.1.id: ",
                          "invalid id 'team/b'"});
  }
  SECTION("only dots (the current or parent group)") {
    const std::string yaml = with(kScenario, "id: la_1", "id: \"..\"");
    require_bad_scenario(
        yaml, {where(yaml, "id: \"..\"", "\"") + "organisations.0.id: ", "invalid id '..'"});
  }
}

TEST_CASE("cli: duplicate ids are rejected", "[cli]") {
  SECTION("organisation") {
    const std::string yaml =
        with(kScenario, "evidence:\n",
             "  - {id: la_1, sector: voluntary, teams: [{id: t, function: youth, size: 3}]}\n"
             "evidence:\n");
    require_bad_scenario(yaml, {where(yaml, "{id: la_1", "la_1") + "organisations.1.id: ",
                                "duplicate organisation id 'la_1'"});
  }
  SECTION("team within an organisation") {
    const std::string yaml = with(kScenario, "id: team_b", "id: team_a");
    require_bad_scenario(yaml, {where(yaml, "{id: team_a, function: child_protection", "team_a") +
                                    "organisations.0.teams.1.id: ",
                                "duplicate team id 'team_a'"});
  }
  SECTION("evidence item") {
    const std::string yaml =
        with(kScenario, "interventions: []\n",
             "  - {id: briefings, type: reflection, p: 0.02, q: 0.01}\ninterventions: []\n");
    require_bad_scenario(
        yaml, {where(yaml, "{id: briefings, type: reflection", "briefings") + "evidence.1.id: ",
               "duplicate evidence id 'briefings'"});
  }
}

TEST_CASE("cli: dangling references are rejected", "[cli]") {
  // The intervention type is deliberately arbitrary: the reference must be
  // reported whatever the type, as it is the mistake a user can act on.
  SECTION("organisation") {
    const std::string yaml = with(kScenario, "interventions: []",
                                  "interventions: [{type: anything, target: {org: nowhere}}]");
    require_bad_scenario(
        yaml, {where(yaml, "org: nowhere", "nowhere") + "interventions.0.target.org: ", "nowhere"});
  }
  SECTION("team") {
    const std::string yaml =
        with(kScenario, "interventions: []",
             "interventions: [{type: anything, target: {org: la_1, team: nowhere}}]");
    require_bad_scenario(
        yaml,
        {where(yaml, "team: nowhere", "nowhere") + "interventions.0.target.team: ", "nowhere"});
  }
}

TEST_CASE("cli: bad costs are rejected", "[cli]") {
  const auto with_costs = [](const std::string& block) {
    return with(kScenario, "interventions: []\n", "interventions: []\ncosts:\n" + block);
  };
  SECTION("an unknown key") {
    const std::string yaml = with_costs("  recruitment_per_hir: 9000\n");
    require_bad_scenario(yaml, {where(yaml, "recruitment_per_hir", "recruitment_per_hir") +
                                    "costs.recruitment_per_hir: ",
                                "did you mean 'recruitment_per_hire'"});
  }
  SECTION("a negative amount") {
    const std::string yaml = with_costs("  sickness_per_day: -5\n");
    require_bad_scenario(
        yaml,
        {where(yaml, "sickness_per_day: -5", "-5") + "costs.sickness_per_day: ", "out of range"});
  }
  SECTION("an amount that is not a number") {
    const std::string yaml = with_costs("  agency_premium_per_day: lots\n");
    require_bad_scenario(yaml, {where(yaml, "agency_premium_per_day: lots", "lots") +
                                    "costs.agency_premium_per_day: ",
                                "'lots'"});
  }
  SECTION("an unknown role") {
    const std::string yaml = with_costs("  salary_per_year: {social_workr: 40000}\n");
    require_bad_scenario(
        yaml, {where(yaml, "social_workr", "social_workr") + "costs.salary_per_year.social_workr: ",
               "did you mean 'social_worker'"});
  }
  SECTION("an unknown intervention type") {
    const std::string yaml = with_costs("  interventions: {dictation: {fixed_per_week: 10}}\n");
    require_bad_scenario(
        yaml, {where(yaml, "dictation:", "dictation") + "costs.interventions.dictation: ",
               "did you mean 'dictation_software'"});
  }
  SECTION("a negative intervention cost") {
    const std::string yaml = with_costs("  interventions: {hei_link: {fixed_per_week: -1}}\n");
    require_bad_scenario(yaml, {where(yaml, "fixed_per_week: -1", "-1") +
                                    "costs.interventions.hei_link.fixed_per_week: ",
                                "out of range"});
  }
  SECTION("a currency that is not a code") {
    const std::string yaml = with_costs("  currency: pounds\n");
    require_bad_scenario(
        yaml, {where(yaml, "currency: pounds", "pounds") + "costs.currency: ", "ISO 4217"});
  }
  SECTION("a fractional price year") {
    const std::string yaml = with_costs("  price_year: 2023.5\n");
    require_bad_scenario(
        yaml, {where(yaml, "price_year: 2023.5", "2023.5") + "costs.price_year: ", "'2023.5'"});
  }
  SECTION("a bad --set") {
    const TempDir dir;
    dir.write(kFile, kScenario);
    const std::string set = "costs.recruitment_per_hire=-1";
    require_rejected(dir, {"validate", kFile, "--set", set},
                     {"--set " + set + ": costs.recruitment_per_hire: ", "out of range"});
  }
  SECTION("a --set through an unknown key names the override") {
    const TempDir dir;
    dir.write(kFile, kScenario);
    const std::string set = "costs.interventions.dictation.fixed_per_week=1";
    require_rejected(dir, {"validate", kFile, "--set", set},
                     {"--set " + set + ": costs.interventions.dictation: ",
                      "did you mean 'dictation_software'"});
  }
}

TEST_CASE("cli: structural mistakes are rejected", "[cli]") {
  SECTION("roles that do not add up to the team size") {
    const std::string yaml = with(kScenario, "social_worker: 5", "social_worker: 4");
    require_bad_scenario(
        yaml, {where(yaml, "roles: {", "{") + "organisations.0.teams.0.roles: ", "size is 6"});
  }
  SECTION("a team without a size") {
    const std::string yaml = with(kScenario, ", size: 6}", "}");
    require_bad_scenario(yaml, {where(yaml, "{id: team_b", "{") + "organisations.0.teams.1: ",
                                "missing required key 'size'"});
  }
  SECTION("YAML syntax error") {
    const std::string yaml = with(kScenario, "interventions: []", "interventions: [{type: x");
    const TempDir dir;
    dir.write(kFile, yaml);
    const ProcessResult run =
        require_rejected(dir, {"run", kFile, "-o", "out.h5"}, {"YAML syntax error"});
    CHECK(has_file_position(run.err));
    const ProcessResult validate =
        require_rejected(dir, {"validate", kFile}, {"YAML syntax error"});
    CHECK(has_file_position(validate.err));
  }
  SECTION("an empty file") {
    require_bad_scenario("", {kFile, "empty"});
  }
}

TEST_CASE("cli: a missing scenario file is rejected", "[cli]") {
  const TempDir dir;
  // Without -o: the default results/ folder must not be created either.
  require_rejected(dir, {"run", "missing.yaml"}, {"missing.yaml"});
  require_rejected(dir, {"run", "missing.yaml", "-o", "out.h5"}, {"missing.yaml"});
  require_rejected(dir, {"validate", "missing.yaml"}, {"missing.yaml"});
}

TEST_CASE("cli: bad --set overrides are rejected", "[cli]") {
  const TempDir dir;
  dir.write(kFile, kScenario);
  const auto run_with = [&](const std::string& set, const std::vector<std::string>& fragments) {
    require_rejected(dir, {"run", kFile, "-o", "out.h5", "--set", set}, fragments);
    require_rejected(dir, {"validate", kFile, "--set", set}, fragments);
  };
  SECTION("no '='") {
    run_with("weeks", {"--set weeks", "KEY=VALUE"});
  }
  SECTION("no key") {
    run_with("=3", {"--set =3"});
  }
  SECTION("no value") {
    run_with("weeks=", {"--set weeks=", "weeks: "});
  }
  SECTION("unknown key") {
    run_with("parameters.leaving.nope=1",
             {"--set parameters.leaving.nope=1: parameters.leaving.nope: ", "unknown key 'nope'"});
  }
  SECTION("a key inside a single value") {
    run_with("weeks.x=1", {"--set weeks.x=1: weeks.x: "});
  }
  SECTION("list index out of range") {
    run_with("organisations.5.id=x", {"--set organisations.5.id=x: organisations.5.id: "});
  }
  SECTION("a valid key with a bad value") {
    run_with("weeks=0", {"--set weeks=0: weeks: ", "out of range"});
  }
}

TEST_CASE("cli: bad command lines are rejected", "[cli]") {
  const TempDir dir;
  dir.write(kFile, kScenario);
  const std::vector<std::string> run{"run", kFile, "-o", "out.h5"};
  const auto plus = [&](std::vector<std::string> extra) {
    extra.insert(extra.begin(), run.begin(), run.end());
    return extra;
  };
  SECTION("zero threads") {
    require_rejected(dir, plus({"--threads", "0"}), {"--threads"});
  }
  SECTION("negative replicates") {
    require_rejected(dir, plus({"--replicates", "-1"}), {"--replicates"});
  }
  SECTION("weeks beyond the limit") {
    require_rejected(dir, plus({"--weeks", "5201"}), {"--weeks"});
  }
  SECTION("a seed too large for the engine: refused, not clamped to 2^63 - 1") {
    require_rejected(dir, plus({"--seed", "9223372036854775808"}),
                     {"--seed", "9223372036854775808", "not a whole number"});
  }
  SECTION("replicates that overflow any integer") {
    require_rejected(dir, plus({"--replicates", "99999999999999999999999"}), {"--replicates"});
  }
  SECTION("a number with trailing text") {
    require_rejected(dir, plus({"--replicates", "12abc"}), {"--replicates"});
  }
  SECTION("an unknown option") {
    require_rejected(dir, plus({"--bogus"}), {"--bogus"});
  }
  SECTION("no subcommand") {
    require_rejected(dir, {}, {});
  }
  SECTION("an unknown subcommand") {
    require_rejected(dir, {"frobnicate"}, {});
  }
  SECTION("run without a scenario") {
    require_rejected(dir, {"run"}, {});
  }
}

TEST_CASE("cli: validate prints the resolved scenario", "[cli]") {
  const TempDir dir;
  dir.write(kFile, kScenario);
  SECTION("as written") {
    const ProcessResult result = run_wfsim({"validate", kFile}, {dir.path()});
    INFO(result.describe());
    REQUIRE(result.exit_code == kExitOk);
    CHECK_THAT(result.out, Contains("\nweeks: 10\n"));
    CHECK_THAT(result.out, Contains("annual_rate: 0.15"));
    // Resolved means complete: it must validate again to the same text.
    dir.write("resolved.yaml", result.out);
    const ProcessResult again = run_wfsim({"validate", "resolved.yaml"}, {dir.path()});
    INFO(again.describe());
    CHECK(again.exit_code == kExitOk);
    CHECK(again.out == result.out);
  }
  SECTION("with --set") {
    const ProcessResult result = run_wfsim({"validate", kFile, "--set", "weeks=7"}, {dir.path()});
    INFO(result.describe());
    REQUIRE(result.exit_code == kExitOk);
    CHECK_THAT(result.out, Contains("\nweeks: 7\n"));
  }
  SECTION("with --set of a parameter the file does not mention") {
    // the documented example, `--set parameters.leaving.annual_rate=0.16`,
    // applied to a scenario that has no `parameters:` block (as baseline.yaml).
    const std::string yaml =
        with(kScenario, "parameters:\n  leaving:\n    annual_rate: 0.15\n", "");
    dir.write("bare.yaml", yaml);
    const ProcessResult result = run_wfsim(
        {"validate", "bare.yaml", "--set", "parameters.leaving.annual_rate=0.16"}, {dir.path()});
    INFO(result.describe());
    CHECK(result.exit_code == kExitOk);
    CHECK_THAT(result.out, Contains("annual_rate: 0.16"));
  }
}

TEST_CASE("cli: an unwritable output path is rejected before the run", "[cli]") {
  const TempDir dir;
  dir.write(kFile, kScenario);
  SECTION("a directory that cannot be created") {
    require_rejected(dir, {"run", kFile, "-o", "/proc/forbidden/x.h5"}, {"/proc/forbidden"});
    CHECK_FALSE(fs::exists("/proc/forbidden/x.h5"));
  }
  SECTION("a parent that is a regular file") {
    const std::string before = wfsim::test::read_file(dir / kFile);
    require_rejected(dir, {"run", kFile, "-o", kFile + "/x.h5"}, {kFile + "/x.h5"});
    CHECK(wfsim::test::read_file(dir / kFile) == before);
  }
  SECTION("an existing directory") {
    fs::create_directory(dir / "out.d");
    require_rejected(dir, {"run", kFile, "-o", "out.d"}, {"out.d"});
    CHECK(fs::is_empty(dir / "out.d"));
  }
}

TEST_CASE("cli: a failed run leaves the previous results untouched", "[cli]") {
  const TempDir dir;
  dir.write(kFile, kScenario);
  const ProcessResult first =
      run_wfsim({"run", kFile, "-o", "out.h5", "--threads", "1"}, {dir.path()});
  INFO(first.describe());
  REQUIRE(first.exit_code == kExitOk);
  REQUIRE(fs::is_regular_file(dir / "out.h5"));
  CHECK(dir.entries() == std::set<std::string>{kFile, "out.h5"});
  const std::string previous = wfsim::test::read_file(dir / "out.h5");

  dir.write("bad.yaml", with(kScenario, "weeks: 10", "weeks: many"));
  const std::vector<std::vector<std::string>> failures{
      {"run", "bad.yaml", "-o", "out.h5"},
      {"run", kFile, "-o", "out.h5", "--set", "weeks=0"},
      {"run", kFile, "-o", "out.h5", "--threads", "0"},
      {"run", "missing.yaml", "-o", "out.h5"},
  };
  for (const std::vector<std::string>& args : failures) {
    const ProcessResult result = run_wfsim(args, {dir.path()});
    INFO(args[1] << " " << args.back() << "\n" << result.describe());
    CHECK(result.exit_code == kExitBadInput);
    CHECK(wfsim::test::read_file(dir / "out.h5") == previous);
    CHECK(dir.entries() == std::set<std::string>{kFile, "bad.yaml", "out.h5"});
  }
}
