#include "server/arm_model.hpp"

#include <fmt/format.h>

#include "models/model.hpp"
#include "record/metrics.hpp"
#include "server/api_error.hpp"
#include "server/levers.hpp"

namespace wfsim::serve {

std::shared_ptr<const ArmModel> build_arm_model(const ScenarioCard& card,
                                                const ScenarioSchema& schema,
                                                const nlohmann::json& levers, std::uint64_t seed) {
  auto arm = std::make_shared<ArmModel>();
  arm->levers = levers;
  arm->scenario = card.scenario;
  try {
    apply_levers(arm->scenario, levers, schema);
  } catch (const InputError& error) {
    throw ApiError(400, fmt::format("the scenario rejects these lever values: {}", error.what()));
  }
  arm->scenario.seed = seed;
  arm->simulation = std::make_unique<Simulation>(model::build_simulation(arm->scenario));
  arm->metrics = metric_names(arm->simulation->world());
  return arm;
}

}  // namespace wfsim::serve
