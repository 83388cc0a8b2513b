// A workshop session: one scenario, one seed, one or two arms (a, and b for
// side by side) on the same random numbers. Each arm runs on its own
// background thread through the engine's Recorder hook: after recording a
// week the recorder blocks until the session lets the arm advance, which is
// how play, pause, step and speed work, and how the arms are kept in step
// (neither starts week t + 1 before both have finished week t).
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/arm_model.hpp"
#include "server/catalogue.hpp"
#include "server/event_hub.hpp"
#include "server/run_slots.hpp"

namespace wfsim::serve {

class Session {
 public:
  static constexpr double kDefaultSpeed = 4;  ///< weeks per second
  static constexpr double kMinSpeed = 1;
  static constexpr double kMaxSpeed = 52;

  /// Builds the arms' models (ApiError 400 if the scenario rejects the
  /// levers) and starts them, paused at week 0. `card` and `slots` must
  /// outlive the session.
  Session(std::string id, const ScenarioCard& card, const ScenarioSchema& schema,
          std::uint64_t seed, const nlohmann::json& levers_a,
          const std::optional<nlohmann::json>& levers_b, RunSlots& slots);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  const std::string& id() const { return id_; }
  const ScenarioCard& card() const { return card_; }

  /// The session object of the API, current.
  nlohmann::json to_json() const;
  /// POST /control: play, pause, step, reset, speed, levers, arms. Throws
  /// ApiError 400 (bad request) or 409 (e.g. play when finished).
  nlohmann::json control(const nlohmann::json& request);
  /// Weekly metrics of `arm` ("a" or "b") from week `since` on.
  nlohmann::json series(const std::string& arm, int since) const;
  /// The static contact network of arm a's world.
  nlohmann::json network() const;
  /// How each metric of the session is shown (describe_metric), in the
  /// session's metric order: GET /api/sessions/ID/metrics.
  nlohmann::json metric_descriptions() const;

  EventHub& events() { return events_; }
  /// Ends the runs and closes the event streams; idempotent.
  void stop();

  /// Activity, for idle reclamation: a request, or an open event stream.
  void touch();
  std::chrono::steady_clock::time_point last_active() const;
  void stream_opened() { ++streams_; }
  void stream_closed() { --streams_; }
  int streams() const { return streams_.load(); }

 private:
  struct Arm {
    std::shared_ptr<const ArmModel> model;
    int week = -1;                            ///< last week recorded, -1 before week 0
    std::vector<std::vector<double>> series;  ///< [metric][week]
    std::string error;                        ///< why the run failed, if it did
    std::thread thread;
  };

  void run_arm(Arm& arm, std::size_t index);
  /// After recording `week`: blocks until the arm may compute week + 1; false if stopped.
  bool wait_for_turn(int week);
  bool all_arms_at(int week) const;  // needs mutex_
  /// Stops the runs, installs `models` as the arms, and starts again from
  /// week 0 with `status`. Called with control_mutex_ held.
  void restart(std::vector<std::shared_ptr<const ArmModel>> models, const std::string& status);
  void start_threads();
  void join_threads();
  nlohmann::json to_json_locked() const;  // needs mutex_
  void publish_status();

  const std::string id_;
  const ScenarioCard& card_;
  const ScenarioSchema& schema_;
  const std::uint64_t seed_;
  const int weeks_;
  RunSlots& slots_;
  EventHub events_;

  std::mutex control_mutex_;  ///< one control action at a time
  mutable std::mutex mutex_;  ///< guards everything below
  std::condition_variable changed_;
  std::vector<std::unique_ptr<Arm>> arms_;
  std::string status_ = "paused";  ///< paused, playing or finished
  double speed_ = kDefaultSpeed;
  int target_ = 0;  ///< arms may compute up to this week
  std::chrono::steady_clock::time_point next_tick_;
  std::atomic<bool> stop_{false};
  bool stopped_ = false;

  std::atomic<std::int64_t> last_active_;
  std::atomic<int> streams_{0};
};

}  // namespace wfsim::serve
