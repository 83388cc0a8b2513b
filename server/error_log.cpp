#include "server/error_log.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace wfsim::serve {

void ErrorLog::record(int status, const std::string& method, const std::string& path,
                      const std::string& client, const std::string& message) {
  const std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (now - second_ >= std::chrono::seconds(1)) {
    second_ = now;
    lines_this_second_ = 0;
  }
  if (lines_this_second_ >= kLinesPerSecond) {
    ++not_shown_;
    return;
  }
  ++lines_this_second_;
  if (not_shown_ > 0) {
    fmt::print(stderr, "wfsim serve: ({} more refused requests not shown)\n", not_shown_);
    not_shown_ = 0;
  }
  // The path and message may quote a client's bytes: keep them printable.
  std::string line = fmt::format("{} {} {} from {}: {}", status, method, path, client, message);
  for (char& c : line)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  fmt::print(stderr, "wfsim serve: {}\n", line);
}

}  // namespace wfsim::serve
