// Photos of a case (PhotoService, core/domain/case_photo.h): sanitised before they are kept, the
// customer's limited in number and size and only while the case is open; on both backends. Four
// phones at once are in storage_backends_test.cpp.
#include <gtest/gtest.h>

#include "core/media/photo_image.h"
#include "core/services/case_service.h"
#include "core/services/photo_service.h"
#include "support/photo_fixtures.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

class Photos : public testing::TestStore {
 protected:
  Case open_repair() {
    std::string serial = "SN-P" + std::to_string(++repairs_);
    add_sale("P-" + serial, now - std::chrono::days{30}, {{"PHONE-1", serial}});
    auto opened = cases->open_repair(repair_draft(serial), "kiosk");
    EXPECT_TRUE(opened) << opened.error().message;
    return *opened;
  }
  PhotoService photos() {
    return PhotoService(*db, settings, [this] { return now; });
  }
  PhotoSettings settings;
  std::string jpeg = testing::make_jpeg(64, 48);
  int repairs_ = 0;
};

TEST_F(Photos, APhotoIsKeptWithoutItsMetadataAndListed) {
  Case c = open_repair();
  auto added = photos().add_photo(c.code, testing::with_gps_exif(jpeg, 6), PhotoSource::customer, "customer");
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->width, 48) << "turned upright";
  EXPECT_EQ(added->height, 64);
  auto stored = photos().photo(c.code, added->id);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(sniff_image_type(*stored), ImageType::jpeg);
  EXPECT_EQ(stored->find(testing::kGpsMarker), std::string::npos);
  EXPECT_EQ(stored->find("Exif"), std::string::npos);
  EXPECT_EQ(static_cast<std::int64_t>(stored->size()), added->bytes);
  auto thumbnail = photos().photo(c.code, added->id, true);
  ASSERT_TRUE(thumbnail);
  EXPECT_EQ(sniff_image_type(*thumbnail), ImageType::jpeg);
  EXPECT_EQ(count("SELECT count(*) FROM case_photos WHERE length(photo) = " + std::to_string(stored->size())), 1)
      << "the bytes came back as they were stored";

  ASSERT_TRUE(photos().add_photo(c.code, jpeg, PhotoSource::bench, "tech", "  cracked corner "));
  auto list = photos().list_photos(c.code);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].source, PhotoSource::customer);
  EXPECT_EQ((*list)[1].source, PhotoSource::bench);
  EXPECT_EQ((*list)[1].taken_by, "tech");
  EXPECT_EQ((*list)[1].caption, "cracked corner");
  EXPECT_EQ((*list)[1].taken_at, now);
}

TEST_F(Photos, AnotherCasesPhotoIsNotFound) {
  Case mine = open_repair();
  Case theirs = open_repair();
  auto added = photos().add_photo(theirs.code, jpeg, PhotoSource::customer, "customer");
  ASSERT_TRUE(added);
  auto other = photos().photo(mine.code, added->id);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, ErrorKind::not_found);
}

TEST_F(Photos, WhatIsNotAPhotoIsRefusedAndNothingKept) {
  Case c = open_repair();
  auto text = photos().add_photo(c.code, "just text, named photo.jpg", PhotoSource::customer, "customer");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().message, "This file is not a photo: please send a JPEG or PNG picture.");
  auto cut = photos().add_photo(c.code, jpeg.substr(0, jpeg.size() / 2), PhotoSource::customer, "customer");
  ASSERT_FALSE(cut);
  EXPECT_EQ(count("SELECT count(*) FROM case_photos"), 0);
}

TEST_F(Photos, TooBigIsRefusedBeforeDecoding) {
  Case c = open_repair();
  settings.max_upload_bytes = 64 * 1024;
  std::string big = jpeg + std::string(64 * 1024, '\0');
  auto refused = photos().add_photo(c.code, big, PhotoSource::customer, "customer");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "This photo is too big: at most 64 KB please.");
  settings.max_upload_bytes = 8 * 1024 * 1024;
  auto kept = photos().add_photo(c.code, jpeg, PhotoSource::customer, "customer");
  EXPECT_TRUE(kept) << kept.error().message;
}

TEST_F(Photos, TheCustomerMaySendUpToTheLimitStaffMore) {
  Case c = open_repair();
  settings.max_per_case = 2;
  ASSERT_TRUE(photos().add_photo(c.code, jpeg, PhotoSource::customer, "customer"));
  ASSERT_TRUE(photos().add_photo(c.code, jpeg, PhotoSource::customer, "customer"));
  auto third = photos().add_photo(c.code, jpeg, PhotoSource::customer, "customer");
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().kind, ErrorKind::refused);
  EXPECT_EQ(third.error().message, "This case already has the 2 photos a customer may send.");
  EXPECT_TRUE(photos().add_photo(c.code, jpeg, PhotoSource::counter, "clerk")) << "staff photos do not count";
  EXPECT_TRUE(photos().add_photo(c.code, jpeg, PhotoSource::bench, "tech"));
}

TEST_F(Photos, AClosedCaseTakesNoPhotos) {
  Case c = open_repair();
  auto closed = cases->advance(c.code, CaseStatus::cancelled, {"clerk", "The customer took it back", false});
  ASSERT_TRUE(closed) << closed.error().message;
  for (PhotoSource source : {PhotoSource::customer, PhotoSource::counter, PhotoSource::bench}) {
    auto refused = photos().add_photo(c.code, jpeg, source, "someone");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message, "This case is closed: photos can no longer be added.");
  }
}

TEST_F(Photos, AnUnknownCaseIsNotFound) {
  auto refused = photos().add_photo("R7K-4PQ-92X", jpeg, PhotoSource::counter, "clerk");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().kind, ErrorKind::storage);
  EXPECT_FALSE(photos().list_photos("nonsense"));
}

}  // namespace
}  // namespace aftersales
