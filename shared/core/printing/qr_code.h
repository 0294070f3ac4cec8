#pragma once
// QR codes with libqrencode: a module matrix, and images of it at a chosen module size with the
// four-module quiet zone that scanners need.
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/error.h"

namespace aftersales {

struct QrMatrix {
  int size = 0;                       // modules per side, without quiet zone
  std::vector<std::uint8_t> modules;  // row-major, 1 = dark
  bool dark(int x, int y) const { return modules[static_cast<std::size_t>(y * size + x)] != 0; }
};

// An 8-bit grey image, 0 = black, 255 = white.
struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;
  std::uint8_t at(int x, int y) const { return pixels[static_cast<std::size_t>(y * width + x)]; }
};

inline constexpr int kQrQuietModules = 4;

// Error correction M (15% of the symbol can be damaged). libqrencode picks the smallest version and
// the most compact modes: an upper-case URL goes in alphanumeric mode.
Result<QrMatrix> encode_qr(const std::string& payload);
// The matrix as an image with `module_px` pixels per module and the quiet zone around it.
GrayImage qr_image(const QrMatrix& qr, int module_px);

}  // namespace aftersales
