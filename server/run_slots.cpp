#include "server/run_slots.hpp"

#include <algorithm>
#include <chrono>

namespace wfsim::serve {

RunSlots::RunSlots(int capacity) : capacity_(std::max(1, capacity)) {}

bool RunSlots::acquire(const std::atomic<bool>& cancel) {
  std::unique_lock lock(mutex_);
  const std::uint64_t ticket = next_ticket_++;
  queue_.push_back(ticket);
  for (;;) {
    if (cancel.load()) {
      queue_.erase(std::find(queue_.begin(), queue_.end(), ticket));
      changed_.notify_all();  // the next in line may now be first
      return false;
    }
    if (queue_.front() == ticket && running_ < capacity_) break;
    // The timeout only guards against a missed wake-up; wake_all() is the signal.
    changed_.wait_for(lock, std::chrono::milliseconds(200));
  }
  queue_.pop_front();
  ++running_;
  ++grants_;
  peak_ = std::max(peak_, running_);
  changed_.notify_all();  // the next in line may also fit
  return true;
}

void RunSlots::release() {
  {
    const std::lock_guard lock(mutex_);
    --running_;
  }
  changed_.notify_all();
}

void RunSlots::wake_all() {
  // Taking the lock orders this after a waiter's check of its cancel flag.
  { const std::lock_guard lock(mutex_); }
  changed_.notify_all();
}

int RunSlots::running() const {
  const std::lock_guard lock(mutex_);
  return running_;
}

int RunSlots::peak() const {
  const std::lock_guard lock(mutex_);
  return peak_;
}

std::int64_t RunSlots::grants() const {
  const std::lock_guard lock(mutex_);
  return grants_;
}

}  // namespace wfsim::serve
