// The facilitator's record of refused and failed requests: one line each on
// standard error with the status, request and technical message (the page
// shows participants plain words instead). At most kLinesPerSecond lines a
// second, so a misbehaving client cannot flood the terminal; the number not
// shown is reported with the next line that is.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace wfsim::serve {

class ErrorLog {
 public:
  static constexpr int kLinesPerSecond = 20;

  void record(int status, const std::string& method, const std::string& path,
              const std::string& client, const std::string& message);

 private:
  std::mutex mutex_;
  std::chrono::steady_clock::time_point second_;
  int lines_this_second_ = 0;
  long not_shown_ = 0;
};

}  // namespace wfsim::serve
