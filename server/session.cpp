#include "server/session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "record/metrics.hpp"
#include "server/api_error.hpp"
#include "server/levers.hpp"
#include "server/views.hpp"

namespace wfsim::serve {

namespace {

using Clock = std::chrono::steady_clock;

const char* arm_name(std::size_t index) {
  return index == 0 ? "a" : "b";
}

std::string required_string(const nlohmann::json& request, const char* key, const char* example) {
  const auto found = request.find(key);
  if (found == request.end() || !found->is_string()) {
    throw ApiError(400, fmt::format("'{}' must be a string (hint: e.g. {})", key, example));
  }
  return found->get<std::string>();
}

}  // namespace

Session::Session(std::string id, const ScenarioCard& card, const ScenarioSchema& schema,
                 std::uint64_t seed, const nlohmann::json& levers_a,
                 const std::optional<nlohmann::json>& levers_b, RunSlots& slots)
    : id_(std::move(id)),
      card_(card),
      schema_(schema),
      seed_(seed),
      weeks_(card.scenario.weeks),
      slots_(slots),
      last_active_(Clock::now().time_since_epoch().count()) {
  std::vector<std::shared_ptr<const ArmModel>> models{
      build_arm_model(card, schema, levers_a, seed)};
  if (levers_b) models.push_back(build_arm_model(card, schema, *levers_b, seed));
  const std::lock_guard control(control_mutex_);
  restart(std::move(models), "paused");
}

Session::~Session() {
  stop();
}

void Session::stop() {
  const std::lock_guard control(control_mutex_);
  join_threads();
  events_.close_all();
  const std::lock_guard lock(mutex_);
  stopped_ = true;
}

void Session::touch() {
  last_active_.store(Clock::now().time_since_epoch().count());
}

Clock::time_point Session::last_active() const {
  return Clock::time_point(Clock::duration(last_active_.load()));
}

void Session::join_threads() {
  {
    const std::lock_guard lock(mutex_);
    stop_.store(true);
  }
  changed_.notify_all();
  slots_.wake_all();
  for (const auto& arm : arms_)
    if (arm->thread.joinable()) arm->thread.join();
}

void Session::restart(std::vector<std::shared_ptr<const ArmModel>> models,
                      const std::string& status) {
  join_threads();
  {
    const std::lock_guard lock(mutex_);
    if (stopped_)
      throw ApiError(404, fmt::format("session '{}' has ended (hint: start a new one)", id_));
    arms_.clear();
    for (auto& model : models) {
      auto arm = std::make_unique<Arm>();
      arm->series.resize(model->metrics.size());
      arm->model = std::move(model);
      arms_.push_back(std::move(arm));
    }
    status_ = status;
    target_ = 0;
    next_tick_ = Clock::now();
    stop_.store(false);
  }
  publish_status();
  start_threads();
}

void Session::start_threads() {
  for (std::size_t index = 0; index < arms_.size(); ++index) {
    Arm& arm = *arms_[index];
    arm.thread = std::thread([this, &arm, index] { run_arm(arm, index); });
  }
}

void Session::run_arm(Arm& arm, std::size_t index) {
  const ArmModel& model = *arm.model;
  SlotGuard slot(slots_, stop_);  // the set-up before week 0 counts as advancing
  if (!slot.held()) return;
  const std::vector<std::string> scopes = metric_scopes(model.simulation->world());
  SeriesTable table(scopes, model.metrics, 1, weeks_);
  MetricScratch scratch(model.simulation->world());

  const auto record = [&](int week, const ReplicateState& state) {
    record_metrics(model.simulation->world(), state, 0, week, scratch, table);
    nlohmann::json metrics = nlohmann::json::object();
    std::vector<double> values(model.metrics.size());
    for (std::size_t m = 0; m < model.metrics.size(); ++m) {
      values[m] = table.at(0, m, 0, week);
      metrics[model.metrics[m]] = values[m];
    }
    const std::string event =
        nlohmann::json{{"arm", arm_name(index)},
                       {"week", week},
                       {"metrics", std::move(metrics)},
                       {"people", people_json(model.simulation->world(), state)}}
            .dump();
    slot.release();
    bool finished = false;
    {
      const std::lock_guard lock(mutex_);
      for (std::size_t m = 0; m < values.size(); ++m) arm.series[m].push_back(values[m]);
      arm.week = week;
      events_.publish("week", event);
      if (all_arms_at(weeks_) && status_ != "finished") {
        status_ = "finished";
        finished = true;
      }
    }
    changed_.notify_all();
    if (finished) publish_status();
    if (week < weeks_ && wait_for_turn(week)) slot.reacquire(stop_);
  };

  try {
    model.simulation->run(seed_, 0, weeks_, record, &stop_);
  } catch (const std::exception& failure) {
    const std::lock_guard lock(mutex_);
    arm.error = failure.what();
    if (status_ == "playing") status_ = "paused";
  }
}

bool Session::all_arms_at(int week) const {
  return std::all_of(arms_.begin(), arms_.end(),
                     [&](const auto& arm) { return arm->week >= week; });
}

bool Session::wait_for_turn(int week) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (stop_.load()) return false;
    if (target_ > week) return true;
    if (status_ == "playing" && target_ < weeks_ && all_arms_at(target_)) {
      // Playing: the last arm to arrive, or the first to wake after the
      // tick, lets both arms take the next week.
      const auto now = Clock::now();
      if (now >= next_tick_) {
        ++target_;
        const auto period = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(1.0 / speed_));
        next_tick_ = std::max(next_tick_ + period, now);
        changed_.notify_all();
        continue;
      }
      changed_.wait_until(lock, next_tick_);
    } else {
      changed_.wait(lock);
    }
  }
}

