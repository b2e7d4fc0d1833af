// Signal handlers that turn a crash of module code into a return.
#include "crash_guard.h"

#include <dlfcn.h>
#include <setjmp.h>
#include <signal.h>
#include <ucontext.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace modbuild::runtime {
namespace {

constexpr std::array<int, 6> kSignals = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT};
// Room for the handler and what it calls, even after a stack overflow.
constexpr std::size_t kAltStackBytes = 64 * 1024;

struct Frame {
  sigjmp_buf jump;
  Crash crash;
};

// The innermost guarded call of the (main) thread.
Frame* current = nullptr;

std::uintptr_t program_counter(void* context) {
#if defined(__x86_64__)
  return static_cast<std::uintptr_t>(static_cast<ucontext_t*>(context)->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return static_cast<std::uintptr_t>(static_cast<ucontext_t*>(context)->uc_mcontext.pc);
#else
  (void)context;
  return 0;
#endif
}

void on_crash(int signal, siginfo_t* info, void* context) {
  Frame* frame = current;
  if (frame == nullptr) {
    // Not ours (the guard was left): die as the signal would have made us.
    ::signal(signal, SIG_DFL);
    ::raise(signal);
    return;
  }
  frame->crash.signal = signal;
  frame->crash.address =
      (signal == SIGSEGV || signal == SIGBUS) ? reinterpret_cast<std::uintptr_t>(info->si_addr) : 0;
  frame->crash.pc = program_counter(context);
  siglongjmp(frame->jump, 1);
}

// Installs the handlers and the alternate stack for one guarded call, and
// puts back what was there before.
class Handlers {
 public:
  Handlers() : stack_(kAltStackBytes) {
    stack_t alternate{};
    alternate.ss_sp = stack_.data();
    alternate.ss_size = stack_.size();
    ::sigaltstack(&alternate, &previous_stack_);
    struct sigaction action {};
    action.sa_sigaction = &on_crash;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &action, &previous_[i]);
  }
  ~Handlers() {
    for (std::size_t i = 0; i < kSignals.size(); ++i) ::sigaction(kSignals[i], &previous_[i], nullptr);
    ::sigaltstack(&previous_stack_, nullptr);
  }
  Handlers(const Handlers&) = delete;
  Handlers& operator=(const Handlers&) = delete;

 private:
  std::vector<char> stack_;
  stack_t previous_stack_{};
  std::array<struct sigaction, kSignals.size()> previous_{};
};

const char* signal_name(int signal) {
  switch (signal) {
    case SIGSEGV: return "SIGSEGV (invalid memory access)";
    case SIGBUS: return "SIGBUS (bus error)";
    case SIGFPE: return "SIGFPE (arithmetic error)";
    case SIGILL: return "SIGILL (illegal instruction)";
    case SIGTRAP: return "SIGTRAP (trap)";
    case SIGABRT: return "SIGABRT (abort)";
    default: return "a signal";
  }
}

}  // namespace

std::string Crash::library() const {
  Dl_info info{};
  if (pc == 0 || ::dladdr(reinterpret_cast<void*>(pc), &info) == 0 || info.dli_fname == nullptr) return "";
  return info.dli_fname;
}

std::string Crash::describe() const {
  std::string text = signal_name(signal);
  if (signal == SIGSEGV || signal == SIGBUS) {
    char where[32];
    std::snprintf(where, sizeof where, " at %#lx", static_cast<unsigned long>(address));
    text += where;
  }
  if (const std::string in = library(); !in.empty()) {
    const std::size_t slash = in.rfind('/');
    text += " in " + (slash == std::string::npos ? in : in.substr(slash + 1));
  }
  return text;
}

std::optional<Crash> run_guarded(const std::function<void()>& call) {
  // On the heap, so that nothing the handler writes lives in a local that
  // the compiler could keep in a register across the jump.
  const std::unique_ptr<Frame> frame = std::make_unique<Frame>();
  Frame* const outer = current;
  Handlers handlers;
  current = frame.get();
  if (sigsetjmp(frame->jump, 1) == 0) {
    call();
    current = outer;
    return std::nullopt;
  }
  current = outer;
  return frame->crash;
}

}  // namespace modbuild::runtime
