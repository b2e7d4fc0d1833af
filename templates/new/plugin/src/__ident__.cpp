// {{name}}: plugin implementation.
#include "{{ident}}/{{ident}}.h"

namespace {{ident}} {

std::string describe() { return "{{name}} plugin"; }

}  // namespace {{ident}}
