// {{name}}: implements the {{core}} contract. A system holds no data of its
// own; everything it changes lives in the Core data it is given.
#include "{{core_ident}}/{{core_ident}}.h"

namespace {{core_ident}} {

void reset(State& state) { state = State{}; }

void step(State& state, double seconds) {
  state.ticks += 1;
  state.elapsed_seconds += seconds;
}

}  // namespace {{core_ident}}
