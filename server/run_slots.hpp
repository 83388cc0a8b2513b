// At most N simulations advance at once (--max-running). A simulation takes
// a slot for each week it computes and gives it back after recording it;
// waiting simulations are served first come, first served, so a playing
// session waits its turn in a round robin and never fails.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace wfsim::serve {

class RunSlots {
 public:
  explicit RunSlots(int capacity);

  /// Waits for a slot, in arrival order. Returns false, without a slot, if
  /// `cancel` becomes true first (call wake_all() after setting it).
  bool acquire(const std::atomic<bool>& cancel);
  void release();
  /// Wakes every waiter so that cancelled ones can leave.
  void wake_all();

  int capacity() const { return capacity_; }
  int running() const;
  /// The most slots ever held at once (for tests of the limit).
  int peak() const;
  /// Slots granted so far (weeks computed, plus set-ups).
  std::int64_t grants() const;

 private:
  const int capacity_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::uint64_t> queue_;  ///< tickets waiting, oldest first
  std::uint64_t next_ticket_ = 0;
  int running_ = 0;
  int peak_ = 0;
  std::int64_t grants_ = 0;
};

/// Holds one slot while it lives (if acquired).
class SlotGuard {
 public:
  SlotGuard(RunSlots& slots, const std::atomic<bool>& cancel)
      : slots_(slots), held_(slots.acquire(cancel)) {}
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;
  ~SlotGuard() { release(); }
  bool held() const { return held_; }
  void release() {
    if (held_) slots_.release();
    held_ = false;
  }
  /// Waits for a slot again after release(); false if cancelled.
  bool reacquire(const std::atomic<bool>& cancel) {
    if (!held_) held_ = slots_.acquire(cancel);
    return held_;
  }

 private:
  RunSlots& slots_;
  bool held_;
};

}  // namespace wfsim::serve
