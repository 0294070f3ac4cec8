#include "core/storage/database.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cerrno>
#include <fstream>
#include <thread>

#include "core/present/event_text.h"
#include "core/storage/case_store.h"
#include "core/storage/migrations.h"
#include "core/storage/sqlite_backend.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::TempDir;

std::string pragma(Database& db, const std::string& name) {
  Statement stmt = db.prepare("PRAGMA " + name);
  stmt.step();
  std::string value = stmt.get_text(0);
  return value;
}

TEST(Database, CreatesAFileWithWalForeignKeysAndFullSync) {
  TempDir dir;
  auto db = Database::open(dir.file("sub/folder/a.db"));
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_TRUE(std::filesystem::exists(dir.file("sub/folder/a.db")));
  EXPECT_EQ(pragma(*db, "journal_mode"), "wal");
  EXPECT_EQ(pragma(*db, "foreign_keys"), "1");
  EXPECT_EQ(pragma(*db, "synchronous"), "2");  // FULL
  EXPECT_EQ(db->schema_version(), latest_schema_version());
  EXPECT_GE(latest_schema_version(), 1);
}

TEST(Database, ForeignKeysAreEnforced) {
  TempDir dir;
  auto db = Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  EXPECT_THROW(db->exec("INSERT INTO case_events (case_id, at, actor, kind) VALUES (999, 'x', 'y', 'note')"),
               StorageError);
}

// Builds a database file at schema `version` the way an older aftersales would have left it.
void make_old_database(const std::filesystem::path& path, int version) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &handle), SQLITE_OK);
  for (const auto& m : all_migrations(Backend::sqlite)) {
    if (m.version > version) break;
    ASSERT_EQ(sqlite3_exec(handle, m.sql, nullptr, nullptr, nullptr), SQLITE_OK) << m.name;
    std::string set_version = "PRAGMA user_version=" + std::to_string(m.version);
    sqlite3_exec(handle, set_version.c_str(), nullptr, nullptr, nullptr);
  }
  if (version >= 1)
    sqlite3_exec(handle, "INSERT INTO settings(key, value) VALUES ('marker', 'kept')", nullptr, nullptr, nullptr);
  sqlite3_close(handle);
}

TEST(Database, MigratesFromEveryEarlierVersionKeepingData) {
  for (int from = 0; from < latest_schema_version(); ++from) {
    TempDir dir;
    make_old_database(dir.file("old.db"), from);
    auto db = Database::open(dir.file("old.db"));
    ASSERT_TRUE(db) << "from " << from << ": " << db.error().message;
    EXPECT_EQ(db->schema_version(), latest_schema_version());
    if (from >= 1) {
      Statement stmt = db->prepare("SELECT value FROM settings WHERE key = 'marker'");
      ASSERT_TRUE(stmt.step()) << "from " << from;
      EXPECT_EQ(stmt.get_text(0), "kept");
    }
  }
}

