// render-raster: implements the rendering contract: anti-aliased rasterizer, PPM file output.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "rendering/rendering.h"

namespace rendering {

namespace {

// Circle edges are anti-aliased by testing kSamples x kSamples points per pixel.
constexpr int kSamples = 4;

// Directory that present() writes into; the current directory when unset.
constexpr const char* kOutputDirVariable = "RENDER_RASTER_DIR";

// A pixel coordinate clamped to [0, size]; NaN counts as 0 so it draws nothing.
int to_pixel(double value, int size) {
  if (!(value > 0.0)) return 0;
  if (!(value < size)) return size;
  return static_cast<int>(value);
}

// Mixes `color` into pixel (x, y) in proportion to the covered area.
void blend(RenderTarget& target, int x, int y, Color color, double coverage) {
  if (coverage <= 0.0) return;
  coverage = std::min(coverage, 1.0);
  std::uint8_t* pixel =
      &target.pixels[3 * (static_cast<std::size_t>(y) * static_cast<std::size_t>(target.width) +
                          static_cast<std::size_t>(x))];
  const std::uint8_t source[3] = {color.r, color.g, color.b};
  for (int channel = 0; channel < 3; ++channel) {
    const double mixed = pixel[channel] + (source[channel] - pixel[channel]) * coverage;
    pixel[channel] = static_cast<std::uint8_t>(std::lround(mixed));
  }
}

// Length of the overlap of [lo, hi) with pixel column or row `cell`.
double overlap(double lo, double hi, int cell) {
  return std::clamp(std::min(hi, cell + 1.0) - std::max(lo, static_cast<double>(cell)), 0.0, 1.0);
}

void draw(RenderTarget& target, const FillRect& rect) {
  if (!(rect.width > 0.0 && rect.height > 0.0)) return;
  const double right = rect.x + rect.width;
  const double bottom = rect.y + rect.height;
  const int x0 = to_pixel(std::floor(rect.x), target.width);
  const int x1 = to_pixel(std::ceil(right), target.width);
  const int y0 = to_pixel(std::floor(rect.y), target.height);
  const int y1 = to_pixel(std::ceil(bottom), target.height);
  for (int y = y0; y < y1; ++y) {
    const double covered_y = overlap(rect.y, bottom, y);
    for (int x = x0; x < x1; ++x) {
      blend(target, x, y, rect.color, overlap(rect.x, right, x) * covered_y);
    }
  }
}

void draw(RenderTarget& target, const FillCircle& circle) {
  if (!(circle.radius > 0.0)) return;
  const double radius2 = circle.radius * circle.radius;
  const int x0 = to_pixel(std::floor(circle.x - circle.radius), target.width);
  const int x1 = to_pixel(std::ceil(circle.x + circle.radius), target.width);
  const int y0 = to_pixel(std::floor(circle.y - circle.radius), target.height);
  const int y1 = to_pixel(std::ceil(circle.y + circle.radius), target.height);
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      int inside = 0;
      for (int sy = 0; sy < kSamples; ++sy) {
        const double dy = y + (sy + 0.5) / kSamples - circle.y;
        for (int sx = 0; sx < kSamples; ++sx) {
          const double dx = x + (sx + 0.5) / kSamples - circle.x;
          if (dx * dx + dy * dy <= radius2) ++inside;
        }
      }
      blend(target, x, y, circle.color, static_cast<double>(inside) / (kSamples * kSamples));
    }
  }
}

// Lowercase letters and digits of the title, other runs as one '-'.
std::string file_stem(const std::string& title) {
  std::string stem;
  for (const char c : title) {
    if (c >= 'A' && c <= 'Z') {
      stem += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      stem += c;
    } else if (!stem.empty() && stem.back() != '-') {
      stem += '-';
    }
  }
  if (!stem.empty() && stem.back() == '-') stem.pop_back();
  return stem.empty() ? "frame" : stem;
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

// Writes <dir>/<title stem>-<frame, 4 digits>.ppm, e.g. ./sandbox-0002.ppm,
// where <dir> is $RENDER_RASTER_DIR (created if missing) or the current directory.
bool present(const Window& window, const RenderTarget& target, std::uint64_t frame) {
  if (!is_well_formed(target) || target.width == 0 || target.height == 0) return false;
  const char* configured = std::getenv(kOutputDirVariable);
  const std::filesystem::path directory =
      configured != nullptr && *configured != '\0' ? configured : ".";
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) return false;

  char number[24];
  std::snprintf(number, sizeof number, "%04llu", static_cast<unsigned long long>(frame));
  const std::filesystem::path path = directory / (file_stem(window.title) + "-" + number + ".ppm");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << "P6\n" << target.width << ' ' << target.height << "\n255\n";
  out.write(reinterpret_cast<const char*>(target.pixels.data()),
            static_cast<std::streamsize>(target.pixels.size()));
  out.close();
  return !out.fail();
}

}  // namespace rendering
