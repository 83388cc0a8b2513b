// A workshop session: one scenario, one seed, one or two arms (a, and b for
// side by side) on the same random numbers, each arm as 1 to 10 runs
// (replicates 0, 1, ... of the engine; run r of arm a and run r of arm b
// share their random numbers, so they are paired). Each run has its own
// background thread through the engine's Recorder hook: after recording a
// week the recorder blocks until the session lets the run advance, which is
// how play, pause, step and speed work, and how the runs are kept in step
// (none starts week t + 1 before all have finished week t).
//
// Every run publishes a "week" event with its metrics; run 0 of each arm
// also publishes its people's state ("people" events), thinned to at most
// kPeoplePerSecond a second while playing, because a large scenario's
// people are tens of kilobytes a week; the week where a run stops (pause,
// step, the last week) is always sent.
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
  static constexpr int kMaxRuns = 10;
  static constexpr double kPeoplePerSecond = 10;

  /// Builds the arms' models (ApiError 400 if the scenario rejects the
  /// levers) and starts `runs` runs of each, paused at week 0. `card` and
  /// `slots` must outlive the session; `max_agents` bounds runs x posts.
  Session(std::string id, const ScenarioCard& card, const ScenarioSchema& schema,
          std::uint64_t seed, int runs, const nlohmann::json& levers_a,
          const std::optional<nlohmann::json>& levers_b, RunSlots& slots, std::size_t max_agents);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  const std::string& id() const { return id_; }
  const ScenarioCard& card() const { return card_; }

  /// The session object of the API, current.
  nlohmann::json to_json() const;
  /// POST /control: play, pause, step, reset, speed, levers, arms, runs,
  /// seed. Throws ApiError 400 (bad request) or 409 (e.g. play when finished).
  nlohmann::json control(const nlohmann::json& request);
  /// Weekly metrics of run `run` of `arm` ("a" or "b") from week `since` on.
  nlohmann::json series(const std::string& arm, int since, int run) const;
  /// The latest "people" event payload of `arm`; week and people null before week 0.
  nlohmann::json people(const std::string& arm) const;
  /// Each arm's latest "people" event payload, for a stream that has just opened.
  std::vector<std::string> latest_people() const;
  /// One line of the facilitator's list: scenario, week, status, runs, arms.
  nlohmann::json summary() const;
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
  /// One run (replicate) of one arm.
  struct Run {
    std::size_t arm = 0;  ///< 0 for a, 1 for b
    int replicate = 0;
    std::shared_ptr<const ArmModel> model;
    int week = -1;                            ///< last week recorded, -1 before week 0
    std::vector<std::vector<double>> series;  ///< [metric][week]
    std::string error;                        ///< why the run failed, if it did
    std::thread thread;
  };
  /// Run 0's people for one arm: the latest week's, and when they were last sent.
  struct PeopleFeed {
    std::string latest;  ///< the "people" event payload, JSON
    int latest_week = -1;
    int sent_week = -1;
    std::chrono::steady_clock::time_point sent_at;
  };

  void run_thread(Run& run);
  /// After recording `week`: blocks until the run may compute week + 1; false if stopped.
  bool wait_for_turn(int week);
  bool all_runs_at(int week) const;  // needs mutex_
  /// Whether run 0's people at `week` are to be sent now (needs mutex_).
  bool people_due(const PeopleFeed& feed, int week) const;
  /// Publishes the arms' latest people not yet sent (needs mutex_).
  void flush_people();
  /// Stops the runs, installs `models` as the arms with `runs` runs each,
  /// and starts again from week 0 with `status`. Called with control_mutex_ held.
  void restart(std::vector<std::shared_ptr<const ArmModel>> models, int runs,
               const std::string& status);
  void start_threads();
  void join_threads();
  /// ApiError 409 if `runs` runs of this scenario exceed the agent limit.
  void check_runs(int runs) const;
  const Run& run_of(const std::string& arm, int run) const;  // needs mutex_; ApiError 400/404
  nlohmann::json to_json_locked() const;                     // needs mutex_
  void publish_status();

  const std::string id_;
  const ScenarioCard& card_;
  const ScenarioSchema& schema_;
  const int weeks_;
  const std::size_t max_agents_;
  RunSlots& slots_;
  EventHub events_;

  std::mutex control_mutex_;  ///< one control action at a time
  mutable std::mutex mutex_;  ///< guards everything below
  std::condition_variable changed_;
  std::uint64_t seed_;
  int run_count_ = 1;
  std::vector<std::unique_ptr<Run>> runs_;  ///< arm a's runs, then arm b's
  std::vector<PeopleFeed> people_;          ///< per arm
  std::string status_ = "paused";           ///< paused, playing or finished
  double speed_ = kDefaultSpeed;
  int target_ = 0;  ///< arms may compute up to this week
  std::chrono::steady_clock::time_point next_tick_;
  std::atomic<bool> stop_{false};
  bool stopped_ = false;

  std::atomic<std::int64_t> last_active_;
  std::atomic<int> streams_{0};
};

}  // namespace wfsim::serve
