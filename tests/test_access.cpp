// Every process declares the state columns it writes (ColumnAccess); with
// access checks on, the engine compares the state before and after each hook
// and fails on a column changed without a declaration. Every shipped
// scenario (every process and intervention path) runs so here, and a process
// that lies about its writes is caught.
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/scenario_io.hpp"
#include "models/model.hpp"
#include "sim/context.hpp"

using namespace wfsim;

namespace {

void run_checked(const Scenario& scenario, int weeks) {
  Simulation simulation = model::build_simulation(scenario);
  simulation.check_access(true);
  simulation.run(scenario.seed, 0, weeks, [](int, const ReplicateState&) {});
}

// Writes the burnout column while declaring that it writes nothing.
class UndeclaredWriter final : public Process {
 public:
  std::string_view name() const override { return "undeclared_writer"; }
  Phase phase() const override { return Phase::burnout; }
  ColumnAccess access() const override { return {{}, {}, {}, false}; }
  void step(WeekContext& context) const override {
    ReplicateState& s = context.state();
    context.for_each_post([&s](std::uint32_t post) { s.burnout.current[post] += 1.f; });
  }
};

}  // namespace

TEST_CASE("every process of every shipped scenario writes only what it declares", "[access]") {
  const ScenarioSchema schema = model::schema();
  for (const auto& entry : std::filesystem::directory_iterator(WFSIM_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const bool large = entry.path().stem() == "england";
    INFO(entry.path().filename().string());
    const Scenario scenario = load_scenario(entry.path(), {}, schema);
    // 60 weeks take every intervention through its start and end.
    CHECK_NOTHROW(run_checked(scenario, large ? 2 : 60));
  }
}

TEST_CASE("a process that writes a column it does not declare is caught", "[access]") {
  const Scenario scenario =
      load_scenario(WFSIM_SOURCE_DIR "/scenarios/sure_start_centre.yaml", {}, model::schema());
  std::vector<std::unique_ptr<Process>> processes;
  processes.push_back(std::make_unique<UndeclaredWriter>());
  Simulation simulation(std::make_shared<const World>(model::build_world(scenario)),
                        std::move(processes));
  simulation.check_access(true);
  CHECK_THROWS_WITH(simulation.run(1, 0, 1, [](int, const ReplicateState&) {}),
                    Catch::Contains("undeclared_writer wrote burnout in step()"));
  simulation.check_access(false);
  CHECK_NOTHROW(simulation.run(1, 0, 1, [](int, const ReplicateState&) {}));
}

namespace {

// Every column's bytes (the current values of double-buffered ones).
std::vector<unsigned char> state_bytes(const ReplicateState& state) {
  std::vector<unsigned char> bytes;
  ReplicateState::for_each_column(state, [&](const ColumnSpec&, const auto& column, auto) {
    const auto& values = current_values(column);
    const auto* first = reinterpret_cast<const unsigned char*>(values.data());
    bytes.insert(bytes.end(), first, first + values.size() * sizeof(values[0]));
  });
  return bytes;
}

}  // namespace

TEST_CASE("post-by-post processes in one pass end in the state of one at a time",
          "[access][determinism]") {
  // With access checks on, the engine runs every process on its own (to check
  // each one's writes); off, it runs consecutive post-by-post processes in one
  // pass over the posts. The final states must be equal, bit for bit.
  const ScenarioSchema schema = model::schema();
  for (const auto& entry : std::filesystem::directory_iterator(WFSIM_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".yaml" || entry.path().stem() == "england") continue;
    INFO(entry.path().filename().string());
    const Scenario scenario = load_scenario(entry.path(), {}, schema);
    Simulation simulation = model::build_simulation(scenario);
    ReplicateState one_at_a_time(simulation.world()), one_pass(simulation.world());
    simulation.check_access(true);
    simulation.run(
        scenario.seed, 0, 30, [](int, const ReplicateState&) {}, nullptr, one_at_a_time);
    simulation.check_access(false);
    simulation.run(
        scenario.seed, 0, 30, [](int, const ReplicateState&) {}, nullptr, one_pass);
    CHECK(state_bytes(one_at_a_time) == state_bytes(one_pass));
  }
}