// Schema 7 and before stored the system's own sentences as notes; schema 8 stores kinds with
// typed details. Each row here is exactly as the release before it wrote them.
TEST(Database, EventsWrittenAsSentencesBecomeTypedEventsThatSayTheSameToStaff) {
  TempDir dir;
  make_old_database(dir.file("old.db"), 7);
  struct Old {
    const char* kind;
    const char* note;
    int visible;
  };
  const std::vector<Old> old = {
      {"opened", "Checked in for repair", 1},
      {"note", "Assigned to sam", 0},
      {"note", "Unassigned", 0},
      {"note", "Diagnosis: Charging port corroded. Needs a new port", 0},
      {"estimate", "Estimate: 119.00 (parts and labour)", 1},
      {"decision", "Estimate approved", 1},
      {"decision", "Estimate declined: the item is returned unrepaired", 1},
      {"status", "Item received at the counter", 1},
      {"note", "Inspected: opened (the customer said sealed). Seal cut. All parts present", 0},
      {"note", "Inspected: damaged", 0},
      {"decision", "Return approved: store credit (goodwill). Loyal customer. Manager agreed", 1},
      {"decision", "Return approved: refund", 1},
      {"decision", "Return rejected. The screen is cracked", 1},
      {"replacement", "Replaced under warranty by a new unit, serial SN-NEW-1", 1},
      {"note", "Assigned to the customer's call", 1},  // a person's visible note: stays a note
      {"status", "", 1},
  };
  {
    sqlite3* handle = nullptr;
    ASSERT_EQ(sqlite3_open(dir.file("old.db").c_str(), &handle), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(handle,
                           "INSERT INTO cases (id, code, token, kind, status, created_at, updated_at, due_at) VALUES "
                           "(1, 'RAA-AAA-AAA', 'T1', 'repair', 'repairing', '2026-03-01T10:00:00Z', "
                           "'2026-03-01T10:00:00Z', '2026-03-11T10:00:00Z');"
                           "INSERT INTO estimate_lines (case_id, kind, description, quantity, unit_cents) VALUES "
                           "(1, 'part', 'Screen', 1, 8900), (1, 'labour', 'Fitting', 2, 1500)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    for (const Old& o : old) {
      sqlite3_stmt* stmt = nullptr;
      sqlite3_prepare_v2(handle,
                         "INSERT INTO case_events (case_id, at, actor, kind, note, customer_visible) "
                         "VALUES (1, '2026-03-01T10:00:00Z', 'clara', ?1, ?2, ?3)",
                         -1, &stmt, nullptr);
      sqlite3_bind_text(stmt, 1, o.kind, -1, SQLITE_STATIC);
      sqlite3_bind_text(stmt, 2, o.note, -1, SQLITE_STATIC);
      sqlite3_bind_int(stmt, 3, o.visible);
      ASSERT_EQ(sqlite3_step(stmt), SQLITE_DONE) << o.note;
      sqlite3_finalize(stmt);
    }
    sqlite3_close(handle);
  }
  auto db = Database::open(dir.file("old.db"));
  ASSERT_TRUE(db) << db.error().message;
  auto events = load_case_events(*db, 1);
  ASSERT_EQ(events.size(), old.size());
  for (std::size_t i = 0; i < old.size(); ++i)
    EXPECT_EQ(staff_event_text(events[i]), old[i].note) << "row " << i << " reads to staff as it did";
  using K = EventKind;
  std::vector<K> kinds;
  for (const auto& e : events) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<K>{K::opened, K::assigned, K::assigned, K::diagnosis, K::estimate, K::estimate_approved,
                                   K::estimate_declined, K::received, K::inspected, K::inspected, K::return_approved,
                                   K::return_approved, K::return_rejected, K::replacement, K::note, K::status}));
  EXPECT_EQ(events[1].details.who, "sam");
  EXPECT_EQ(events[3].note, "Charging port corroded. Needs a new port") << "only the technician's words remain";
  EXPECT_EQ(events[4].details.amount_cents, 11900);
  EXPECT_EQ(events[8].details.condition, ItemCondition::opened);
  EXPECT_EQ(events[8].details.claimed, ItemCondition::sealed);
  EXPECT_EQ(events[8].note, "Seal cut. All parts present");
  EXPECT_FALSE(events[9].details.claimed);
  EXPECT_EQ(events[10].details.outcome, ReturnOutcome::store_credit);
  EXPECT_TRUE(events[10].details.goodwill);
  EXPECT_EQ(events[10].note, "Loyal customer. Manager agreed");
  EXPECT_FALSE(events[11].details.goodwill);
  EXPECT_EQ(events[12].note, "The screen is cracked");
  EXPECT_EQ(events[13].details.serial, "SN-NEW-1");
  // The customer now reads them in their own language, whatever the note said.
  EXPECT_EQ(customer_event_text(events[10], Language::fr, "EUR"),
            "Retour accepté : avoir. Loyal customer. Manager agreed");
  EXPECT_EQ(customer_event_text(events[5], Language::es, "EUR"), "Presupuesto aprobado");
  EXPECT_EQ(customer_event_text(events[4], Language::en, "EUR"), "Estimate: 119.00 EUR (parts and labour)");
}

