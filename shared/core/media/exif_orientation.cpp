#include "core/media/exif_orientation.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace aftersales {
namespace {

constexpr int kAsShot = 1;
constexpr std::uint16_t kOrientationTag = 0x0112;
constexpr std::uint16_t kTypeShort = 3;

// A TIFF structure inside the Exif segment, in the byte order its header names.
class TiffReader {
 public:
  TiffReader(std::string_view data, bool little_endian) : data_(data), little_(little_endian) {}

  std::optional<std::uint16_t> u16(std::size_t at) const {
    if (at > data_.size() || data_.size() - at < 2) return std::nullopt;
    auto b0 = static_cast<std::uint8_t>(data_[at]);
    auto b1 = static_cast<std::uint8_t>(data_[at + 1]);
    return static_cast<std::uint16_t>(little_ ? (b0 | (b1 << 8)) : ((b0 << 8) | b1));
  }
  std::optional<std::uint32_t> u32(std::size_t at) const {
    auto first = u16(at);
    auto second = u16(at + 2);
    if (!first || !second) return std::nullopt;
    return little_ ? (static_cast<std::uint32_t>(*second) << 16 | *first)
                   : (static_cast<std::uint32_t>(*first) << 16 | *second);
  }

 private:
  std::string_view data_;
  bool little_;
};

int orientation_in_tiff(std::string_view tiff) {
  if (tiff.size() < 8) return kAsShot;
  bool little = tiff.substr(0, 2) == "II";
  if (!little && tiff.substr(0, 2) != "MM") return kAsShot;
  TiffReader r(tiff, little);
  auto first_ifd = r.u32(4);
  if (!first_ifd) return kAsShot;
  auto count = r.u16(*first_ifd);
  if (!count) return kAsShot;
  for (std::size_t i = 0; i < *count; ++i) {
    std::size_t entry = *first_ifd + 2 + i * 12;
    auto tag = r.u16(entry);
    auto type = r.u16(entry + 2);
    auto value = r.u16(entry + 8);
    if (!tag || !type || !value) return kAsShot;
    if (*tag != kOrientationTag) continue;
    if (*type != kTypeShort || *value < 1 || *value > 8) return kAsShot;
    return *value;
  }
  return kAsShot;
}

}  // namespace

int jpeg_exif_orientation(std::string_view jpeg) {
  if (jpeg.size() < 4 || static_cast<std::uint8_t>(jpeg[0]) != 0xFF || static_cast<std::uint8_t>(jpeg[1]) != 0xD8)
    return kAsShot;
  std::size_t at = 2;
  // Segments up to the start of the scan: a marker (FF xx) and a big-endian length that counts itself.
  while (at + 4 <= jpeg.size()) {
    if (static_cast<std::uint8_t>(jpeg[at]) != 0xFF) return kAsShot;
    auto marker = static_cast<std::uint8_t>(jpeg[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xDA || marker == 0xD9) return kAsShot;
    std::size_t length = static_cast<std::size_t>(static_cast<std::uint8_t>(jpeg[at + 2])) << 8 |
                         static_cast<std::uint8_t>(jpeg[at + 3]);
    if (length < 2 || length > jpeg.size() - at - 2) return kAsShot;
    std::string_view body = jpeg.substr(at + 4, length - 2);
    if (marker == 0xE1 && body.substr(0, 6) == std::string_view("Exif\0\0", 6))
      return orientation_in_tiff(body.substr(6));
    at += 2 + length;
  }
  return kAsShot;
}

}  // namespace aftersales
