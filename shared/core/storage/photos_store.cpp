#include "core/storage/photos_store.h"

namespace aftersales {

std::int64_t insert_photo(Database& db, std::int64_t case_id, const NewPhoto& photo, Instant at) {
  std::string when = format_instant(at);
  Statement stmt = db.prepare(
      "INSERT INTO case_photos (case_id, source, photo, thumbnail, width, height, taken_at, taken_by, caption) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id");
  stmt.bind_all(case_id, to_string(photo.source));
  stmt.bind_blob(3, photo.jpeg).bind_blob(4, photo.thumbnail);
  stmt.bind(5, photo.width).bind(6, photo.height).bind(7, when).bind(8, photo.taken_by).bind(9, photo.caption);
  return stmt.insert_returning_id();
}

std::vector<CasePhoto> load_photos(Database& db, std::int64_t case_id) {
  Statement stmt = db.prepare(
      "SELECT id, source, width, height, length(photo), taken_at, taken_by, caption FROM case_photos "
      "WHERE case_id = ?1 ORDER BY id");
  stmt.bind_all(case_id);
  std::vector<CasePhoto> photos;
  while (stmt.step()) {
    CasePhoto p;
    p.id = stmt.get_int(0);
    p.case_id = case_id;
    p.source = parse_photo_source(stmt.get_text(1)).value_or(PhotoSource::counter);
    p.width = static_cast<int>(stmt.get_int(2));
    p.height = static_cast<int>(stmt.get_int(3));
    p.bytes = stmt.get_int(4);
    p.taken_at = parse_instant(stmt.get_text(5)).value_or(Instant{});
    p.taken_by = stmt.get_text(6);
    p.caption = stmt.get_text(7);
    photos.push_back(std::move(p));
  }
  return photos;
}

int count_photos(Database& db, std::int64_t case_id, PhotoSource source) {
  Statement stmt = db.prepare("SELECT count(*) FROM case_photos WHERE case_id = ?1 AND source = ?2");
  stmt.bind_all(case_id, to_string(source));
  stmt.step();
  return static_cast<int>(stmt.get_int(0));
}

std::optional<std::string> load_photo_bytes(Database& db, std::int64_t case_id, std::int64_t id, bool thumbnail) {
  Statement stmt = db.prepare(thumbnail ? "SELECT thumbnail FROM case_photos WHERE case_id = ?1 AND id = ?2"
                                        : "SELECT photo FROM case_photos WHERE case_id = ?1 AND id = ?2");
  stmt.bind_all(case_id, id);
  if (!stmt.step()) return std::nullopt;
  return stmt.get_blob(0);
}

}  // namespace aftersales
