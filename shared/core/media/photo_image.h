#pragma once
// Photos from an untrusted source (a customer's phone, a camera at the counter): the type is
// checked by content, never by name; JPEG and PNG are decoded (libjpeg-turbo, libpng) within pixel
// limits checked before decoding; the picture is turned upright as its EXIF orientation says,
// scaled down, and written again as a fresh baseline JPEG with no metadata at all (no EXIF, no GPS
// position, no comment), with a small thumbnail beside it.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/error.h"

namespace aftersales {

enum class ImageType { jpeg, png, other };

// By the first bytes (the "magic"), whatever the file's name says.
ImageType sniff_image_type(std::string_view bytes);

struct PhotoLimits {
  int max_side = 20000;                      // either side of the picture as the file declares it
  std::int64_t max_jpeg_pixels = 100000000;  // a JPEG is decoded already scaled down (1/2 .. 1/8)
  // ...except a progressive one: its coefficients are all held at full size (some 6 bytes a pixel).
  std::int64_t max_progressive_pixels = 16000000;
  std::int64_t max_png_pixels = 25000000;  // a PNG is decoded at full size: three bytes a pixel
  int long_side = 1600;                    // the stored photo's longer side, at most
  int thumbnail_side = 320;
  int quality = 85;
};

struct SanitisedPhoto {
  std::string jpeg;  // the photo: baseline JPEG, no metadata
  std::string thumbnail;
  int width = 0;  // of `jpeg`, upright
  int height = 0;
};

// The photo made safe to keep and show, or why the bytes are not one (invalid_input).
Result<SanitisedPhoto> sanitise_photo(std::string_view bytes, const PhotoLimits& limits = {});

}  // namespace aftersales
