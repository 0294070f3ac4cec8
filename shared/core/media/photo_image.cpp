#include "core/media/photo_image.h"

#include <png.h>
#include <turbojpeg.h>

#include <algorithm>
#include <memory>

#include "core/media/exif_orientation.h"
#include "core/media/pixels.h"

namespace aftersales {
namespace {

struct TjHandleDeleter {
  void operator()(void* handle) const noexcept { tjDestroy(handle); }
};
using TjHandle = std::unique_ptr<void, TjHandleDeleter>;

struct TjBufferDeleter {
  void operator()(unsigned char* buffer) const noexcept { tjFree(buffer); }
};

struct PngImageFree {
  void operator()(png_image* image) const noexcept { png_image_free(image); }
};

std::unexpected<Error> not_a_photo() {
  return fail(ErrorKind::invalid_input, "This file is not a photo: please send a JPEG or PNG picture.", "photo");
}

std::unexpected<Error> unreadable_photo() {
  return fail(ErrorKind::invalid_input,
              "This photo could not be read (it may be damaged or incomplete): please take it again.", "photo");
}

std::unexpected<Error> too_many_pixels() {
  return fail(ErrorKind::invalid_input, "This picture is too large: please send a smaller photo.", "photo");
}

// Whether the frame is progressive (SOF2, SOF6, SOF10, SOF14), read from the markers before the
// first scan, each length checked against the end of the bytes.
bool progressive_jpeg(std::string_view bytes) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  std::size_t at = 2;  // after SOI
  while (at + 4 <= bytes.size() && byte(at) == 0xFF) {
    unsigned char marker = byte(at + 1);
    if (marker == 0xFF) {  // a fill byte
      ++at;
      continue;
    }
    if (marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE) return true;
    if (marker == 0xDA || (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC))
      return false;  // the first scan, or another kind of frame
    std::size_t length = (static_cast<std::size_t>(byte(at + 2)) << 8) | byte(at + 3);
    if (length < 2) return false;
    at += 2 + length;
  }
  return false;
}

bool within(int width, int height, int max_side, std::int64_t max_pixels) {
  return width > 0 && height > 0 && width <= max_side && height <= max_side &&
         static_cast<std::int64_t>(width) * height <= max_pixels;
}

// The smallest scale libjpeg-turbo decodes at (1/8, 1/4, …) that keeps the longer side at least
// `long_side`: less memory and less work for a camera's 48-megapixel picture.
tjscalingfactor decode_scale(int width, int height, int long_side) {
  int count = 0;
  tjscalingfactor* factors = tjGetScalingFactors(&count);
  tjscalingfactor best{1, 1};
  int longer = std::max(width, height);
  for (int i = 0; i < count; ++i) {
    tjscalingfactor f = factors[i];
    if (f.num > f.denom) continue;
    int scaled = TJSCALED(longer, f);
    bool smaller = static_cast<std::int64_t>(f.num) * best.denom < static_cast<std::int64_t>(best.num) * f.denom;
    if (scaled >= long_side && smaller) best = f;
  }
  return best;
}

Result<RgbImage> decode_jpeg(std::string_view bytes, const PhotoLimits& limits) {
  TjHandle handle(tjInitDecompress());
  if (!handle) return fail(ErrorKind::io, "The photo decoder could not start.");
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  auto size = static_cast<unsigned long>(bytes.size());
  int width = 0;
  int height = 0;
  int subsampling = 0;
  int colorspace = 0;
  // A file cut short within its header may "succeed" with no size at all.
  if (tjDecompressHeader3(handle.get(), data, size, &width, &height, &subsampling, &colorspace) != 0 || width <= 0 ||
      height <= 0)
    return unreadable_photo();
  std::int64_t max_pixels = progressive_jpeg(bytes) ? limits.max_progressive_pixels : limits.max_jpeg_pixels;
  if (!within(width, height, limits.max_side, max_pixels)) return too_many_pixels();
  tjscalingfactor scale = decode_scale(width, height, limits.long_side);
  RgbImage image;
  image.width = TJSCALED(width, scale);
  image.height = TJSCALED(height, scale);
  image.pixels.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3);
  // A warning (a truncated file, corrupt data) stops the decoding: half a picture is refused, and
  // a progressive file with an absurd number of scans too.
  int flags = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS;
  if (tjDecompress2(handle.get(), data, size, image.pixels.data(), image.width, 0, image.height, TJPF_RGB, flags) != 0)
    return unreadable_photo();
  return image;
}

Result<RgbImage> decode_png(std::string_view bytes, const PhotoLimits& limits) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_memory(&png, bytes.data(), bytes.size()) == 0) return unreadable_photo();
  std::unique_ptr<png_image, PngImageFree> guard(&png);
  if (png.width == 0 || png.height == 0) return unreadable_photo();
  if (!within(static_cast<int>(std::min<png_uint_32>(png.width, 1U << 30)),
              static_cast<int>(std::min<png_uint_32>(png.height, 1U << 30)), limits.max_side, limits.max_png_pixels))
    return too_many_pixels();
  png.format = PNG_FORMAT_RGB;
  RgbImage image;
  image.width = static_cast<int>(png.width);
  image.height = static_cast<int>(png.height);
  image.pixels.resize(PNG_IMAGE_SIZE(png));
  png_color white{255, 255, 255};  // a transparent screenshot shows on white, as on a page
  if (png_image_finish_read(&png, &white, image.pixels.data(), 0, nullptr) == 0) return unreadable_photo();
  return image;
}

Result<std::string> encode_jpeg(const RgbImage& image, int quality) {
  TjHandle handle(tjInitCompress());
  if (!handle) return fail(ErrorKind::io, "The photo encoder could not start.");
  unsigned char* out = nullptr;
  unsigned long out_size = 0;
  int rc = tjCompress2(handle.get(), image.pixels.data(), image.width, 0, image.height, TJPF_RGB, &out, &out_size,
                       TJSAMP_420, quality, 0);
  std::unique_ptr<unsigned char, TjBufferDeleter> owned(out);
  if (rc != 0) return fail(ErrorKind::io, "The photo could not be saved as JPEG.");
  return std::string(reinterpret_cast<const char*>(out), out_size);
}

}  // namespace

ImageType sniff_image_type(std::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xFF\xD8\xFF") return ImageType::jpeg;
  if (bytes.size() >= 8 && bytes.substr(0, 8) == "\x89PNG\r\n\x1A\n") return ImageType::png;
  return ImageType::other;
}

Result<SanitisedPhoto> sanitise_photo(std::string_view bytes, const PhotoLimits& limits) {
  ImageType type = sniff_image_type(bytes);
  if (type == ImageType::other) return not_a_photo();
  auto decoded = type == ImageType::jpeg ? decode_jpeg(bytes, limits) : decode_png(bytes, limits);
  if (!decoded) return std::unexpected(decoded.error());
  // PNG has no EXIF orientation that phones use; a JPEG's tag is the one thing read from its metadata.
  int orientation = type == ImageType::jpeg ? jpeg_exif_orientation(bytes) : 1;
  RgbImage upright = apply_orientation(fit_within(*decoded, limits.long_side), orientation);
  auto photo = encode_jpeg(upright, limits.quality);
  if (!photo) return std::unexpected(photo.error());
  auto thumbnail = encode_jpeg(fit_within(upright, limits.thumbnail_side), limits.quality);
  if (!thumbnail) return std::unexpected(thumbnail.error());
  return SanitisedPhoto{std::move(*photo), std::move(*thumbnail), upright.width, upright.height};
}

}  // namespace aftersales
