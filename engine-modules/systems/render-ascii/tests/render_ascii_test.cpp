// render-ascii: tests of the point-sampled pixels and of the ASCII art present() prints.
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "rendering/rendering.h"

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL: %s\n", what);
    ++failures;
  }
}

constexpr rendering::Color kBlack{0, 0, 0};
constexpr rendering::Color kWhite{255, 255, 255};
constexpr rendering::Color kBlue{0, 0, 255};

// Runs present() and returns what it printed, split into lines.
std::vector<std::string> presented(const rendering::Window& window,
                                   const rendering::RenderTarget& target, std::uint64_t frame) {
  std::ostringstream captured;
  std::streambuf* const original = std::cout.rdbuf(captured.rdbuf());
  const bool shown = rendering::present(window, target, frame);
  std::cout.rdbuf(original);
  expect(shown, "present succeeds");
  std::vector<std::string> lines;
  std::istringstream in(captured.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void test_pixels() {
  const rendering::Window window = rendering::create_window(16, 8, "pixels");
  rendering::DrawList list;
  list.background = kBlack;
  list.commands.push_back(rendering::FillRect{0.0, 0.0, 8.0, 8.0, kWhite});
  list.commands.push_back(rendering::FillRect{10.4, 2.0, 1.2, 1.0, kWhite});
  list.commands.push_back(rendering::FillCircle{12.0, 6.0, 1.0, kBlue});
  rendering::RenderTarget target;
  rendering::render_frame(window, list, target);

  expect(target.width == 16 && target.height == 8 && rendering::is_well_formed(target),
         "the target takes the window's size");
  expect(rendering::pixel_at(target, 0, 0) == kWhite && rendering::pixel_at(target, 7, 7) == kWhite,
         "the rectangle's corners are filled");
  expect(rendering::pixel_at(target, 8, 0) == kBlack, "right of the rectangle is background");
  expect(
      rendering::pixel_at(target, 10, 2) == kWhite && rendering::pixel_at(target, 11, 2) == kWhite,
      "pixels whose centre is inside a fractional rectangle are filled");
  expect(
      rendering::pixel_at(target, 12, 2) == kBlack && rendering::pixel_at(target, 10, 3) == kBlack,
      "pixels whose centre is outside it are not");
  expect(rendering::pixel_at(target, 11, 5) == kBlue, "pixels near the disc centre are filled");
  expect(rendering::pixel_at(target, 13, 7) == kBlack, "pixels outside the disc are not");
}

void test_ascii_art() {
  const rendering::Window window = rendering::create_window(16, 8, "Half");
  rendering::DrawList list;
  list.commands.push_back(rendering::FillRect{0.0, 0.0, 8.0, 8.0, kWhite});
  list.commands.push_back(rendering::FillRect{8.0, 6.0, 8.0, 2.0, rendering::Color{128, 128, 128}});
  rendering::RenderTarget target;
  rendering::render_frame(window, list, target);

  const std::vector<std::string> lines = presented(window, target, 3);
  // A title, a border, 8 / 2 rows of 16 characters, a border.
  expect(lines.size() == 7, "a 16x8 frame prints 4 rows between a title and two borders");
  if (lines.size() != 7) return;
  expect(lines[0] == "frame 3 of 'Half' (16x8)", "the title line names the frame");
  expect(lines[1] == "+" + std::string(16, '-') + "+", "the border spans the columns");
  expect(lines[2] == "|@@@@@@@@        |", "white shows as '@', black as ' '");
  expect(lines[5] == "|@@@@@@@@++++++++|", "mid grey shows from the middle of the ramp");
  expect(lines[6] == lines[1], "a border closes the frame");

  // A wide frame is downsampled to at most 80 columns.
  const rendering::Window wide = rendering::create_window(200, 30, "wide");
  rendering::render_frame(wide, rendering::DrawList{}, target);
  const std::vector<std::string> wide_lines = presented(wide, target, 0);
  expect(wide_lines.size() == 2 + 5 + 1 && wide_lines[2].size() == 2 + 67,
         "200x30 pixels print as 67 columns by 5 rows");

  rendering::RenderTarget broken = target;
  broken.pixels.clear();
  expect(!rendering::present(wide, broken, 1), "a malformed target is refused");
}

}  // namespace

int main() {
  test_pixels();
  test_ascii_art();
  if (failures == 0) std::puts("render-ascii: all tests passed");
  return failures == 0 ? 0 : 1;
}
