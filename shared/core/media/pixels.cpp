#include "core/media/pixels.h"

#include <algorithm>
#include <cstddef>

namespace aftersales {
namespace {

struct SourcePoint {
  int x;
  int y;
};

bool swaps_sides(int orientation) {
  return orientation >= 5 && orientation <= 8;
}

// Which source pixel lands at (x, y) of the upright picture.
SourcePoint source_of(int orientation, int x, int y, int w, int h) {
  switch (orientation) {
    case 2: return {w - 1 - x, y};
    case 3: return {w - 1 - x, h - 1 - y};
    case 4: return {x, h - 1 - y};
    case 5: return {y, x};
    case 6: return {y, h - 1 - x};
    case 7: return {w - 1 - y, h - 1 - x};
    case 8: return {w - 1 - y, x};
    default: return {x, y};
  }
}

std::size_t offset(int x, int y, int width) {
  return (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3;
}

}  // namespace

RgbImage apply_orientation(const RgbImage& image, int orientation) {
  if (orientation < 2 || orientation > 8) return image;
  RgbImage out;
  out.width = swaps_sides(orientation) ? image.height : image.width;
  out.height = swaps_sides(orientation) ? image.width : image.height;
  out.pixels.resize(image.pixels.size());
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      SourcePoint from = source_of(orientation, x, y, image.width, image.height);
      std::copy_n(image.pixels.begin() + static_cast<std::ptrdiff_t>(offset(from.x, from.y, image.width)), 3,
                  out.pixels.begin() + static_cast<std::ptrdiff_t>(offset(x, y, out.width)));
    }
  }
  return out;
}

RgbImage fit_within(const RgbImage& image, int long_side) {
  int longer = std::max(image.width, image.height);
  if (longer <= long_side || long_side <= 0) return image;
  RgbImage out;
  out.width = std::max(1, static_cast<int>(static_cast<std::int64_t>(image.width) * long_side / longer));
  out.height = std::max(1, static_cast<int>(static_cast<std::int64_t>(image.height) * long_side / longer));
  out.pixels.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height) * 3);
  // Each output pixel is the mean of the source pixels it covers (integer bounds, at least one).
  for (int y = 0; y < out.height; ++y) {
    int y0 = static_cast<int>(static_cast<std::int64_t>(y) * image.height / out.height);
    int y1 = std::max(y0 + 1, static_cast<int>(static_cast<std::int64_t>(y + 1) * image.height / out.height));
    for (int x = 0; x < out.width; ++x) {
      int x0 = static_cast<int>(static_cast<std::int64_t>(x) * image.width / out.width);
      int x1 = std::max(x0 + 1, static_cast<int>(static_cast<std::int64_t>(x + 1) * image.width / out.width));
      std::uint32_t sum[3] = {0, 0, 0};
      for (int sy = y0; sy < y1; ++sy) {
        for (int sx = x0; sx < x1; ++sx) {
          std::size_t at = offset(sx, sy, image.width);
          for (std::size_t c = 0; c < 3; ++c) sum[c] += image.pixels[at + c];
        }
      }
      auto count = static_cast<std::uint32_t>((y1 - y0) * (x1 - x0));
      std::size_t to = offset(x, y, out.width);
      for (std::size_t c = 0; c < 3; ++c) out.pixels[to + c] = static_cast<std::uint8_t>((sum[c] + count / 2) / count);
    }
  }
  return out;
}

}  // namespace aftersales
