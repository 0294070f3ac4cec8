// Photos from customers' phones (core/media/photo_image.h): any bytes are refused with a message
// or come out as a plain JPEG within the size asked for, with no metadata segment, that the
// sanitiser itself reads again.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/media/photo_image.h"
#include "fuzz_check.h"

using namespace aftersales;

namespace {

bool has_metadata_segment(const std::string& jpeg) {
  std::size_t at = 2;
  while (at + 4 <= jpeg.size() && static_cast<unsigned char>(jpeg[at]) == 0xFF) {
    auto marker = static_cast<unsigned char>(jpeg[at + 1]);
    if (marker == 0xDA) return false;
    if ((marker >= 0xE1 && marker <= 0xEF) || marker == 0xFE) return true;  // APP1..APP15, COM
    at += 2 + (static_cast<std::size_t>(static_cast<unsigned char>(jpeg[at + 2])) << 8 |
               static_cast<unsigned char>(jpeg[at + 3]));
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  PhotoLimits limits;  // small, so that each input runs in milliseconds
  limits.max_side = 4096;
  limits.max_jpeg_pixels = 4000000;
  limits.max_png_pixels = 1000000;
  limits.long_side = 64;
  limits.thumbnail_side = 16;
  auto photo = sanitise_photo(fuzz::as_text(data, size), limits);
  if (!photo) {
    FUZZ_EXPECT(!photo.error().message.empty());
    return 0;
  }
  FUZZ_EXPECT(photo->width > 0 && photo->height > 0);
  FUZZ_EXPECT(photo->width <= limits.long_side && photo->height <= limits.long_side);
  FUZZ_EXPECT(sniff_image_type(photo->jpeg) == ImageType::jpeg);
  FUZZ_EXPECT(!has_metadata_segment(photo->jpeg) && !has_metadata_segment(photo->thumbnail));
  auto again = sanitise_photo(photo->jpeg, limits);
  FUZZ_EXPECT(again && again->width == photo->width && again->height == photo->height);
  return 0;
}
