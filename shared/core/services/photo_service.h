#pragma once
// Photos of a case (core/domain/case_photo.h): added from any source (the counter, the bench, the
// customer's phone) as bytes, sanitised (core/media/photo_image.h: checked by content, decoded,
// re-encoded without metadata) before anything is kept, and counted against the customer's limit
// in the same transaction as the insert, so two uploads at once cannot pass it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/domain/case_photo.h"

namespace aftersales {

class Database;

// "8 MB", "512 KB": the upload limit as a person reads it.
std::string upload_size_text(std::int64_t bytes);

class PhotoService {
 public:
  PhotoService(Database& db, PhotoSettings settings, Clock clock = system_now)
      : db_(db), settings_(settings), clock_(std::move(clock)) {}

  // Where the bytes came from does not matter beyond `source`: a file, an upload, a camera frame.
  Result<CasePhoto> add_photo(std::string_view code, std::string_view bytes, PhotoSource source, std::string_view actor,
                              std::string_view caption = {});
  // The case's photos (without their pictures), oldest first.
  Result<std::vector<CasePhoto>> list_photos(std::string_view code);
  // The JPEG of one of the case's photos (or its thumbnail); not_found for another case's photo.
  Result<std::string> photo(std::string_view code, std::int64_t id, bool thumbnail = false);

  const PhotoSettings& settings() const { return settings_; }

 private:
  Result<std::int64_t> case_id_of(std::string_view code);

  Database& db_;
  PhotoSettings settings_;
  Clock clock_;
};

}  // namespace aftersales
