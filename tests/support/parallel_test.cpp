#include "modbuild/support/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace modbuild::support {
namespace {

TEST(ParallelTest, VisitsEveryIndexExactlyOnce) {
  for (unsigned threads : {0u, 1u, 2u, 7u}) {
    std::vector<int> visits(1000, 0);
    parallel_for(visits.size(), [&](std::size_t i) { visits[i] += 1; }, threads);
    for (std::size_t i = 0; i < visits.size(); ++i) ASSERT_EQ(visits[i], 1) << "index " << i << " threads " << threads;
  }
}

TEST(ParallelTest, HandlesNoWork) {
  bool called = false;
  parallel_for(0, [&](std::size_t) { called = true; });
  EXPECT_FALSE(called);
}

TEST(ParallelTest, AnExceptionOfAWorkerReachesTheCallerAndStopsTheRest) {
  for (unsigned threads : {1u, 2u, 4u}) {
    std::atomic<int> visited{0};
    auto run = [&] {
      parallel_for(100000, [&](std::size_t i) {
        visited.fetch_add(1);
        if (i == 10) throw std::runtime_error("item 10");
      }, threads);
    };
    EXPECT_THROW(run(), std::runtime_error) << threads << " threads";
    EXPECT_LT(visited.load(), 100000) << threads << " threads";
  }
}

}  // namespace
}  // namespace modbuild::support
