// {{name}}: Core data and the API that systems implement.
#pragma once

#include <cstdint>

#if defined(_WIN32)
#define {{IDENT}}_EXPORT __declspec(dllexport)
#else
#define {{IDENT}}_EXPORT __attribute__((visibility("default")))
#endif

namespace {{ident}} {

/// The Core data of this module: plain data that survives a reload.
struct State {
  std::uint64_t ticks = 0;
  double elapsed_seconds = 0.0;
};

/// Returns the state to its initial values (implemented by a system).
{{IDENT}}_EXPORT void reset(State& state);
/// Advances the state by one step of `seconds` (implemented by a system).
{{IDENT}}_EXPORT void step(State& state, double seconds);

/// Average step length so far; 0 before the first step.
{{IDENT}}_EXPORT double average_step(const State& state);

}  // namespace {{ident}}
