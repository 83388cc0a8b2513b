#include "server/event_hub.hpp"

#include <algorithm>

namespace wfsim::serve {

std::string format_event(const std::string& name, const std::string& data) {
  std::string event;
  event.reserve(name.size() + data.size() + 16);
  event += "event: ";
  event += name;
  event += "\ndata: ";
  event += data;
  event += "\n\n";
  return event;
}

std::vector<std::shared_ptr<const std::string>> Subscriber::wait(
    std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, timeout, [&] { return closed_ || !queue_.empty(); });
  std::vector<std::shared_ptr<const std::string>> events(queue_.begin(), queue_.end());
  queue_.clear();
  return events;
}

bool Subscriber::closed() const {
  const std::lock_guard lock(mutex_);
  return closed_;
}

void Subscriber::push(const std::shared_ptr<const std::string>& event) {
  {
    const std::lock_guard lock(mutex_);
    if (closed_) return;
    if (queue_.size() >= EventHub::kQueueLimit) queue_.pop_front();
    queue_.push_back(event);
  }
  ready_.notify_one();
}

void Subscriber::close() {
  {
    const std::lock_guard lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

std::shared_ptr<Subscriber> EventHub::subscribe(bool people) {
  // The constructor is private to the hub, so make_shared cannot reach it.
  auto subscriber = std::shared_ptr<Subscriber>(new Subscriber(people));
  const std::lock_guard lock(mutex_);
  subscribers_.push_back(subscriber);
  return subscriber;
}

void EventHub::unsubscribe(const std::shared_ptr<Subscriber>& subscriber) {
  const std::lock_guard lock(mutex_);
  subscribers_.erase(std::remove(subscribers_.begin(), subscribers_.end(), subscriber),
                     subscribers_.end());
}

void EventHub::publish(const std::string& name, const std::string& data) {
  const auto event = std::make_shared<const std::string>(format_event(name, data));
  const bool people = name == "people";
  const std::lock_guard lock(mutex_);
  for (const auto& subscriber : subscribers_)
    if (!people || subscriber->wants_people_) subscriber->push(event);
}

void EventHub::close_all() {
  const std::lock_guard lock(mutex_);
  for (const auto& subscriber : subscribers_) subscriber->close();
  subscribers_.clear();
}

std::size_t EventHub::size() const {
  const std::lock_guard lock(mutex_);
  return subscribers_.size();
}

}  // namespace wfsim::serve
