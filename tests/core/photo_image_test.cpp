// The photo sanitiser (core/media/photo_image.h): what leaves is a plain JPEG without metadata,
// upright and scaled down; what is not a readable JPEG or PNG is refused with a message.
#include "core/media/photo_image.h"

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <string>

#include "core/media/exif_orientation.h"
#include "support/photo_fixtures.h"

using namespace aftersales;
using namespace aftersales::testing;

namespace {

struct Size {
  int width = 0;
  int height = 0;
};

Size jpeg_size(const std::string& jpeg) {
  tjhandle handle = tjInitDecompress();
  Size size;
  int subsampling = 0;
  int colorspace = 0;
  tjDecompressHeader3(handle, reinterpret_cast<const unsigned char*>(jpeg.data()), jpeg.size(), &size.width,
                      &size.height, &subsampling, &colorspace);
  tjDestroy(handle);
  return size;
}

bool has_segment(const std::string& jpeg, unsigned char marker) {
  std::size_t at = 2;
  while (at + 4 <= jpeg.size() && static_cast<unsigned char>(jpeg[at]) == 0xFF) {
    auto m = static_cast<unsigned char>(jpeg[at + 1]);
    if (m == marker) return true;
    if (m == 0xDA) return false;
    at += 2 + (static_cast<std::size_t>(static_cast<unsigned char>(jpeg[at + 2])) << 8 |
               static_cast<unsigned char>(jpeg[at + 3]));
  }
  return false;
}

}  // namespace

TEST(PhotoImage, TypeIsCheckedByContent) {
  EXPECT_EQ(sniff_image_type(make_jpeg(8, 8)), ImageType::jpeg);
  EXPECT_EQ(sniff_image_type(make_png(8, 8)), ImageType::png);
  EXPECT_EQ(sniff_image_type("GIF89a......"), ImageType::other);
  EXPECT_EQ(sniff_image_type(""), ImageType::other);
}

TEST(PhotoImage, GpsExifIsGoneFromThePhotoAndTheThumbnail) {
  std::string original = with_gps_exif(make_jpeg(64, 48), 1);
  ASSERT_NE(original.find(kGpsMarker), std::string::npos);
  ASSERT_EQ(jpeg_exif_orientation(original), 1);

  auto photo = sanitise_photo(original);
  ASSERT_TRUE(photo) << photo.error().message;
  for (const std::string* out : {&photo->jpeg, &photo->thumbnail}) {
    EXPECT_EQ(sniff_image_type(*out), ImageType::jpeg);
    EXPECT_EQ(out->find(kGpsMarker), std::string::npos);
    EXPECT_EQ(out->find("Exif"), std::string::npos);
    EXPECT_FALSE(has_segment(*out, 0xE1));  // APP1: EXIF, XMP
    EXPECT_FALSE(has_segment(*out, 0xFE));  // COM
    EXPECT_TRUE(has_segment(*out, 0xC0));   // baseline, not progressive
  }
  EXPECT_EQ(photo->width, 64);
  EXPECT_EQ(photo->height, 48);
}

TEST(PhotoImage, OrientationTurnsThePictureUpright) {
  for (int orientation : {6, 8, 5, 7}) {
    auto photo = sanitise_photo(with_gps_exif(make_jpeg(64, 48), orientation));
    ASSERT_TRUE(photo) << photo.error().message;
    EXPECT_EQ(photo->width, 48) << orientation;
    EXPECT_EQ(photo->height, 64) << orientation;
    Size stored = jpeg_size(photo->jpeg);
    EXPECT_EQ(stored.width, 48);
    EXPECT_EQ(stored.height, 64);
  }
  for (int orientation : {1, 2, 3, 4}) {
    auto photo = sanitise_photo(with_gps_exif(make_jpeg(64, 48), orientation));
    ASSERT_TRUE(photo);
    EXPECT_EQ(photo->width, 64) << orientation;
  }
}

TEST(PhotoImage, LargePicturesAreScaledDownWithAThumbnail) {
  auto photo = sanitise_photo(make_jpeg(4000, 3000));
  ASSERT_TRUE(photo) << photo.error().message;
  EXPECT_EQ(photo->width, 1600);
  EXPECT_EQ(photo->height, 1200);
  Size thumb = jpeg_size(photo->thumbnail);
  EXPECT_EQ(thumb.width, 320);
  EXPECT_EQ(thumb.height, 240);
}

TEST(PhotoImage, PngIsAcceptedAndBecomesJpeg) {
  auto photo = sanitise_photo(make_png(30, 20));
  ASSERT_TRUE(photo) << photo.error().message;
  EXPECT_EQ(sniff_image_type(photo->jpeg), ImageType::jpeg);
  EXPECT_EQ(photo->width, 30);
}

TEST(PhotoImage, TextNamedJpgIsRefused) {
  auto photo = sanitise_photo("<html>not a picture</html>");
  ASSERT_FALSE(photo);
  EXPECT_EQ(photo.error().kind, ErrorKind::invalid_input);
  EXPECT_NE(photo.error().message.find("JPEG or PNG"), std::string::npos);
}

TEST(PhotoImage, TruncatedPicturesAreRefused) {
  std::string jpeg = make_jpeg(200, 150);
  for (std::size_t keep : {std::size_t{3}, std::size_t{40}, jpeg.size() / 2, jpeg.size() - 10}) {
    auto photo = sanitise_photo(jpeg.substr(0, keep));
    ASSERT_FALSE(photo) << keep;
    EXPECT_NE(photo.error().message.find("could not be read"), std::string::npos)
        << keep << ": " << photo.error().message;
  }
  std::string png = make_png(200, 150);
  EXPECT_FALSE(sanitise_photo(png.substr(0, png.size() / 2)));
}

TEST(PhotoImage, HugeDeclaredDimensionsAreRefusedBeforeDecoding) {
  auto photo = sanitise_photo(with_declared_size(make_jpeg(16, 16), 60000, 60000));
  ASSERT_FALSE(photo);
  EXPECT_NE(photo.error().message.find("too large"), std::string::npos);
  // Within each side's limit, beyond the pixel count.
  PhotoLimits limits;
  limits.max_jpeg_pixels = 1000;
  EXPECT_FALSE(sanitise_photo(make_jpeg(40, 40), limits));
}

// A progressive JPEG is held whole while it is decoded, whatever the scale: it has a lower limit.
TEST(PhotoImage, ProgressivePicturesHaveTheirOwnPixelLimit) {
  PhotoLimits limits;
  limits.max_progressive_pixels = 2000;
  EXPECT_TRUE(sanitise_photo(make_jpeg(40, 40, true), limits)) << "1600 pixels";
  EXPECT_TRUE(sanitise_photo(make_jpeg(60, 60), limits)) << "baseline: the JPEG limit";
  auto refused = sanitise_photo(make_jpeg(60, 60, true), limits);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "This picture is too large: please send a smaller photo.");
}

TEST(ExifOrientation, BrokenSegmentsReadAsShot) {
  std::string jpeg = with_gps_exif(make_jpeg(8, 8), 6);
  EXPECT_EQ(jpeg_exif_orientation(jpeg), 6);
  // The IFD offset pointing past the end, the segment cut short: no reading outside the bytes.
  std::string far = jpeg;
  far[12 + 7] = '\x7F';  // the high byte of IFD0's offset (the TIFF header starts at 12)
  EXPECT_EQ(jpeg_exif_orientation(far), 1);
  EXPECT_EQ(jpeg_exif_orientation(jpeg.substr(0, 30)), 1);
  EXPECT_EQ(jpeg_exif_orientation(""), 1);
}
