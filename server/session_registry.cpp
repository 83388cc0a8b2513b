#include "server/session_registry.hpp"

#include <fmt/format.h>

#include <malloc.h>

#include <algorithm>
#include <vector>

#include "server/api_error.hpp"

namespace wfsim::serve {

SessionRegistry::SessionRegistry(const Catalogue& catalogue, Limits limits)
    : catalogue_(catalogue),
      limits_(limits),
      slots_(limits.max_running),
      ids_(std::random_device{}()) {
  // Checks a few times per idle period, at most once a second.
  const auto interval = std::clamp(limits_.idle_timeout / 4, std::chrono::milliseconds(10),
                                   std::chrono::milliseconds(1000));
  reaper_ = std::thread([this, interval] {
    std::unique_lock lock(mutex_);
    while (!shutting_down_) {
      wake_reaper_.wait_for(lock, interval);
      if (shutting_down_) break;
      lock.unlock();
      reclaim_idle();
      lock.lock();
    }
  });
}

SessionRegistry::~SessionRegistry() {
  shutdown();
}

std::string SessionRegistry::new_id() {
  for (;;) {
    std::string id = fmt::format("s{:08x}", static_cast<std::uint32_t>(ids_()));
    if (sessions_.count(id) == 0) return id;
  }
}

void SessionRegistry::forget(const std::string& id) {
  owners_.erase(id);
}

int SessionRegistry::sessions_of(const std::string& client) const {
  return static_cast<int>(std::count_if(owners_.begin(), owners_.end(),
                                        [&](const auto& owner) { return owner.second == client; }));
}

std::shared_ptr<Session> SessionRegistry::create(const ScenarioCard& card, std::uint64_t seed,
                                                 int runs, const nlohmann::json& levers_a,
                                                 const std::optional<nlohmann::json>& levers_b,
                                                 const std::string& client) {
  if (card.posts > limits_.max_agents) {
    throw ApiError(429,
                   fmt::format("scenario '{}' has {} posts, more than this server's limit of {} "
                               "(hint: run it from the command line, wfsim run {}, or restart "
                               "the server with a larger --max-agents)",
                               card.id, card.posts, limits_.max_agents, card.file.string()),
                   too_big_reason(card.posts, limits_.max_agents));
  }
  const auto full = [&] {
    return ApiError(429,
                    fmt::format("the server already has {} sessions, its limit (hint: close an "
                                "unused browser tab, wait for idle sessions to be reclaimed, or "
                                "restart with a larger --max-sessions)",
                                limits_.max_sessions));
  };
  std::string id;
  {
    const std::lock_guard lock(mutex_);
    if (shutting_down_) throw ApiError(503, "the server is shutting down");
    if (sessions_.size() >= static_cast<std::size_t>(limits_.max_sessions)) throw full();
    if (sessions_of(client) >= limits_.max_sessions_per_client) {
      throw ApiError(429,
                     fmt::format("this computer already has {} sessions, the most one computer "
                                 "may have (hint: close browser tabs you no longer use)",
                                 limits_.max_sessions_per_client),
                     fmt::format("This computer already has {} runs open, the most one computer "
                                 "may have. Close browser tabs you no longer use.",
                                 limits_.max_sessions_per_client));
    }
    id = new_id();
    sessions_[id] = nullptr;  // reserves the place while the models are built
    owners_[id] = client;
  }
  std::shared_ptr<Session> session;
  try {
    session = std::make_shared<Session>(id, card, catalogue_.schema(), seed, runs, levers_a,
                                        levers_b, slots_, limits_.max_agents);
  } catch (...) {
    const std::lock_guard lock(mutex_);
    sessions_.erase(id);
    forget(id);
    throw;
  }
  {
    const std::lock_guard lock(mutex_);
    if (!shutting_down_) {
      sessions_[id] = session;
      return session;
    }
  }
  session->stop();
  throw ApiError(503, "the server is shutting down");
}

std::shared_ptr<Session> SessionRegistry::find(const std::string& id) {
  const std::lock_guard lock(mutex_);
  const auto found = sessions_.find(id);
  if (found == sessions_.end() || found->second == nullptr) {
    throw ApiError(404, fmt::format("no session '{}' (hint: it may have ended or been reclaimed "
                                    "after --idle-minutes without use; create one with POST "
                                    "/api/sessions)",
                                    id));
  }
  found->second->touch();
  return found->second;
}

bool SessionRegistry::remove(const std::string& id) {
  std::shared_ptr<Session> session;
  {
    const std::lock_guard lock(mutex_);
    const auto found = sessions_.find(id);
    if (found == sessions_.end() || found->second == nullptr) return false;
    session = std::move(found->second);
    sessions_.erase(found);
    forget(id);
  }
  end_sessions({session});  // outside the lock: joins the session's threads
  return true;
}

void SessionRegistry::end_sessions(const std::vector<std::shared_ptr<Session>>& ended) {
  for (const auto& session : ended) session->stop();
  // glibc keeps freed memory in its per-thread arenas for reuse; a room's
  // worth of ended sessions would otherwise stay held (hundreds of MB after
  // large scenarios) until the server stops.
  if (!ended.empty()) malloc_trim(0);
}

nlohmann::json SessionRegistry::summaries() const {
  std::vector<std::pair<std::shared_ptr<Session>, std::string>> listed;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& [id, session] : sessions_) {
      if (session == nullptr) continue;
      const auto owner = owners_.find(id);
      listed.emplace_back(session, owner == owners_.end() ? std::string() : owner->second);
    }
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [session, client] : listed) {
    nlohmann::json line = session->summary();
    line["client"] = client;
    list.push_back(std::move(line));
  }
  return list;
}

