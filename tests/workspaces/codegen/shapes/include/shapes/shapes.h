// shapes: a Core module whose header uses what code generation refuses.
#pragma once

#include <vector>

#include "modbuild/annotate.h"

namespace shapes {

struct MODBUILD_DATA Shape {
  double width = 0;
  unsigned flags : 4;
};

struct MODBUILD_DATA Canvas {
  std::vector<Shape> shapes;
  Canvas* parent = nullptr;
};

MODBUILD_API double area(const Shape& shape);
template <class T>
MODBUILD_API T scale(T value, double by);
void clear(Canvas& canvas);

}  // namespace shapes
