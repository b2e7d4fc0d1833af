// The crash guard: each kind of crash comes back as a value, and the
// handlers that were there before are there again afterwards.
#include "crash_guard.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <cstdlib>

namespace modbuild::runtime {
namespace {

// The crashes are deliberate: UndefinedBehaviorSanitizer would report them
// before the signal the guard is tested on.
[[gnu::noinline, gnu::no_sanitize("undefined")]] void write_through(volatile int* p) { *p = 1; }

[[gnu::noinline, gnu::no_sanitize("undefined")]] void divide_by_zero() {
  volatile int numerator = 7;
  volatile int zero = 0;
  zero = numerator / zero;
}

// Deep enough to overflow any stack, unless the guard catches it first.
volatile int g_depth_limit = 1 << 30;

[[gnu::noinline, gnu::no_sanitize("undefined", "address")]] int recurse(int depth) {
  volatile char pad[1024];
  pad[0] = static_cast<char>(depth);
  if (depth >= g_depth_limit) return 0;
  return recurse(depth + 1) + pad[0];
}

TEST(CrashGuardTest, ReturnsNothingWhenTheCallReturns) {
  int calls = 0;
  EXPECT_FALSE(run_guarded([&] { ++calls; }));
  EXPECT_EQ(calls, 1);
}

TEST(CrashGuardTest, CatchesEachKindOfCrash) {
  const auto segv = run_guarded([] { write_through(nullptr); });
  ASSERT_TRUE(segv);
  EXPECT_EQ(segv->signal, SIGSEGV);
  EXPECT_EQ(segv->address, 0u);
  EXPECT_NE(segv->pc, 0u);
  EXPECT_EQ(segv->describe().rfind("SIGSEGV (invalid memory access) at 0", 0), 0u) << segv->describe();

  const auto abort = run_guarded([] { std::abort(); });
  ASSERT_TRUE(abort);
  EXPECT_EQ(abort->signal, SIGABRT);

  const auto fpe = run_guarded([] { divide_by_zero(); });
  ASSERT_TRUE(fpe);
  EXPECT_EQ(fpe->signal, SIGFPE);

  const auto ill = run_guarded([] { __builtin_trap(); });
  ASSERT_TRUE(ill);
  EXPECT_EQ(ill->signal, SIGILL);
}

TEST(CrashGuardTest, CatchesAStackOverflow) {
  const auto overflow = run_guarded([] { recurse(0); });
  ASSERT_TRUE(overflow);
  EXPECT_EQ(overflow->signal, SIGSEGV);
}

TEST(CrashGuardTest, NestsAndRestoresThePreviousHandlers) {
  struct sigaction before {};
  sigaction(SIGSEGV, nullptr, &before);
  const auto outer = run_guarded([] {
    const auto inner = run_guarded([] { write_through(nullptr); });
    EXPECT_TRUE(inner);
    write_through(nullptr);
  });
  EXPECT_TRUE(outer) << "the outer guard still catches after the inner one returned";
  struct sigaction after {};
  sigaction(SIGSEGV, nullptr, &after);
  EXPECT_EQ(before.sa_sigaction, after.sa_sigaction);
  // glibc adds SA_RESTORER (0x04000000, kernel-only) to whatever it installs.
  constexpr int kRestorer = 0x04000000;
  EXPECT_EQ(before.sa_flags & ~kRestorer, after.sa_flags & ~kRestorer);
}

}  // namespace
}  // namespace modbuild::runtime
