// render-ascii: implements the rendering contract: point-sampling rasterizer, ASCII-art output.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>

#include "rendering/rendering.h"

namespace rendering {

namespace {

// Characters from dark to bright.
constexpr std::string_view kRamp = " .:-=+*#%@";
// Wider frames are downsampled to fit a terminal.
constexpr int kMaxColumns = 80;

// A pixel coordinate clamped to [0, size]; NaN counts as 0 so it draws nothing.
int to_pixel(double value, int size) {
  if (!(value > 0.0)) return 0;
  if (!(value < size)) return size;
  return static_cast<int>(value);
}

bool covers(const FillRect& rect, double x, double y) {
  return x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
}

bool covers(const FillCircle& circle, double x, double y) {
  const double dx = x - circle.x;
  const double dy = y - circle.y;
  return dx * dx + dy * dy <= circle.radius * circle.radius;
}

// Sets every pixel whose centre lies in the shape, within [left, right) x [top, bottom).
template <typename Shape>
void fill(RenderTarget& target, const Shape& shape, double left, double top, double right,
          double bottom) {
  const int x0 = to_pixel(std::floor(left), target.width);
  const int x1 = to_pixel(std::ceil(right), target.width);
  const int y0 = to_pixel(std::floor(top), target.height);
  const int y1 = to_pixel(std::ceil(bottom), target.height);
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      if (!covers(shape, x + 0.5, y + 0.5)) continue;
      std::uint8_t* pixel =
          &target.pixels[3 * (static_cast<std::size_t>(y) * static_cast<std::size_t>(target.width) +
                              static_cast<std::size_t>(x))];
      pixel[0] = shape.color.r;
      pixel[1] = shape.color.g;
      pixel[2] = shape.color.b;
    }
  }
}

void draw(RenderTarget& target, const FillRect& rect) {
  fill(target, rect, rect.x, rect.y, rect.x + rect.width, rect.y + rect.height);
}

void draw(RenderTarget& target, const FillCircle& circle) {
  fill(target, circle, circle.x - circle.radius, circle.y - circle.radius, circle.x + circle.radius,
       circle.y + circle.radius);
}

// The ramp character for the average luminance of a block of pixels.
char shade(const RenderTarget& target, int x0, int y0, int x1, int y1) {
  double sum = 0.0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) sum += luminance(*pixel_at(target, x, y));
  }
  const double average = sum / ((x1 - x0) * (y1 - y0));
  const auto index = static_cast<std::size_t>(std::lround(average * (kRamp.size() - 1)));
  return kRamp[std::min(index, kRamp.size() - 1)];
}

}  // namespace

Window create_window(int width, int height, std::string title) {
  return {std::clamp(width, 1, kMaxSide), std::clamp(height, 1, kMaxSide), std::move(title)};
}

void render_frame(const Window& window, const DrawList& list, RenderTarget& target) {
  target.width = std::clamp(window.width, 0, kMaxSide);
  target.height = std::clamp(window.height, 0, kMaxSide);
  const std::size_t pixel_count =
      static_cast<std::size_t>(target.width) * static_cast<std::size_t>(target.height);
  target.pixels.resize(3 * pixel_count);
  for (std::size_t i = 0; i < pixel_count; ++i) {
    target.pixels[3 * i] = list.background.r;
    target.pixels[3 * i + 1] = list.background.g;
    target.pixels[3 * i + 2] = list.background.b;
  }
  for (const DrawCommand& command : list.commands) {
    std::visit([&target](const auto& shape) { draw(target, shape); }, command);
  }
}

// Prints a title line and the frame in a border, one character per block of
// pixels; the frame is written in one piece so lines of other output do not
// interleave with it.
bool present(const Window& window, const RenderTarget& target, std::uint64_t frame) {
  if (!is_well_formed(target) || target.width == 0 || target.height == 0) return false;
  // Terminal cells are about twice as tall as wide, hence blocks of w x 2w.
  const int block_width = (target.width + kMaxColumns - 1) / kMaxColumns;
  const int block_height = 2 * block_width;
  const int columns = (target.width + block_width - 1) / block_width;
  const int rows = (target.height + block_height - 1) / block_height;

  const std::string border = "+" + std::string(static_cast<std::size_t>(columns), '-') + "+\n";
  std::string text = "frame " + std::to_string(frame) + " of '" + window.title + "' (" +
                     std::to_string(target.width) + "x" + std::to_string(target.height) + ")\n";
  text += border;
  for (int row = 0; row < rows; ++row) {
    const int y0 = row * block_height;
    const int y1 = std::min(y0 + block_height, target.height);
    text += '|';
    for (int column = 0; column < columns; ++column) {
      const int x0 = column * block_width;
      text += shade(target, x0, y0, std::min(x0 + block_width, target.width), y1);
    }
    text += "|\n";
  }
  text += border;
  std::cout << text << std::flush;
  return static_cast<bool>(std::cout);
}

}  // namespace rendering
