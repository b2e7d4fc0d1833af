#pragma once
#include "modbuild/annotate.h"

namespace broken {
MODBUILD_API int run(Missing value);
}
