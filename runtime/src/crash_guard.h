// crash_guard.h: runs module code so that a crash comes back as a value.
//
// As cr.h does: for the duration of the call, handlers for SIGSEGV, SIGBUS,
// SIGFPE, SIGILL, SIGTRAP and SIGABRT (on an alternate stack, so that a
// stack overflow is caught too) jump back here with siglongjmp(), and the
// previous handlers are restored afterwards. What the crashed code was
// doing is abandoned: destructors do not run, locks it held stay held and
// memory it allocated leaks (docs/runtime.md, "What a rollback cannot
// undo"). Guards nest; only the main thread may use them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace modbuild::runtime {

struct Crash {
  int signal = 0;
  std::uintptr_t address = 0;  ///< the faulting address (SIGSEGV, SIGBUS), else 0
  std::uintptr_t pc = 0;       ///< where the crashing instruction was
  /// "SIGSEGV (invalid memory access at 0x0) in libphysics-0.3.0.so.4"
  std::string describe() const;
  /// The shared library holding `pc`, "" if unknown.
  std::string library() const;
};

/// Runs `call`; nullopt when it returned, the crash when it crashed.
std::optional<Crash> run_guarded(const std::function<void()>& call);

}  // namespace modbuild::runtime
