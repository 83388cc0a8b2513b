// Server-sent events for one session: each open stream is a subscriber with
// its own bounded queue; publishing formats an event once and shares it.
// A slow client loses its oldest queued events rather than holding anyone up
// (it can fetch /series for the weeks it missed).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace wfsim::serve {

/// "event: NAME\ndata: DATA\n\n" (DATA on one line).
std::string format_event(const std::string& name, const std::string& data);

class Subscriber {
 public:
  /// Events queued since the last call, waiting up to `timeout` for one.
  /// Empty on a timeout, or once closed.
  std::vector<std::shared_ptr<const std::string>> wait(std::chrono::milliseconds timeout);
  bool closed() const;

 private:
  friend class EventHub;
  explicit Subscriber(bool wants_people) : wants_people_(wants_people) {}
  void push(const std::shared_ptr<const std::string>& event);
  void close();

  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool closed_ = false;
  const bool wants_people_;  ///< whether "people" events are sent to it
};

class EventHub {
 public:
  /// Events a subscriber may have queued before the oldest are dropped:
  /// about a second of a 10-run side-by-side session at full speed.
  static constexpr std::size_t kQueueLimit = 1024;

  /// A new stream; without `people` it is not sent "people" events (a view
  /// that draws no network need not receive every person's state).
  std::shared_ptr<Subscriber> subscribe(bool people = true);
  void unsubscribe(const std::shared_ptr<Subscriber>& subscriber);
  void publish(const std::string& name, const std::string& data);
  /// Ends every stream (session deleted, server stopping).
  void close_all();
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<Subscriber>> subscribers_;
};

}  // namespace wfsim::serve
