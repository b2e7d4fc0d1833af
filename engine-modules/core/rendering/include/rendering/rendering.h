// rendering: Core data of 2D rendering and the API its backends implement.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

// RENDERING_EXPORT marks the API: modules build with hidden visibility, and the
// build generates this header for every module.
#include "rendering_export.h"

// Marks for modbuild's code generator (modbuild/annotate.h); when modbuild's
// headers are not on the include path the marks are simply empty.
#if __has_include("modbuild/annotate.h")
#include "modbuild/annotate.h"
#else
#define MODBUILD_DATA
#define MODBUILD_API
#define MODBUILD_HOT
#endif

namespace rendering {

/// Largest window side, in pixels.
inline constexpr int kMaxSide = 8192;

/// An 8-bit-per-channel RGB colour.
struct Color {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;

  friend bool operator==(const Color&, const Color&) = default;
};

/// Where frames are shown: a size in pixels and a title.
struct MODBUILD_DATA Window {
  int width = 0;
  int height = 0;
  std::string title;
};

/// A frame's pixels: row-major from the top-left corner, 3 bytes (R, G, B)
/// per pixel, so `pixels.size() == 3 * width * height`.
struct MODBUILD_DATA RenderTarget {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;
};

/// An axis-aligned rectangle: top-left corner and size, in pixels. Pixel
/// (px, py) covers the square [px, px + 1) x [py, py + 1), y pointing down.
struct FillRect {
  double x = 0.0;
  double y = 0.0;
  double width = 0.0;
  double height = 0.0;
  Color color;
};

/// A disc: centre and radius, in pixels.
struct FillCircle {
  double x = 0.0;
  double y = 0.0;
  double radius = 0.0;
  Color color;
};

/// One shape to draw.
using DrawCommand = std::variant<FillRect, FillCircle>;

/// A frame's content: a background and shapes, drawn in order (later on top).
struct MODBUILD_DATA DrawList {
  Color background;
  std::vector<DrawCommand> commands;
};

// The contract: implemented by a backend such as render-raster or render-ascii.

/// A window of `width` x `height` pixels, each clamped to 1..kMaxSide.
MODBUILD_API RENDERING_EXPORT Window create_window(int width, int height, std::string title);
/// Sizes `target` to `window`, fills it with the background and draws the
/// commands in order.
MODBUILD_API MODBUILD_HOT RENDERING_EXPORT void render_frame(const Window& window, const DrawList& list,
                                   RenderTarget& target);
/// Shows `target` as frame number `frame` of `window`. Returns false if the
/// frame could not be shown (or `target` is malformed).
MODBUILD_API RENDERING_EXPORT bool present(const Window& window, const RenderTarget& target,
                              std::uint64_t frame);

// Helpers of the Core module itself, usable without a backend. Inline: the
// engine's modules link no other module.

/// True if `pixels` holds exactly 3 bytes per pixel of a non-negative size.
inline bool is_well_formed(const RenderTarget& target) {
  return target.width >= 0 && target.height >= 0 &&
         target.pixels.size() == 3 * static_cast<std::size_t>(target.width) * static_cast<std::size_t>(target.height);
}

/// The colour of pixel (x, y); nullopt outside the target or if it is malformed.
inline std::optional<Color> pixel_at(const RenderTarget& target, int x, int y) {
  if (!is_well_formed(target) || x < 0 || y < 0 || x >= target.width || y >= target.height) return std::nullopt;
  const std::size_t offset =
      3 * (static_cast<std::size_t>(y) * static_cast<std::size_t>(target.width) + static_cast<std::size_t>(x));
  return Color{target.pixels[offset], target.pixels[offset + 1], target.pixels[offset + 2]};
}

/// Relative luminance in 0..1 (Rec. 709 weights on the stored values).
inline double luminance(Color color) { return (0.2126 * color.r + 0.7152 * color.g + 0.0722 * color.b) / 255.0; }

/// A colour from 0xRRGGBB.
inline Color rgb(std::uint32_t hex) {
  return {static_cast<std::uint8_t>(hex >> 16), static_cast<std::uint8_t>(hex >> 8), static_cast<std::uint8_t>(hex)};
}

}  // namespace rendering
