#include "core/services/photo_service.h"

#include <fmt/format.h>

#include "core/base/text.h"
#include "core/base/utf8.h"
#include "core/domain/case_code.h"
#include "core/media/photo_image.h"
#include "core/storage/case_store.h"
#include "core/storage/database.h"
#include "core/storage/photos_store.h"

namespace aftersales {
namespace {

Result<Case> case_by_code(Database& db, std::string_view code) {
  auto canonical = parse_case_code(code);
  if (!canonical) return std::unexpected(canonical.error());
  if (auto found = load_case_by_code(db, *canonical)) return *found;
  return fail(ErrorKind::not_found, fmt::format("There is no case {}.", *canonical), "code");
}

}  // namespace

std::string upload_size_text(std::int64_t bytes) {
  constexpr std::int64_t kMegabyte = 1024 * 1024;
  if (bytes >= kMegabyte) return fmt::format("{} MB", bytes / kMegabyte);
  return fmt::format("{} KB", bytes / 1024);
}

Result<CasePhoto> PhotoService::add_photo(std::string_view code, std::string_view bytes, PhotoSource source,
                                          std::string_view actor, std::string_view caption) {
  if (static_cast<std::int64_t>(bytes.size()) > settings_.max_upload_bytes)
    return fail(ErrorKind::invalid_input,
                fmt::format("This photo is too big: at most {} please.", upload_size_text(settings_.max_upload_bytes)),
                "photo_size");
  std::string kept_caption = trim(clean_person_text(caption));
  if (kept_caption.size() > kMaxPhotoCaption)
    return fail(ErrorKind::invalid_input, fmt::format("A caption is at most {} characters.", kMaxPhotoCaption),
                "caption");
  // Decoding is the slow part and needs no lock: done before the transaction.
  auto clean = sanitise_photo(bytes);
  if (!clean) return std::unexpected(clean.error());
  return storage_guard<CasePhoto>([&]() -> Result<CasePhoto> {
    WriteTransaction tx(db_);
    auto c = case_by_code(db_, code);
    if (!c) return std::unexpected(c.error());
    int customer_photos = count_photos(db_, c->id, PhotoSource::customer);
    if (auto allowed = check_photo_allowed(*c, source, customer_photos, settings_); !allowed)
      return std::unexpected(allowed.error());
    Instant now = clock_();
    NewPhoto photo{source, clean->jpeg, clean->thumbnail, clean->width, clean->height, actor, kept_caption};
    std::int64_t id = insert_photo(db_, c->id, photo, now);
    tx.commit();
    return CasePhoto{id,
                     c->id,
                     source,
                     clean->width,
                     clean->height,
                     static_cast<std::int64_t>(clean->jpeg.size()),
                     now,
                     std::string(actor),
                     kept_caption};
  });
}

Result<std::int64_t> PhotoService::case_id_of(std::string_view code) {
  auto c = case_by_code(db_, code);
  if (!c) return std::unexpected(c.error());
  return c->id;
}

Result<std::vector<CasePhoto>> PhotoService::list_photos(std::string_view code) {
  return storage_guard<std::vector<CasePhoto>>([&]() -> Result<std::vector<CasePhoto>> {
    ReadTransaction tx(db_);
    auto id = case_id_of(code);
    if (!id) return std::unexpected(id.error());
    return load_photos(db_, *id);
  });
}

Result<std::string> PhotoService::photo(std::string_view code, std::int64_t id, bool thumbnail) {
  return storage_guard<std::string>([&]() -> Result<std::string> {
    ReadTransaction tx(db_);
    auto case_id = case_id_of(code);
    if (!case_id) return std::unexpected(case_id.error());
    if (auto bytes = load_photo_bytes(db_, *case_id, id, thumbnail)) return std::move(*bytes);
    return fail(ErrorKind::not_found, fmt::format("Case {} has no photo {}.", code, id), "photo");
  });
}

}  // namespace aftersales
