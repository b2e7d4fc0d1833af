// {{name}}: helpers over the Core data that need no system.
#include "{{ident}}/{{ident}}.h"

namespace {{ident}} {

double average_step(const State& state) {
  return state.ticks == 0 ? 0.0 : state.elapsed_seconds / static_cast<double>(state.ticks);
}

}  // namespace {{ident}}
