// Saves and loads spatial::Transform through the serializer modbuild-gen
// generated for it: glm's vectors and quaternion must come back unchanged.
#include <cstdio>

#include "spatial_state.h"

int main() {
  spatial::Transform saved;
  saved.position = {1.5f, -2.0f, 3.25f};
  saved.rotation = glm::quat(0.5f, 0.1f, 0.2f, 0.3f);
  saved.color = {0.1f, 0.2f, 0.3f, 0.4f};
  saved.scale = 4.0f;
  spatial::Transform loaded;
  const modbuild::state::LoadResult result = modbuild::state::load(modbuild::state::save(saved), loaded);
  if (!result) {
    std::printf("loading failed: %s\n", result.error.c_str());
    return 1;
  }
  const bool same = loaded.position == saved.position && loaded.rotation == saved.rotation &&
                    loaded.color == saved.color && loaded.scale == saved.scale;
  std::printf("%s\n", same ? "round trip ok" : "the loaded transform differs from the saved one");
  return same ? 0 : 1;
}