int SessionRegistry::reclaim_idle() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::shared_ptr<Session>> idle;
  {
    const std::lock_guard lock(mutex_);
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      const auto& session = it->second;
      if (session != nullptr && session->streams() == 0 &&
          now - session->last_active() > limits_.idle_timeout) {
        idle.push_back(session);
        forget(it->first);
        it = sessions_.erase(it);
      } else {
        ++it;
      }
    }
  }
  end_sessions(idle);
  return static_cast<int>(idle.size());
}

void SessionRegistry::shutdown() {
  std::map<std::string, std::shared_ptr<Session>> sessions;
  {
    const std::lock_guard lock(mutex_);
    shutting_down_ = true;
    sessions.swap(sessions_);
    owners_.clear();
  }
  wake_reaper_.notify_all();
  if (reaper_.joinable() && reaper_.get_id() != std::this_thread::get_id()) reaper_.join();
  for (const auto& [id, session] : sessions)
    if (session != nullptr) session->stop();
}

std::size_t SessionRegistry::size() const {
  const std::lock_guard lock(mutex_);
  return sessions_.size();
}

void SessionRegistry::open_stream(const std::string& client) {
  const std::lock_guard lock(mutex_);
  if (streams_ >= limits_.max_streams) {
    throw ApiError(429, fmt::format("{} event streams are open, this server's limit (hint: close "
                                    "unused browser tabs)",
                                    limits_.max_streams));
  }
  int& own = client_streams_[client];
  if (own >= limits_.max_streams_per_client) {
    throw ApiError(429,
                   fmt::format("this computer already has {} live views open, the most one "
                               "computer may have (hint: close browser tabs you no longer use)",
                               limits_.max_streams_per_client),
                   fmt::format("This computer already has {} live views open, the most one "
                               "computer may have. Close browser tabs you no longer use.",
                               limits_.max_streams_per_client));
  }
  ++own;
  ++streams_;
}

void SessionRegistry::close_stream(const std::string& client) {
  const std::lock_guard lock(mutex_);
  --streams_;
  if (--client_streams_[client] <= 0) client_streams_.erase(client);
}

}  // namespace wfsim::serve
