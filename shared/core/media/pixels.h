#pragma once
// An RGB picture in memory (three bytes a pixel, rows top to bottom) and what the photo sanitiser
// does to one: turn it as the camera's orientation tag says, and scale it down.
#include <cstdint>
#include <vector>

namespace aftersales {

struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // width * height * 3
};

// EXIF orientation 1..8 (anything else is 1): the picture as a person should see it.
RgbImage apply_orientation(const RgbImage& image, int orientation);
// The picture scaled so that its longer side is at most `long_side` (area averaging); unchanged
// when it is already that small.
RgbImage fit_within(const RgbImage& image, int long_side);

}  // namespace aftersales
