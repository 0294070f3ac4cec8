#pragma once
// Storage of a case's photos (schema 26). Plain functions over a Database; they throw StorageError
// and expect the caller to hold the transaction it needs. Only sanitised pictures reach here
// (core/media/photo_image.h); a photo is never changed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/case_photo.h"
#include "core/storage/database.h"

namespace aftersales {

struct NewPhoto {
  PhotoSource source = PhotoSource::counter;
  std::string_view jpeg;
  std::string_view thumbnail;
  int width = 0;
  int height = 0;
  std::string_view taken_by;
  std::string_view caption;
};

std::int64_t insert_photo(Database& db, std::int64_t case_id, const NewPhoto& photo, Instant at);
// The case's photos without their pictures, oldest first.
std::vector<CasePhoto> load_photos(Database& db, std::int64_t case_id);
int count_photos(Database& db, std::int64_t case_id, PhotoSource source);
// The JPEG (or its thumbnail) of photo `id` when it belongs to the case.
std::optional<std::string> load_photo_bytes(Database& db, std::int64_t case_id, std::int64_t id, bool thumbnail);

}  // namespace aftersales
