// rendering: helpers over the Core data that need no backend.
#include "rendering/rendering.h"

namespace rendering {

bool is_well_formed(const RenderTarget& target) {
  return target.width >= 0 && target.height >= 0 &&
         target.pixels.size() ==
             3 * static_cast<std::size_t>(target.width) * static_cast<std::size_t>(target.height);
}

std::optional<Color> pixel_at(const RenderTarget& target, int x, int y) {
  if (!is_well_formed(target) || x < 0 || y < 0 || x >= target.width || y >= target.height) {
    return std::nullopt;
  }
  const std::size_t offset =
      3 * (static_cast<std::size_t>(y) * static_cast<std::size_t>(target.width) +
           static_cast<std::size_t>(x));
  return Color{target.pixels[offset], target.pixels[offset + 1], target.pixels[offset + 2]};
}

double luminance(Color color) {
  return (0.2126 * color.r + 0.7152 * color.g + 0.0722 * color.b) / 255.0;
}

Color rgb(std::uint32_t hex) {
  return {static_cast<std::uint8_t>(hex >> 16), static_cast<std::uint8_t>(hex >> 8),
          static_cast<std::uint8_t>(hex)};
}

}  // namespace rendering
