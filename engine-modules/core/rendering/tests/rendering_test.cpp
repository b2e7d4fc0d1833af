// rendering: tests of the Core helpers, on targets built by hand (no backend).
#include <cstdio>

#include "rendering/rendering.h"

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL: %s\n", what);
    ++failures;
  }
}

}  // namespace

int main() {
  using rendering::Color;

  expect(rendering::rgb(0x102030) == Color{0x10, 0x20, 0x30}, "rgb splits 0xRRGGBB");
  expect(rendering::luminance(Color{255, 255, 255}) > 0.999, "white has luminance 1");
  expect(rendering::luminance(Color{}) == 0.0, "black has luminance 0");
  expect(rendering::luminance(Color{0, 255, 0}) > rendering::luminance(Color{255, 0, 0}),
         "green is brighter than red");

  rendering::RenderTarget target;
  target.width = 2;
  target.height = 2;
  target.pixels = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  expect(rendering::is_well_formed(target), "3 bytes per pixel is well formed");
  expect(rendering::pixel_at(target, 1, 0) == Color{4, 5, 6}, "pixels are row-major");
  expect(rendering::pixel_at(target, 0, 1) == Color{7, 8, 9}, "the second row follows the first");
  expect(!rendering::pixel_at(target, 2, 0).has_value(), "no pixel right of the target");
  expect(!rendering::pixel_at(target, 0, -1).has_value(), "no pixel above the target");

  target.pixels.pop_back();
  expect(!rendering::is_well_formed(target), "a short pixel buffer is malformed");
  expect(!rendering::pixel_at(target, 0, 0).has_value(), "a malformed target has no pixels");

  if (failures == 0) std::puts("rendering: all tests passed");
  return failures == 0 ? 0 : 1;
}
