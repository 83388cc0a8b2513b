// A progress bar on stderr while a long job runs: work done, rate and time
// left. Silent unless stderr is a terminal, so logs and pipes stay clean.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace wfsim::cli {

class ProgressBar {
 public:
  /// Shows `done` out of `total` units of `unit` (e.g. "weeks").
  ProgressBar(const std::atomic<std::int64_t>& done, std::int64_t total, std::string unit);
  ~ProgressBar();  ///< stops the display and clears its line
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

 private:
  void loop();
  void draw() const;

  const std::atomic<std::int64_t>& done_;
  std::int64_t total_;
  std::string unit_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wfsim::cli
