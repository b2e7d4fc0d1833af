#pragma once
#include "modbuild/annotate.h"

namespace plain {
struct MODBUILD_DATA Counter { int value = 0; };
MODBUILD_API void increment(Counter& counter);
void reset(Counter& counter);
}