TEST(Database, AnUpgradeFirstBacksUpTheOldDatabase) {
  TempDir dir;
  // The schema one migration back (numbers may skip one kept for another change).
  const auto& migrations = all_migrations(Backend::sqlite);
  int previous = migrations[migrations.size() - 2].version;
  make_old_database(dir.file("store.db"), previous);
  auto db = Database::open(dir.file("store.db"));
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(db->schema_found(), previous);
  ASSERT_TRUE(db->upgrade_backup());
  EXPECT_EQ(db->upgrade_backup()->parent_path(), dir.file("backups"));
  EXPECT_NE(db->upgrade_backup()->filename().string().find("before-" + std::to_string(latest_schema_version())),
            std::string::npos);
  sqlite3* copy = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db->upgrade_backup()->c_str(), &copy, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  int version = -1;
  sqlite3_exec(
      copy, "PRAGMA user_version",
      [](void* out, int, char** v, char**) {
        *static_cast<int*>(out) = std::atoi(v[0]);
        return 0;
      },
      &version, nullptr);
  EXPECT_EQ(version, previous) << "the copy is the database as it was";
  sqlite3_close(copy);

  auto again = Database::open(dir.file("store.db"));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->upgrade_backup()) << "migrations run once";
  auto fresh = Database::open(dir.file("new.db"));
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh->upgrade_backup()) << "an empty new database has nothing to keep";
}

TEST(Database, AFailedUpgradeChangesNothingAndSaysHowToRestore) {
  TempDir dir;
  make_old_database(dir.file("store.db"), 1);
  // The next version's migration breaks half-way, after creating a table.
  std::vector<Migration> broken(all_migrations(Backend::sqlite).begin(), all_migrations(Backend::sqlite).end());
  broken.push_back({latest_schema_version() + 1, "broken", "CREATE TABLE later_one (x); SELECT * FROM no_such_table;"});
  auto db = Database::open(dir.file("store.db"));  // brings it to the latest schema, with a backup
  ASSERT_TRUE(db) << db.error().message;
  db->exec("INSERT INTO settings(key, value) VALUES ('after', 'upgrade')");
  auto failed = apply_migrations(*db, broken);
  ASSERT_FALSE(failed);
  EXPECT_EQ(db->schema_version(), latest_schema_version()) << "rolled back";
  EXPECT_THROW(db->exec("SELECT * FROM later_one"), StorageError) << "the new table was rolled back too";
  const std::string& message = failed.error().message;
  EXPECT_NE(message.find("Nothing was changed"), std::string::npos) << message;
  EXPECT_NE(message.find("broken"), std::string::npos) << message;
  EXPECT_NE(message.find("copy it over " + dir.file("store.db").string()), std::string::npos) << message;
  Statement kept = db->prepare("SELECT value FROM settings WHERE key = 'after'");
  ASSERT_TRUE(kept.step());
  EXPECT_EQ(kept.get_text(0), "upgrade");
}

TEST(Database, RefusesADatabaseFromANewerVersion) {
  TempDir dir;
  {
    auto db = Database::open(dir.file("a.db"));
    ASSERT_TRUE(db);
    db->exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 5));
  }
  auto db = Database::open(dir.file("a.db"));
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, ErrorKind::storage);
  EXPECT_NE(db.error().message.find("newer version of aftersales"), std::string::npos);
  EXPECT_NE(db.error().message.find("Upgrade aftersales"), std::string::npos);
}

TEST(Database, ReadOnlyOpenNeverMigrates) {
  TempDir dir;
  {
    sqlite3* handle = nullptr;
    sqlite3_open(dir.file("empty.db").c_str(), &handle);
    sqlite3_exec(handle, "CREATE TABLE x(y)", nullptr, nullptr, nullptr);
    sqlite3_close(handle);
  }
  auto db = Database::open(dir.file("empty.db"), OpenMode::read_only);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("needs an upgrade"), std::string::npos);
}

