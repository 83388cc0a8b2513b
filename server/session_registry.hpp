// The sessions of one server and their limits: how many may exist, how big a
// scenario may be, how many simulations advance at once (RunSlots), and the
// reclamation of idle sessions by a background thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "server/catalogue.hpp"
#include "server/run_slots.hpp"
#include "server/session.hpp"

namespace wfsim::serve {

struct Limits {
  int max_sessions = 64;
  int max_running = 2;            ///< simulations advancing at once
  std::size_t max_agents = 5000;  ///< posts per scenario
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(20);
  int max_streams = 128;  ///< event streams open at once, over all sessions
  /// What one client (one IP address) may hold, so that one laptop cannot
  /// take the room's share: sessions and event streams.
  int max_sessions_per_client = 8;
  int max_streams_per_client = 16;
  std::chrono::milliseconds keepalive = std::chrono::seconds(15);  ///< SSE comment interval
};

class SessionRegistry {
 public:
  SessionRegistry(const Catalogue& catalogue, Limits limits);
  SessionRegistry(const SessionRegistry&) = delete;
  SessionRegistry& operator=(const SessionRegistry&) = delete;
  ~SessionRegistry();

  /// A new session for `client` (its IP address). ApiError 429 past the
  /// server's or the client's session limit or the agent limit, 400 for bad
  /// levers.
  std::shared_ptr<Session> create(const ScenarioCard& card, std::uint64_t seed, int runs,
                                  const nlohmann::json& levers_a,
                                  const std::optional<nlohmann::json>& levers_b,
                                  const std::string& client);
  /// The session with `id`, marked active (ApiError 404 if there is none).
  std::shared_ptr<Session> find(const std::string& id);
  /// Ends the session; false if there was none.
  bool remove(const std::string& id);
  /// Ends sessions with no request and no stream for the idle timeout; returns how many.
  int reclaim_idle();
  /// Ends every session and the reclaiming thread.
  void shutdown();

  std::size_t size() const;
  /// Every session's summary (Session::summary) with its client's address,
  /// for the facilitator's view.
  nlohmann::json summaries() const;
  const Limits& limits() const { return limits_; }
  RunSlots& slots() { return slots_; }

  /// Event streams: ApiError 429 when the server's or the client's streams
  /// are all open.
  void open_stream(const std::string& client);
  void close_stream(const std::string& client);

 private:
  std::string new_id();                              // needs mutex_
  void forget(const std::string& id);                // needs mutex_: the session's owner
  int sessions_of(const std::string& client) const;  // needs mutex_
  /// Stops `ended` (outside mutex_) and gives the memory their runs held back
  /// to the system.
  static void end_sessions(const std::vector<std::shared_ptr<Session>>& ended);

  const Catalogue& catalogue_;
  const Limits limits_;
  RunSlots slots_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Session>> sessions_;
  std::mt19937_64 ids_;                        // session ids only, never model randomness
  std::map<std::string, std::string> owners_;  ///< session id -> client address
  std::map<std::string, int> client_streams_;
  int streams_ = 0;
  bool shutting_down_ = false;
  std::condition_variable wake_reaper_;
  std::thread reaper_;
};

}  // namespace wfsim::serve