nlohmann::json Session::control(const nlohmann::json& request) {
  touch();
  if (!request.is_object()) {
    throw ApiError(400, "the control body must be a JSON object (hint: {\"action\": \"play\"})");
  }
  const std::string action = required_string(request, "action", "{\"action\": \"play\"}");
  const std::lock_guard control(control_mutex_);
  const auto set_status = [&](const std::string& status) {
    {
      const std::lock_guard lock(mutex_);
      status_ = status;
      next_tick_ = Clock::now();
    }
    changed_.notify_all();
    publish_status();
  };
  const auto finished = [&] {
    const std::lock_guard lock(mutex_);
    return status_ == "finished";
  };
  const auto current_models = [&] {
    const std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<const ArmModel>> models;
    for (const auto& arm : arms_) models.push_back(arm->model);
    return models;
  };
  const auto status_after_restart = [&] {
    const std::lock_guard lock(mutex_);
    return status_ == "playing" ? std::string("playing") : std::string("paused");
  };

  if (action == "play" || action == "step") {
    if (finished()) {
      throw ApiError(409, fmt::format("the run has reached its last week ({}) (hint: send "
                                      "{{\"action\": \"reset\"}} to start again)",
                                      weeks_));
    }
    if (action == "play") {
      set_status("playing");
    } else {
      {
        const std::lock_guard lock(mutex_);
        target_ = std::min(weeks_, target_ + 1);
        status_ = "paused";
      }
      changed_.notify_all();
      publish_status();
    }
  } else if (action == "pause") {
    if (!finished()) set_status("paused");
  } else if (action == "reset") {
    restart(current_models(), "paused");
  } else if (action == "speed") {
    const auto speed = request.find("weeks_per_second");
    if (speed == request.end() || !speed->is_number() || !(speed->get<double>() >= kMinSpeed) ||
        !(speed->get<double>() <= kMaxSpeed)) {
      throw ApiError(400, fmt::format("'weeks_per_second' must be a number from {} to {} (hint: "
                                      "{{\"action\": \"speed\", \"weeks_per_second\": 8}})",
                                      kMinSpeed, kMaxSpeed));
    }
    {
      const std::lock_guard lock(mutex_);
      speed_ = speed->get<double>();
      next_tick_ =
          std::min(next_tick_, Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                  std::chrono::duration<double>(1.0 / speed_)));
    }
    changed_.notify_all();
    publish_status();
  } else if (action == "levers") {
    const std::string arm = required_string(request, "arm", "\"a\" or \"b\"");
    if (arm != "a" && arm != "b")
      throw ApiError(400, fmt::format("unknown arm '{}' (hint: \"a\" or \"b\")", arm));
    const auto levers = request.find("levers");
    if (levers == request.end())
      throw ApiError(400, "'levers' is missing (hint: {\"levers\": {\"hot_desking_share\": 0.3}})");
    std::vector<std::shared_ptr<const ArmModel>> models = current_models();
    const std::size_t index = arm == "a" ? 0 : 1;
    if (index >= models.size()) {
      throw ApiError(409,
                     "the session has no arm b (hint: add it with {\"action\": \"arms\", "
                     "\"b\": {}})");
    }
    const nlohmann::json values =
        apply_lever_changes(card_.scenario, models[index]->levers, *levers);
    models[index] = build_arm_model(card_, schema_, values, seed_);
    restart(std::move(models), status_after_restart());
  } else if (action == "arms") {
    const auto b = request.find("b");
    if (b == request.end()) {
      throw ApiError(400,
                     "'b' is missing (hint: {\"action\": \"arms\", \"b\": {...}} to add or "
                     "replace arm b, \"b\": null to remove it)");
    }
    std::vector<std::shared_ptr<const ArmModel>> models = current_models();
    models.resize(1);
    if (!b->is_null()) {
      const nlohmann::json values =
          apply_lever_changes(card_.scenario, scenario_lever_values(card_.scenario), *b);
      models.push_back(build_arm_model(card_, schema_, values, seed_));
    }
    restart(std::move(models), status_after_restart());
  } else {
    throw ApiError(400, fmt::format("unknown action '{}' (hint: play, pause, step, reset, speed, "
                                    "levers or arms)",
                                    action));
  }
  return to_json();
}