TEST(Database, SaysWhenAFileIsNotADatabase) {
  TempDir dir;
  std::ofstream(dir.file("notes.db")) << "these are not the tables you are looking for, not at all, no........";
  auto db = Database::open(dir.file("notes.db"));
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("not an aftersales database"), std::string::npos);
}

TEST(Database, MissingFileInReadWriteModeIsAClearError) {
  TempDir dir;
  auto db = Database::open(dir.file("missing.db"), OpenMode::read_write);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("Cannot open the database"), std::string::npos);
}

TEST(Database, WriteTransactionRollsBackUnlessCommitted) {
  TempDir dir;
  auto db = Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  {
    WriteTransaction tx(*db);
    db->exec("INSERT INTO settings(key, value) VALUES ('a', '1')");
  }
  {
    WriteTransaction tx(*db);
    db->exec("INSERT INTO settings(key, value) VALUES ('b', '2')");
    tx.commit();
  }
  Statement stmt = db->prepare("SELECT group_concat(key) FROM settings WHERE key IN ('a', 'b')");
  stmt.step();
  EXPECT_EQ(stmt.get_text(0), "b");
}

TEST(Database, StorageGuardTurnsSqliteFailuresIntoMessages) {
  TempDir dir;
  auto db = Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  auto result = storage_guard<int>([&]() -> Result<int> {
    db->exec("INSERT INTO no_such_table VALUES (1)");
    return 1;
  });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::storage);
  EXPECT_NE(result.error().message.find("no_such_table"), std::string::npos);
}

TEST(Database, AFullOrReadOnlyDiskSaysSoWhateverErrorSqliteReportsItAs) {
  auto message = [](int code, int sys) {
    return storage_error(StorageError(sqlite_error_kind(code, sys), "disk I/O error")).message;
  };
  const std::string full = "The disk is full: nothing was saved. Free some space and try again.";
  EXPECT_EQ(message(SQLITE_FULL, 0), full);
  EXPECT_EQ(message(SQLITE_IOERR_WRITE, ENOSPC), full) << "the -shm file could not grow";
  EXPECT_EQ(message(SQLITE_CANTOPEN, ENOSPC), full) << "the journal could not be made";
  EXPECT_EQ(message(SQLITE_IOERR_FSYNC, EDQUOT), full);
  EXPECT_EQ(message(SQLITE_IOERR_WRITE, EROFS), "The database is read-only here: nothing was saved.");
  // Growing the -shm file: SQLite keeps no errno for it (found by tests/faults/disk_full_test.sh).
  EXPECT_EQ(message(SQLITE_IOERR_SHMSIZE, 0), full);
  EXPECT_EQ(message(SQLITE_IOERR_SHMSIZE, EROFS), "The database is read-only here: nothing was saved.");
  const std::string failed =
      "The disk could not be read or written: nothing was saved. Try again; if it happens again, the computer's disk "
      "needs checking.";
  EXPECT_EQ(message(SQLITE_IOERR_READ, EIO), failed) << "a failing disk is not 'Database error: disk I/O error'";
  EXPECT_EQ(message(SQLITE_IOERR_FSYNC, 0), failed);
  EXPECT_EQ(message(SQLITE_ERROR, 0), "Database error: disk I/O error") << "anything else says what it was";
}

TEST(Database, SecondWriterWaitsForTheFirstInsteadOfFailing) {
  TempDir dir;
  auto first = Database::open(dir.file("a.db"));
  auto second = Database::open(dir.file("a.db"));
  ASSERT_TRUE(first && second);
  std::thread writer;
  {
    WriteTransaction tx(*first);
    first->exec("INSERT INTO settings(key, value) VALUES ('first', '1')");
    writer = std::thread([&] {
      WriteTransaction tx2(*second);  // blocks on the busy timeout until the first commits
      second->exec("INSERT INTO settings(key, value) VALUES ('second', '2')");
      tx2.commit();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    tx.commit();
  }
  writer.join();
  Statement stmt = first->prepare("SELECT count(*) FROM settings WHERE key IN ('first', 'second')");
  stmt.step();
  EXPECT_EQ(stmt.get_int(0), 2);
}

}  // namespace
}  // namespace aftersales
