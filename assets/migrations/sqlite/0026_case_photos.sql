-- Schema 26: photos of a case (core/media/photo_image.h, core/storage/photos_store.h), taken at the
-- counter, on the bench or sent by the customer from the status page. Only what the sanitiser wrote
-- is kept: a baseline JPEG with no metadata and its thumbnail; what the customer sent is not.
-- Rows are never changed. (Schema 25 is another change's: it adds columns to part_orders.)
CREATE TABLE case_photos (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  source     TEXT NOT NULL CHECK (source IN ('counter', 'bench', 'customer')),
  photo      BLOB NOT NULL,
  thumbnail  BLOB NOT NULL,
  width      INTEGER NOT NULL CHECK (width > 0),
  height     INTEGER NOT NULL CHECK (height > 0),
  taken_at   TEXT NOT NULL,
  taken_by   TEXT NOT NULL,
  caption    TEXT NOT NULL DEFAULT '',
  store_id   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_photos_case ON case_photos(case_id, id);