nlohmann::json Session::to_json() const {
  const std::lock_guard lock(mutex_);
  return to_json_locked();
}

nlohmann::json Session::to_json_locked() const {
  int week = weeks_;
  nlohmann::json arms = nlohmann::json::object();
  std::string error;
  for (std::size_t index = 0; index < arms_.size(); ++index) {
    week = std::min(week, arms_[index]->week);
    arms[arm_name(index)] = {{"levers", arms_[index]->model->levers}};
    if (!arms_[index]->error.empty()) error = arms_[index]->error;
  }
  nlohmann::json evidence = nlohmann::json::array();
  for (const EvidenceSpec& item : card_.scenario.evidence) evidence.push_back(item.id);
  nlohmann::json session = {{"id", id_},
                            {"scenario", card_.id},
                            {"seed", seed_},
                            {"weeks", weeks_},
                            {"week", std::max(0, week)},
                            {"status", status_},
                            {"speed", speed_},
                            {"arms", std::move(arms)},
                            {"metrics", arms_.front()->model->metrics},
                            {"evidence", std::move(evidence)}};
  if (!error.empty()) session["error"] = "the simulation failed: " + error;
  return session;
}

void Session::publish_status() {
  events_.publish("status", to_json().dump());
}

nlohmann::json Session::series(const std::string& arm_key, int since) const {
  const std::lock_guard lock(mutex_);
  const std::size_t index = arm_key == "a" ? 0 : 1;
  if (arm_key != "a" && arm_key != "b")
    throw ApiError(400, fmt::format("unknown arm '{}' (hint: arm=a or arm=b)", arm_key));
  if (index >= arms_.size())
    throw ApiError(
        404, "the session has no arm b (hint: add it with {\"action\": \"arms\", \"b\": {}})");
  const Arm& arm = *arms_[index];
  nlohmann::json weeks = nlohmann::json::array();
  for (int week = since; week <= arm.week; ++week) weeks.push_back(week);
  nlohmann::json series = nlohmann::json::object();
  for (std::size_t m = 0; m < arm.model->metrics.size(); ++m) {
    const auto& values = arm.series[m];
    const auto first = std::min(values.size(), static_cast<std::size_t>(since));
    series[arm.model->metrics[m]] =
        std::vector<double>(values.begin() + static_cast<std::ptrdiff_t>(first), values.end());
  }
  return {{"arm", arm_key}, {"weeks", std::move(weeks)}, {"series", std::move(series)}};
}

nlohmann::json Session::metric_descriptions() const {
  std::shared_ptr<const ArmModel> model;
  {
    const std::lock_guard lock(mutex_);
    model = arms_.front()->model;
  }
  nlohmann::json described = nlohmann::json::array();
  for (const std::string& name : model->metrics) {
    const MetricDescription d = describe_metric(name, model->scenario.costs.currency);
    described.push_back({{"name", name},
                         {"label", d.label},
                         {"unit", d.unit},
                         {"share", d.share},
                         {"zero_based", d.zero_based},
                         {"money", d.money}});
  }
  return described;
}

nlohmann::json Session::network() const {
  std::shared_ptr<const ArmModel> model;
  {
    const std::lock_guard lock(mutex_);
    model = arms_.front()->model;
  }
  return network_json(model->simulation->world());
}

}  // namespace wfsim::serve
