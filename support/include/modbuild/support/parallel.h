// Data parallelism for independent work items (loading manifests, for one).
#pragma once

#include <cstddef>
#include <functional>

namespace modbuild::support {

/// Calls body(i) for every i in [0, count) on up to `threads` threads
/// (0: one per hardware thread). Items are handed out in order from a shared
/// counter, so uneven items balance. If body throws, the remaining items are
/// skipped and the first exception is rethrown on the calling thread.
void parallel_for(std::size_t count, const std::function<void(std::size_t)>& body,
                  unsigned threads = 0);

}  // namespace modbuild::support
