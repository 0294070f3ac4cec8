#include "core/domain/case_photo.h"

#include <fmt/format.h>

namespace aftersales {

std::string_view to_string(PhotoSource source) {
  switch (source) {
    case PhotoSource::bench: return "bench";
    case PhotoSource::customer: return "customer";
    case PhotoSource::counter: break;
  }
  return "counter";
}

std::optional<PhotoSource> parse_photo_source(std::string_view text) {
  for (PhotoSource s : {PhotoSource::counter, PhotoSource::bench, PhotoSource::customer})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

Result<void> check_photo_allowed(const Case& c, PhotoSource source, int customer_photos,
                                 const PhotoSettings& settings) {
  if (!c.is_open())
    return fail(ErrorKind::refused, "This case is closed: photos can no longer be added.", "photo_closed");
  if (source == PhotoSource::customer && customer_photos >= settings.max_per_case)
    return fail(ErrorKind::refused,
                fmt::format("This case already has the {} photos a customer may send.", settings.max_per_case),
                "photo_limit");
  return {};
}

}  // namespace aftersales
