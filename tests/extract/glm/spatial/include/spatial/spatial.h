// spatial: Core data made of glm's vectors and quaternions.
#pragma once

#include <glm/glm.hpp>
#include <glm/gtc/quaternion.hpp>

#include "modbuild/annotate.h"

namespace spatial {

struct MODBUILD_DATA Transform {
  glm::vec3 position{0.0f};
  glm::quat rotation{1.0f, 0.0f, 0.0f, 0.0f};
  glm::vec4 color{1.0f};
  float scale = 1.0f;
};

MODBUILD_API Transform compose(const Transform& parent, const glm::vec3& offset);

}  // namespace spatial
