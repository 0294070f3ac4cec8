#include "support/photo_fixtures.h"

#include <png.h>
#include <turbojpeg.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace aftersales::testing {
namespace {

std::vector<unsigned char> gradient(int width, int height) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      std::size_t at = (static_cast<std::size_t>(y) * width + x) * 3;
      pixels[at] = static_cast<unsigned char>(x * 255 / std::max(1, width - 1));
      pixels[at + 1] = static_cast<unsigned char>(y * 255 / std::max(1, height - 1));
      pixels[at + 2] = 128;
    }
  return pixels;
}

// Little-endian TIFF pieces.
void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>(v >> 8));
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v & 0xFFFF));
  put16(out, static_cast<std::uint16_t>(v >> 16));
}
void entry(std::string& out, std::uint16_t tag, std::uint16_t type, std::uint32_t count, std::uint32_t value) {
  put16(out, tag);
  put16(out, type);
  put32(out, count);
  put32(out, value);
}

}  // namespace

std::string make_jpeg(int width, int height, bool progressive) {
  std::vector<unsigned char> pixels = gradient(width, height);
  tjhandle handle = tjInitCompress();
  unsigned char* out = nullptr;
  unsigned long size = 0;
  int rc = tjCompress2(handle, pixels.data(), width, 0, height, TJPF_RGB, &out, &size, TJSAMP_420, 90,
                       progressive ? TJFLAG_PROGRESSIVE : 0);
  std::string jpeg = rc == 0 ? std::string(reinterpret_cast<char*>(out), size) : std::string();
  tjFree(out);
  tjDestroy(handle);
  if (jpeg.empty()) throw std::runtime_error("make_jpeg failed");
  return jpeg;
}

std::string make_png(int width, int height) {
  std::vector<unsigned char> pixels = gradient(width, height);
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr);
  std::string png(size, '\0');
  if (png_image_write_to_memory(&image, png.data(), &size, 0, pixels.data(), 0, nullptr) == 0)
    throw std::runtime_error("make_png failed");
  png.resize(size);
  return png;
}

std::string with_gps_exif(const std::string& jpeg, int orientation) {
  const std::string marker = kGpsMarker;
  // TIFF header (8) | IFD0: 2 entries (2 + 24 + 4) | GPS IFD: 3 entries (2 + 36 + 4) | latitude
  // (3 rationals, 24) | the processing method (marker).
  constexpr std::uint32_t ifd0 = 8;
  constexpr std::uint32_t gps_ifd = ifd0 + 2 + 2 * 12 + 4;
  constexpr std::uint32_t latitude = gps_ifd + 2 + 3 * 12 + 4;
  constexpr std::uint32_t method = latitude + 24;
  std::string tiff = "II";
  put16(tiff, 42);
  put32(tiff, ifd0);
  put16(tiff, 2);
  entry(tiff, 0x0112, 3, 1, static_cast<std::uint32_t>(orientation));  // Orientation, SHORT
  entry(tiff, 0x8825, 4, 1, gps_ifd);                                  // GPSInfo, LONG
  put32(tiff, 0);
  put16(tiff, 3);
  entry(tiff, 0x0001, 2, 2, 'N');                                             // GPSLatitudeRef
  entry(tiff, 0x0002, 5, 3, latitude);                                        // GPSLatitude
  entry(tiff, 0x001B, 7, static_cast<std::uint32_t>(marker.size()), method);  // GPSProcessingMethod
  put32(tiff, 0);
  for (std::uint32_t v : {48U, 1U, 51U, 1U, 2952U, 100U}) put32(tiff, v);
  tiff += marker;
  std::string segment = std::string("Exif\0\0", 6) + tiff;
  std::size_t length = segment.size() + 2;
  std::string app1 = "\xFF\xE1";
  app1.push_back(static_cast<char>(length >> 8));
  app1.push_back(static_cast<char>(length & 0xFF));
  return jpeg.substr(0, 2) + app1 + segment + jpeg.substr(2);
}

std::string with_declared_size(std::string jpeg, int width, int height) {
  for (std::size_t i = 2; i + 9 < jpeg.size(); ++i) {
    if (static_cast<unsigned char>(jpeg[i]) != 0xFF || static_cast<unsigned char>(jpeg[i + 1]) != 0xC0) continue;
    // FF C0, length (2), precision (1), height (2), width (2)
    jpeg[i + 5] = static_cast<char>(height >> 8);
    jpeg[i + 6] = static_cast<char>(height & 0xFF);
    jpeg[i + 7] = static_cast<char>(width >> 8);
    jpeg[i + 8] = static_cast<char>(width & 0xFF);
    return jpeg;
  }
  throw std::runtime_error("with_declared_size: no baseline frame header");
}

}  // namespace aftersales::testing
