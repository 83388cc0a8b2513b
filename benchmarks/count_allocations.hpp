// A count of heap allocations (calls of the global operator new) in the
// program that links count_allocations.cpp, which replaces the global
// allocation functions. Link it only into programs that measure allocation:
// the benchmark driver and the allocation test.
#pragma once

#include <cstdint>

namespace wfsim::bench {

/// Calls of the global operator new since the program started.
std::uint64_t heap_allocations();

}  // namespace wfsim::bench
