#pragma once
// A photo of a case: taken at the counter, on the bench, or sent by the customer from the status
// page, and what limits the customer's uploads. Pure rules; core/storage/photos_store.h keeps the
// photos and PhotoService (core/services/photo_service.h) applies the rules.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/domain/case.h"

namespace aftersales {

enum class PhotoSource { counter, bench, customer };

std::string_view to_string(PhotoSource source);
std::optional<PhotoSource> parse_photo_source(std::string_view text);

// What a list shows: everything but the pictures.
struct CasePhoto {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  PhotoSource source = PhotoSource::counter;
  int width = 0;
  int height = 0;
  std::int64_t bytes = 0;  // of the stored JPEG
  Instant taken_at;
  std::string taken_by;
  std::string caption;
};

struct PhotoSettings {
  int max_per_case = 5;                             // the customer's uploads to one case
  std::int64_t max_upload_bytes = 8 * 1024 * 1024;  // what one upload may weigh, before decoding
};

inline constexpr std::size_t kMaxPhotoCaption = 200;

// Whether a photo from `source` may be added to the case now: the customer only while the case is
// open and under the limit; staff on any case that is not closed.
Result<void> check_photo_allowed(const Case& c, PhotoSource source, int customer_photos, const PhotoSettings& settings);

}  // namespace aftersales
