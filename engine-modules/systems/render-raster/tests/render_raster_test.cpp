// render-raster: tests of the rasterizer's pixels and of the PPM files present() writes.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "rendering/rendering.h"

namespace fs = std::filesystem;

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL: %s\n", what);
    ++failures;
  }
}

void set_env(const char* name, const char* value) {
#if defined(_WIN32)
  _putenv_s(name, value != nullptr ? value : "");
#else
  if (value != nullptr) {
    setenv(name, value, 1);
  } else {
    unsetenv(name);
  }
#endif
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

constexpr rendering::Color kBlack{0, 0, 0};
constexpr rendering::Color kRed{255, 0, 0};
constexpr rendering::Color kWhite{255, 255, 255};

void test_pixels() {
  const rendering::Window window = rendering::create_window(8, 6, "pixels");
  rendering::DrawList list;
  list.background = kBlack;
  list.commands.push_back(rendering::FillRect{2.0, 1.0, 3.0, 2.0, kRed});
  list.commands.push_back(rendering::FillRect{6.0, 0.0, 0.5, 1.0, kWhite});
  rendering::RenderTarget target;
  rendering::render_frame(window, list, target);

  expect(target.width == 8 && target.height == 6 && rendering::is_well_formed(target),
         "the target takes the window's size");
  bool inside_red = true;
  for (int y = 1; y < 3; ++y) {
    for (int x = 2; x < 5; ++x) {
      inside_red = inside_red && rendering::pixel_at(target, x, y) == kRed;
    }
  }
  expect(inside_red, "every pixel inside the rectangle is red");
  expect(rendering::pixel_at(target, 1, 1) == kBlack, "left of the rectangle is background");
  expect(rendering::pixel_at(target, 5, 2) == kBlack, "right of the rectangle is background");
  expect(rendering::pixel_at(target, 2, 3) == kBlack, "below the rectangle is background");
  expect(rendering::pixel_at(target, 2, 0) == kBlack, "above the rectangle is background");
  const auto half = rendering::pixel_at(target, 6, 0);
  expect(half && half->r == 128 && half->g == 128 && half->b == 128,
         "a half-covered pixel is blended half way");

  // A disc over the rectangle: covered pixels take its colour, edges are mixed.
  list.commands.push_back(rendering::FillCircle{4.0, 3.0, 2.0, kWhite});
  rendering::render_frame(window, list, target);
  expect(rendering::pixel_at(target, 3, 2) == kWhite,
         "a fully covered pixel takes the disc colour");
  expect(rendering::pixel_at(target, 0, 0) == kBlack, "a pixel far from the disc is untouched");
  const auto edge = rendering::pixel_at(target, 5, 3);
  expect(edge && edge->r > 0 && edge->r < 255, "an edge pixel is partially covered");
}

void test_window() {
  const rendering::Window window = rendering::create_window(0, 1 << 20, "clamped");
  expect(window.width == 1 && window.height == rendering::kMaxSide,
         "create_window clamps the size");
  expect(window.title == "clamped", "create_window keeps the title");
}

void expect_ppm(const fs::path& path, const rendering::RenderTarget& target) {
  const std::string header = "P6\n8 6\n255\n";
  const std::string data = read_all(path);
  expect(fs::exists(path), "present writes the frame's file");
  expect(data.rfind(header, 0) == 0, "the file starts with a binary PPM header");
  expect(data.size() == header.size() + 8 * 6 * 3, "the file holds 3 bytes per pixel");
  expect(data.size() == header.size() + target.pixels.size() &&
             data.compare(header.size(), std::string::npos,
                          std::string(target.pixels.begin(), target.pixels.end())) == 0,
         "the file holds the target's pixels");
}

void test_present(const fs::path& scratch) {
  const rendering::Window window = rendering::create_window(8, 6, "Test Scene!");
  rendering::DrawList list;
  list.commands.push_back(rendering::FillRect{2.0, 1.0, 3.0, 2.0, kRed});
  rendering::RenderTarget target;
  rendering::render_frame(window, list, target);

  const fs::path configured = scratch / "frames";
  set_env("RENDER_RASTER_DIR", configured.string().c_str());
  expect(rendering::present(window, target, 7), "present succeeds in the configured directory");
  expect_ppm(configured / "test-scene-0007.ppm", target);

  set_env("RENDER_RASTER_DIR", nullptr);
  fs::current_path(scratch);
  expect(rendering::present(window, target, 12345), "present succeeds in the current directory");
  expect_ppm(scratch / "test-scene-12345.ppm", target);

  rendering::RenderTarget broken = target;
  broken.pixels.pop_back();
  expect(!rendering::present(window, broken, 8), "a malformed target is refused");
  expect(!fs::exists(scratch / "test-scene-0008.ppm"), "nothing is written for it");
}

}  // namespace

int main() {
  test_window();
  test_pixels();

  const fs::path previous = fs::current_path();
  const fs::path scratch =
      fs::temp_directory_path() / ("render_raster_test-" + std::to_string(std::random_device{}()));
  fs::create_directories(scratch);
  test_present(scratch);
  fs::current_path(previous);
  fs::remove_all(scratch);

  if (failures == 0) std::puts("render-raster: all tests passed");
  return failures == 0 ? 0 : 1;
}
