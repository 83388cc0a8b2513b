// SIGINT / SIGTERM: ask the running simulation to stop at the end of the
// current week, so the weeks already simulated can be written.
#pragma once

#include <atomic>

namespace wfsim::cli {

/// Installs the handlers; the returned flag becomes true on the first signal.
const std::atomic<bool>& install_interrupt_handlers();

}  // namespace wfsim::cli
