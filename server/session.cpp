#include "server/session.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "record/metrics.hpp"
#include "server/api_error.hpp"
#include "server/levers.hpp"
#include "server/request_fields.hpp"
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
                 std::uint64_t seed, int runs, const nlohmann::json& levers_a,
                 const std::optional<nlohmann::json>& levers_b, RunSlots& slots,
                 std::size_t max_agents)
    : id_(std::move(id)),
      card_(card),
      schema_(schema),
      weeks_(card.scenario.weeks),
      max_agents_(max_agents),
      slots_(slots),
      seed_(seed),
      last_active_(Clock::now().time_since_epoch().count()) {
  check_runs(runs);
  std::vector<std::shared_ptr<const ArmModel>> models{
      build_arm_model(card, schema, levers_a, seed)};
  if (levers_b) models.push_back(build_arm_model(card, schema, *levers_b, seed));
  const std::lock_guard control(control_mutex_);
  restart(std::move(models), runs, "paused");
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

void Session::check_runs(int runs) const {
  if (static_cast<std::size_t>(runs) * card_.posts > max_agents_) {
    throw ApiError(409,
                   fmt::format("{} runs of '{}' ({} posts each) exceed this server's limit of {} "
                               "posts at once (hint: 1 run, or a smaller scenario)",
                               runs, card_.id, card_.posts, max_agents_),
                   fmt::format("{} runs of this scenario are too much for this server: it has {} "
                               "people. Use 1 run, or a smaller scenario.",
                               runs, card_.posts));
  }
}

void Session::join_threads() {
  {
    const std::lock_guard lock(mutex_);
    stop_.store(true);
  }
  changed_.notify_all();
  slots_.wake_all();
  for (const auto& run : runs_)
    if (run->thread.joinable()) run->thread.join();
}

void Session::restart(std::vector<std::shared_ptr<const ArmModel>> models, int runs,
                      const std::string& status) {
  join_threads();
  {
    const std::lock_guard lock(mutex_);
    if (stopped_)
      throw ApiError(404, fmt::format("session '{}' has ended (hint: start a new one)", id_));
    runs_.clear();
    for (std::size_t arm = 0; arm < models.size(); ++arm) {
      for (int replicate = 0; replicate < runs; ++replicate) {
        auto run = std::make_unique<Run>();
        run->arm = arm;
        run->replicate = replicate;
        run->series.resize(models[arm]->metrics.size());
        run->model = models[arm];
        runs_.push_back(std::move(run));
      }
    }
    seed_ = models.front()->scenario.seed;
    run_count_ = runs;
    people_.assign(models.size(), PeopleFeed{});
    status_ = status;
    target_ = 0;
    next_tick_ = Clock::now();
    stop_.store(false);
  }
  publish_status();
  start_threads();
}

void Session::start_threads() {
  for (const auto& run : runs_) run->thread = std::thread([this, &run = *run] { run_thread(run); });
}

bool Session::people_due(const PeopleFeed& feed, int week) const {
  const bool stops_here = week >= weeks_ || (status_ != "playing" && target_ <= week);
  const auto period = std::chrono::duration<double>(1.0 / kPeoplePerSecond);
  return stops_here || feed.sent_week < 0 || Clock::now() - feed.sent_at >= period;
}

void Session::flush_people() {
  for (PeopleFeed& feed : people_) {
    if (feed.latest_week <= feed.sent_week) continue;
    events_.publish("people", feed.latest);
    feed.sent_week = feed.latest_week;
    feed.sent_at = Clock::now();
  }
}

void Session::run_thread(Run& run) {
  const ArmModel& model = *run.model;
  const World& world = model.simulation->world();
  SlotGuard slot(slots_, stop_);  // the set-up before week 0 counts as advancing
  if (!slot.held()) return;
  const std::vector<std::string> scopes = metric_scopes(world);
  SeriesTable table(scopes, model.metrics, 1, weeks_);
  MetricScratch scratch(world);
  const bool shows_people = run.replicate == 0;

  const auto record = [&](int week, const ReplicateState& state) {
    record_metrics(world, state, 0, week, scratch, table);
    nlohmann::json metrics = nlohmann::json::object();
    std::vector<double> values(model.metrics.size());
    for (std::size_t m = 0; m < model.metrics.size(); ++m) {
      values[m] = table.at(0, m, 0, week);
      metrics[model.metrics[m]] = values[m];
    }
    const std::string event = nlohmann::json{
        {"arm", arm_name(run.arm)},
        {"run", run.replicate},
        {"week", week},
        {"metrics",
         std::move(metrics)}}.dump();
    std::string people;
    if (shows_people) {
      people =
          nlohmann::json{
              {"arm", arm_name(run.arm)}, {"week", week}, {"people", people_json(world, state)}}
              .dump();
    }
    slot.release();
    bool finished = false;
    {
      const std::lock_guard lock(mutex_);
      for (std::size_t m = 0; m < values.size(); ++m) run.series[m].push_back(values[m]);
      run.week = week;
      events_.publish("week", event);
      if (shows_people) {
        PeopleFeed& feed = people_[run.arm];
        feed.latest = std::move(people);
        feed.latest_week = week;
        if (people_due(feed, week)) {
          events_.publish("people", feed.latest);
          feed.sent_week = week;
          feed.sent_at = Clock::now();
        }
      }
      if (all_runs_at(weeks_) && status_ != "finished") {
        status_ = "finished";
        finished = true;
      }
    }
    changed_.notify_all();
    if (finished) publish_status();
    if (week < weeks_ && wait_for_turn(week)) slot.reacquire(stop_);
  };

  try {
    model.simulation->run(model.scenario.seed, run.replicate, weeks_, record, &stop_);
  } catch (const std::exception& failure) {
    const std::lock_guard lock(mutex_);
    run.error = failure.what();
    if (status_ == "playing") status_ = "paused";
  }
}

bool Session::all_runs_at(int week) const {
  return std::all_of(runs_.begin(), runs_.end(),
                     [&](const auto& run) { return run->week >= week; });
}

bool Session::wait_for_turn(int week) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (stop_.load()) return false;
    if (target_ > week) return true;
    if (status_ == "playing" && target_ < weeks_ && all_runs_at(target_)) {
      // Playing: the last run to arrive, or the first to wake after the
      // tick, lets every run take the next week.
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
      // A run paused while waiting for its tick shows the week it stopped at.
      if (status != "playing") flush_people();
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
    for (const auto& run : runs_)
      if (run->replicate == 0) models.push_back(run->model);
    return models;
  };
  const auto current_runs = [&] {
    const std::lock_guard lock(mutex_);
    return run_count_;
  };
  const auto current_seed = [&] {
    const std::lock_guard lock(mutex_);
    return seed_;
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
    restart(current_models(), current_runs(), "paused");
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
    models[index] = build_arm_model(card_, schema_, values, current_seed());
    restart(std::move(models), current_runs(), status_after_restart());
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
      models.push_back(build_arm_model(card_, schema_, values, current_seed()));
    }
    restart(std::move(models), current_runs(), status_after_restart());
  } else if (action == "runs") {
    if (request.find("runs") == request.end()) {
      throw ApiError(400, "'runs' is missing (hint: {\"action\": \"runs\", \"runs\": 10})");
    }
    const int runs = runs_field(request, 1, kMaxRuns);
    check_runs(runs);
    restart(current_models(), runs, status_after_restart());
  } else if (action == "seed") {
    if (request.find("seed") == request.end()) {
      throw ApiError(400, "'seed' is missing (hint: {\"action\": \"seed\", \"seed\": 7})");
    }
    const std::uint64_t seed = seed_field(request, 0);
    std::vector<std::shared_ptr<const ArmModel>> models;
    for (const auto& model : current_models())
      models.push_back(build_arm_model(card_, schema_, model->levers, seed));
    restart(std::move(models), current_runs(), status_after_restart());
  } else {
    throw ApiError(400, fmt::format("unknown action '{}' (hint: play, pause, step, reset, speed, "
                                    "levers, arms, runs or seed)",
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
  for (const auto& run : runs_) {
    week = std::min(week, run->week);
    if (run->replicate == 0) arms[arm_name(run->arm)] = {{"levers", run->model->levers}};
    if (!run->error.empty()) error = run->error;
  }
  nlohmann::json evidence = nlohmann::json::array();
  for (const EvidenceSpec& item : card_.scenario.evidence) evidence.push_back(item.id);
  nlohmann::json session = {{"id", id_},
                            {"scenario", card_.id},
                            {"seed", seed_},
                            {"runs", run_count_},
                            {"weeks", weeks_},
                            {"week", std::max(0, week)},
                            {"status", status_},
                            {"speed", speed_},
                            {"arms", std::move(arms)},
                            {"metrics", runs_.front()->model->metrics},
                            {"evidence", std::move(evidence)}};
  if (!error.empty()) session["error"] = "the simulation failed: " + error;
  return session;
}

nlohmann::json Session::summary() const {
  const std::lock_guard lock(mutex_);
  int week = weeks_;
  for (const auto& run : runs_) week = std::min(week, run->week);
  const auto idle = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - last_active());
  return {{"id", id_},
          {"scenario", card_.id},
          {"week", std::max(0, week)},
          {"weeks", weeks_},
          {"status", status_},
          {"runs", run_count_},
          {"arms", people_.size()},
          {"streams", streams_.load()},
          {"idle_seconds", idle.count()}};
}

void Session::publish_status() {
  events_.publish("status", to_json().dump());
}

const Session::Run& Session::run_of(const std::string& arm, int run) const {
  if (arm != "a" && arm != "b")
    throw ApiError(400, fmt::format("unknown arm '{}' (hint: arm=a or arm=b)", arm));
  const std::size_t index = arm == "a" ? 0 : 1;
  if (index >= people_.size())
    throw ApiError(
        404, "the session has no arm b (hint: add it with {\"action\": \"arms\", \"b\": {}})");
  if (run >= run_count_) {
    throw ApiError(404, fmt::format("the session has {} run(s), so run={} does not exist (hint: "
                                    "run=0 to {})",
                                    run_count_, run, run_count_ - 1));
  }
  return *runs_[index * static_cast<std::size_t>(run_count_) + static_cast<std::size_t>(run)];
}

nlohmann::json Session::series(const std::string& arm_key, int since, int run_index) const {
  const std::lock_guard lock(mutex_);
  const Run& run = run_of(arm_key, run_index);
  nlohmann::json weeks = nlohmann::json::array();
  for (int week = since; week <= run.week; ++week) weeks.push_back(week);
  nlohmann::json series = nlohmann::json::object();
  for (std::size_t m = 0; m < run.model->metrics.size(); ++m) {
    const auto& values = run.series[m];
    const auto first = std::min(values.size(), static_cast<std::size_t>(since));
    series[run.model->metrics[m]] =
        std::vector<double>(values.begin() + static_cast<std::ptrdiff_t>(first), values.end());
  }
  return {{"arm", arm_key},
          {"run", run_index},
          {"weeks", std::move(weeks)},
          {"series", std::move(series)}};
}

std::vector<std::string> Session::latest_people() const {
  const std::lock_guard lock(mutex_);
  std::vector<std::string> latest;
  for (const PeopleFeed& feed : people_)
    if (feed.latest_week >= 0) latest.push_back(feed.latest);
  return latest;
}

nlohmann::json Session::people(const std::string& arm_key) const {
  const std::lock_guard lock(mutex_);
  const Run& run = run_of(arm_key, 0);
  const PeopleFeed& feed = people_[run.arm];
  // Before week 0 (a run just started or restarted) there is nothing yet:
  // not an error, the people event of week 0 follows.
  if (feed.latest_week < 0) return {{"arm", arm_key}, {"week", nullptr}, {"people", nullptr}};
  return nlohmann::json::parse(feed.latest);
}

nlohmann::json Session::metric_descriptions() const {
  std::shared_ptr<const ArmModel> model;
  {
    const std::lock_guard lock(mutex_);
    model = runs_.front()->model;
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
    model = runs_.front()->model;
  }
  return network_json(model->simulation->world());
}

}  // namespace wfsim::serve
