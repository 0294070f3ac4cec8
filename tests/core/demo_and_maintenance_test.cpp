#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "core/services/case_service.h"
#include "core/services/demo_data.h"
#include "core/storage/maintenance.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;
using testing::TempDir;

std::string catalog_digest(Database& db) {
  Statement stmt = db.prepare(
      "SELECT group_concat(x, '|') FROM (SELECT p.sku || s.receipt_number || s.sold_at || coalesce(l.serial, '') || "
      "l.quantity || l.price_cents || coalesce(l.plan_id, '') AS x FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
      "JOIN products p ON p.id = l.product_id ORDER BY l.id)");
  stmt.step();
  std::string digest = stmt.get_text(0);
  return digest;
}

Database demo_db(const TempDir& dir, const std::string& name, std::uint64_t seed) {
  auto db = Database::open(dir.file(name));
  EXPECT_TRUE(db);
  DemoOptions options{seed, 1500, 2, at("2026-11-23T12:00:00Z")};
  auto summary = generate_demo(*db, default_config(), options);
  EXPECT_TRUE(summary) << summary.error().message;
  return std::move(*db);
}

TEST(Demo, SameSeedSameStoreOtherSeedOtherStore) {
  TempDir dir;
  Database a = demo_db(dir, "a.db", 1);
  Database b = demo_db(dir, "b.db", 1);
  Database c = demo_db(dir, "c.db", 2);
  EXPECT_EQ(catalog_digest(a), catalog_digest(b));
  EXPECT_NE(catalog_digest(a), catalog_digest(c));
}

TEST(Demo, HasRealisticCatalogAndCasesInEveryState) {
  TempDir dir;
  Database db = demo_db(dir, "demo.db", 7);
  Config config = default_config();
  CaseService cases(db, config, [] { return at("2026-11-23T12:00:00Z"); });
  auto all = cases.list({.limit = 1000});
  ASSERT_TRUE(all);
  std::set<std::pair<CaseKind, CaseStatus>> seen;
  for (const auto& c : *all) seen.insert({c.kind, c.status});
  for (CaseStatus s : kAllStatuses) {
    for (CaseKind kind : {CaseKind::repair, CaseKind::return_item}) {
      if (!status_belongs_to(kind, s)) continue;
      if (kind == CaseKind::repair && s == CaseStatus::rejected) continue;
      if (s == CaseStatus::transferred) continue;  // only in a chain of stores; the demo is one store
      EXPECT_TRUE(seen.contains({kind, s})) << to_string(kind) << " " << to_string(s);
    }
  }
  auto health = check_database(db);
  ASSERT_TRUE(health);
  EXPECT_TRUE(health->ok);
  EXPECT_GE(health->products, 180);
  EXPECT_LE(health->products, 220);
  EXPECT_GE(health->sale_lines, 1500);
}

TEST(Demo, RefusesADatabaseWithData) {
  TempDir dir;
  Database db = demo_db(dir, "demo.db", 7);
  auto again = generate_demo(db, default_config(), {7, 1500, 1, at("2026-11-23T12:00:00Z")});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
}

TEST(Maintenance, BackupIsConsistentWhileAnotherConnectionWrites) {
  TempDir dir;
  Database db = demo_db(dir, "live.db", 3);
  std::atomic<bool> stop = false;
  std::thread writer([&] {
    auto other = Database::open(dir.file("live.db"));
    ASSERT_TRUE(other);
    for (int i = 0; !stop && i < 500; ++i) {
      std::string key = std::to_string(i);
      other->prepare("INSERT INTO settings(key, value) VALUES (?1, 'x')").bind_all(key).run();
    }
  });
  auto done = backup_database(db, dir.file("backups/copy.db"));
  stop = true;
  writer.join();
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir.file("backups/copy.db.partial")));
  auto copy = Database::open(dir.file("backups/copy.db"), OpenMode::read_only);
  ASSERT_TRUE(copy) << copy.error().message;
  auto health = check_database(*copy);
  ASSERT_TRUE(health);
  EXPECT_TRUE(health->ok);
  EXPECT_GT(health->cases, 0);
}

TEST(Maintenance, CheckFindsBrokenForeignKeys) {
  TempDir dir;
  auto db = Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  db->exec("PRAGMA foreign_keys=OFF");
  db->exec("INSERT INTO case_events (case_id, at, actor, kind) VALUES (42, 'x', 'y', 'note')");
  auto health = check_database(*db);
  ASSERT_TRUE(health);
  EXPECT_FALSE(health->ok);
  ASSERT_EQ(health->problems.size(), 1u);
  EXPECT_NE(health->problems[0].find("case_events"), std::string::npos);
}

TEST(Maintenance, BackupToAnUnwritablePlaceFailsClearly) {
  TempDir dir;
  auto db = Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  auto done = backup_database(*db, "/proc/not-here/copy.db");
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().kind, ErrorKind::io);
}

TEST(Maintenance, AFailedBackupLeavesNoPartialCopyBehind) {
  TempDir dir;
  auto db = Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  // The copy is made, then cannot be moved into place: a folder already has the name.
  std::filesystem::create_directories(dir.file("backups/copy.db/taken"));
  auto done = backup_database(*db, dir.file("backups/copy.db"));
  ASSERT_FALSE(done);
  EXPECT_NE(done.error().message.find("Cannot move the backup into place"), std::string::npos) << done.error().message;
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(dir.file("backups")))
    left.push_back(entry.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"copy.db"}) << "no copy.db.partial nor its journal";
}

}  // namespace
}  // namespace aftersales
