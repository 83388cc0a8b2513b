#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace wfsim::cli {

ProgressBar::ProgressBar(const std::atomic<std::int64_t>& done, std::int64_t total,
                         std::string unit)
    : done_(done), total_(total), unit_(std::move(unit)), start_(std::chrono::steady_clock::now()) {
  if (isatty(STDERR_FILENO) && total_ > 0) thread_ = std::thread([this] { loop(); });
}

ProgressBar::~ProgressBar() {
  if (!thread_.joinable()) return;
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  std::fputs("\r\033[K", stderr);
}

void ProgressBar::loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_; })) {
    draw();
  }
}

void ProgressBar::draw() const {
  constexpr int kWidth = 30;
  const std::int64_t done = done_.load();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = static_cast<double>(done) / static_cast<double>(total_);
  const int filled = static_cast<int>(fraction * kWidth);
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
  const std::string left =
      rate > 0 ? fmt::format("{:.0f} s left", static_cast<double>(total_ - done) / rate) : "";
  fmt::print(stderr, "\r\033[K[{}{}] {}/{} {} ({:.0f}/s) {}",
             std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(kWidth - filled), '.'), done, total_, unit_, rate,
             left);
  std::fflush(stderr);
}

}  // namespace wfsim::cli
