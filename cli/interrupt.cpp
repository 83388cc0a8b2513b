#include "cli/interrupt.hpp"

#include <csignal>

namespace wfsim::cli {

namespace {

std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

extern "C" void on_signal(int /*signal*/) {
  interrupted.store(true);
}

}  // namespace

const std::atomic<bool>& install_interrupt_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  return interrupted;
}

}  // namespace wfsim::cli
