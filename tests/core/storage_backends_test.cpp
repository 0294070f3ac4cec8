// The storage seam's own promises: what both backends share (conflict retries, placeholders,
// passwords kept out of messages), and what only PostgreSQL can show: writers on several
// connections that would race under a weaker isolation, a link that dies, a server that is not
// there. The PostgreSQL tests run under tests/support/with_postgres.sh and are skipped otherwise.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/domain/status_token.h"
#include "core/notify/outbox.h"
#include "core/present/status_view.h"
#include "core/services/bench_reports.h"
#include "core/services/case_service.h"
#include "core/services/case_transfer.h"
#include "core/services/claims_service.h"
#include "core/services/demo_data.h"
#include "core/services/parts_service.h"
#include "core/services/photo_service.h"
#include "core/services/reminders.h"
#include "core/services/return_controls.h"
#include "core/services/staff.h"
#include "core/services/stats_by_store.h"
#include "core/storage/case_store.h"
#include "core/storage/change_feed.h"
#include "core/storage/copy_store.h"
#include "core/storage/csv_import.h"
#include "core/storage/database.h"
#include "core/storage/postgres_backend.h"
#include "support/photo_fixtures.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::TestStore;

TEST(StorageGuard, RunsTheBodyAgainAfterASerializationConflict) {
  int calls = 0;
  auto result = storage_guard<int>([&]() -> Result<int> {
    if (++calls < 3) throw StorageError(StorageError::Kind::conflict, "could not serialize access");
    return 42;
  });
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, 42);
  EXPECT_EQ(calls, 3);
}

TEST(StorageGuard, GivesUpAfterAFewConflictsWithAMessage) {
  int calls = 0;
  auto result = storage_guard<int>([&]() -> Result<int> {
    ++calls;
    throw StorageError(StorageError::Kind::conflict, "could not serialize access");
  });
  ASSERT_FALSE(result);
  EXPECT_GT(calls, 3);
  EXPECT_LT(calls, 20);
  EXPECT_NE(result.error().message.find("try again"), std::string::npos) << result.error().message;
}

TEST(StorageGuard, NeverRetriesOtherFailuresNorALostLink) {
  for (auto kind : {StorageError::Kind::other, StorageError::Kind::unavailable, StorageError::Kind::constraint}) {
    int calls = 0;
    auto result = storage_guard<int>([&]() -> Result<int> {
      ++calls;
      throw StorageError(kind, "no");
    });
    EXPECT_FALSE(result);
    EXPECT_EQ(calls, 1) << "a COMMIT whose answer was lost may have landed: never run it twice";
  }
}

TEST(StorageGuard, AnInnerGuardLeavesTheRetryToTheOutermostOne) {
  testing::TempDir dir;
  auto db = Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  int outer = 0, inner = 0;
  auto result = storage_guard<int>([&]() -> Result<int> {
    ++outer;
    WriteTransaction tx(*db);
    auto nested = storage_guard<int>([&]() -> Result<int> {
      if (++inner == 1) throw StorageError(StorageError::Kind::conflict, "could not serialize access");
      return 1;
    });
    tx.commit();
    return nested;
  });
  ASSERT_TRUE(result);
  EXPECT_EQ(outer, 2) << "the whole transaction ran again";
  EXPECT_EQ(inner, 2);
}

TEST(PostgresSql, PlaceholdersBecomeDollarsOutsideQuotes) {
  EXPECT_EQ(postgres_placeholders("SELECT ?1, '?2', \"a?b\" FROM t WHERE x = ?12"),
            "SELECT $1, '?2', \"a?b\" FROM t WHERE x = $12");
}

TEST(PostgresSql, PasswordsNeverReachAMessage) {
  EXPECT_EQ(redact_uri_password("postgresql://clerk:s3cret@db.store/aftersales?sslmode=verify-full"),
            "postgresql://clerk:***@db.store/aftersales?sslmode=verify-full");
  EXPECT_EQ(redact_uri_password("postgresql://db.store/aftersales?user=clerk&password=s3cret&sslmode=require"),
            "postgresql://db.store/aftersales?user=clerk&password=***&sslmode=require");
  EXPECT_EQ(redact_uri_password("postgresql://clerk@db.store/aftersales"), "postgresql://clerk@db.store/aftersales");
  EXPECT_EQ(describe_location("/var/lib/aftersales/aftersales.db"), "/var/lib/aftersales/aftersales.db");
}

TEST(PostgresSql, PgDumpGetsThePasswordApartFromItsCommandLine) {
  PostgresTarget target = postgres_target("postgresql://clerk:s3cret@db.store:5433/aftersales?sslmode=require");
  ASSERT_TRUE(target.password);
  EXPECT_EQ(*target.password, "s3cret");
  EXPECT_EQ(target.conninfo.find("s3cret"), std::string::npos) << target.conninfo;
  EXPECT_NE(target.conninfo.find("host='db.store'"), std::string::npos) << target.conninfo;
  EXPECT_NE(target.conninfo.find("port='5433'"), std::string::npos) << target.conninfo;
  EXPECT_NE(target.conninfo.find("dbname='aftersales'"), std::string::npos) << target.conninfo;
  EXPECT_NE(target.conninfo.find("sslmode='require'"), std::string::npos) << target.conninfo;
  EXPECT_FALSE(postgres_target("postgresql://clerk@db.store/aftersales").password);
}

TEST(PostgresSql, LibpqMessagesBecomeOneLine) {
  EXPECT_EQ(one_line("connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\tIs the server "
                     "running on that host and accepting TCP/IP connections?\n"),
            "connection to server at \"127.0.0.1\", port 1 failed: Connection refused Is the server running on that "
            "host and accepting TCP/IP connections?");
}

TEST(PostgresSql, SqlStatesMeanWhatTheCounterNeedsToHear) {
  EXPECT_EQ(postgres_error_kind("40001"), StorageError::Kind::conflict);
  EXPECT_EQ(postgres_error_kind("40P01"), StorageError::Kind::conflict);
  EXPECT_EQ(postgres_error_kind("08006"), StorageError::Kind::unavailable);
  EXPECT_EQ(postgres_error_kind("57014"), StorageError::Kind::unavailable);
  EXPECT_EQ(postgres_error_kind("53100"), StorageError::Kind::disk_full);
  EXPECT_EQ(postgres_error_kind("23505"), StorageError::Kind::constraint);
  EXPECT_EQ(postgres_error_kind("42P01"), StorageError::Kind::other);
}

TEST(PostgresServer, AServerThatIsNotThereIsAClearMessageWithinFiveSeconds) {
  auto started = std::chrono::steady_clock::now();
  // A port nothing listens on, and an address nothing answers from.
  for (const char* uri :
       {"postgresql://clerk:s3cret@127.0.0.1:1/aftersales", "postgresql://clerk:s3cret@192.0.2.1:5432/aftersales"}) {
    auto db = Database::open(uri);
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().kind, ErrorKind::storage);
    EXPECT_NE(db.error().message.find("Cannot reach the database server"), std::string::npos) << db.error().message;
    EXPECT_EQ(db.error().message.find("s3cret"), std::string::npos) << "no password in a message";
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(12));
}

// Several connections to one PostgreSQL database, as a store's kiosk, counter PCs and server have.
// Several connections to one store, as its kiosks, counter PCs and server have: four writers at
// once on SQLite (a file, BEGIN IMMEDIATE) and on PostgreSQL (SERIALIZABLE, retried on conflict).
class SeveralConnections : public TestStore {
 protected:
  static constexpr int kWriters = 4;
  Result<Case> open_a_repair() {
    std::string n = std::to_string(++sales_);
    add_sale("S-" + n, now - std::chrono::days{30}, {{"PHONE-1", "SN-" + n}});
    return cases->open_repair(repair_draft("SN-" + n), "kiosk");
  }
  Database another_connection() {
    auto opened = Database::open(where.location());
    EXPECT_TRUE(opened) << opened.error().message;
    return std::move(*opened);
  }
  std::vector<Database> connections(int n = kWriters) {
    std::vector<Database> all;
    for (int i = 0; i < n; ++i) all.push_back(another_connection());
    return all;
  }
  // Runs each function on a thread of its own, released together.
  static void at_once(const std::vector<std::function<void()>>& work) {
    std::barrier start(static_cast<std::ptrdiff_t>(work.size()));
    std::vector<std::thread> threads;
    for (const auto& w : work)
      threads.emplace_back([&start, &w] {
        start.arrive_and_wait();
        w();
      });
    for (auto& t : threads) t.join();
  }
  // Each writer's Result, from the same call on its own connection.
  template <class T, class Call>
  std::vector<Result<T>> each_writer(std::vector<Database>& dbs, Call call) {
    std::vector<Result<T>> results(dbs.size(), fail(ErrorKind::refused, "not run"));
    std::vector<std::function<void()>> work;
    for (std::size_t i = 0; i < dbs.size(); ++i) work.push_back([&, i] { results[i] = call(dbs[i], i); });
    at_once(work);
    return results;
  }
  template <class T>
  static int succeeded(const std::vector<Result<T>>& results) {
    return static_cast<int>(std::count_if(results.begin(), results.end(), [](const auto& r) { return r.has_value(); }));
  }
  int sales_ = 0;
};

class OnPostgres : public SeveralConnections {
 protected:
  void SetUp() override {
    if (!testing::testing_on_postgres()) GTEST_SKIP() << "runs under tests/support/with_postgres.sh";
    SeveralConnections::SetUp();
  }
};

TEST_F(SeveralConnections, FourCountersDisablingFourManagersLeaveOneActive) {
  for (int round = 0; round < 3; ++round) {
    StaffService setup(*db);
    auto members = setup.list();
    ASSERT_TRUE(members);
    std::vector<std::string> names;
    for (int i = 0; i < kWriters; ++i) {
      names.push_back(fmt::format("m{}r{}", i, round));
      ASSERT_TRUE(setup.add(names.back(), "Manager", Role::manager, "pin-4711"));
    }
    for (const auto& m : *members) {  // the managers of earlier rounds step down
      if (m.active) {
        ASSERT_TRUE(setup.set_active(m.username, false));
      }
    }
    auto dbs = connections();
    auto results = each_writer<void>(
        dbs, [&](Database& on, std::size_t i) { return StaffService(on).set_active(names[i], false); });
    EXPECT_EQ(succeeded(results), kWriters - 1) << "round " << round << ": all but the last may step down";
    auto still = setup.has_active_manager();
    ASSERT_TRUE(still);
    EXPECT_TRUE(*still) << "round " << round << ": nobody can manage the staff any more";
  }
}

TEST_F(SeveralConnections, TheSameItemIsNotReturnedTwiceFromFourKiosks) {
  add_sale("R-1", now - std::chrono::days{3}, {{"PHONE-1", "SN-ONE"}});
  ReturnDraft draft{"R-1", "PHONE-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, "", {}};
  draft.brought_serial = "SN-ONE";
  auto dbs = connections();
  auto results = each_writer<Case>(dbs, [&](Database& on, std::size_t) {
    return CaseService(on, config, [this] { return now; }).open_return(draft, "kiosk");
  });
  EXPECT_EQ(succeeded(results), 1);
  for (const auto& r : results) {
    if (!r) {
      EXPECT_EQ(r.error().kind, ErrorKind::refused) << r.error().message;
    }
  }
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE kind = 'return'"), 1);
}

// The limit of returns per customer (return_controls.h) is counted inside open_return's write
// transaction: four kiosks opening the same customer's returns at once, with two allowed, open all
// four, and exactly two wait for a manager, on SQLite (serialised writers) and PostgreSQL
// (SERIALIZABLE: a writer that counted before another's return landed is retried and counts it).
TEST_F(SeveralConnections, FourKiosksCountOneCustomersReturnsExactly) {
  add_sale("R-4", now - std::chrono::days{3}, {{"CABLE-1", "", 8, 1500}});
  config.returns.per_customer = {2, 30};
  ReturnDraft draft{"R-4", "CABLE-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, "", {}};
  draft.customer.phone = "+34 600 123 456";
  for (int round = 0; round < 2; ++round) {
    auto dbs = connections();
    auto results = each_writer<Case>(dbs, [&](Database& on, std::size_t) {
      return CaseService(on, config, [this] { return now; }).open_return(draft, "kiosk");
    });
    EXPECT_EQ(succeeded(results), kWriters) << "round " << round;
    int held = 0;
    for (const auto& r : results)
      if (r && r->handover == ReturnHandover::see_counter) ++held;
    EXPECT_EQ(held, round == 0 ? kWriters - 2 : kWriters) << "round " << round;
  }
  EXPECT_EQ(count("SELECT count(*) FROM return_holds WHERE kind = 'over_limit'"), 2 * kWriters - 2);
}

TEST_F(SeveralConnections, OneReplacementSerialGoesToOneCaseOnly) {
  std::vector<Case> repairs;
  for (int i = 0; i < kWriters; ++i) {
    auto opened = open_a_repair();
    ASSERT_TRUE(opened) << opened.error().message;
    repairs.push_back(*opened);
  }
  auto dbs = connections();
  auto results = each_writer<Case>(dbs, [&](Database& on, std::size_t i) {
    return CaseService(on, config, [this] { return now; }).record_replacement(repairs[i].code, "NEW-UNIT-1", "tech");
  });
  EXPECT_EQ(succeeded(results), 1);
  for (const auto& r : results) {
    if (!r) {
      EXPECT_EQ(r.error().kind, ErrorKind::conflict) << r.error().message;
      EXPECT_NE(r.error().message.find("already belongs"), std::string::npos) << r.error().message;
    }
  }
  EXPECT_EQ(count("SELECT count(*) FROM serial_replacements WHERE new_serial = 'NEW-UNIT-1'"), 1);
}

// Stock never below zero (CaseService::use_part): four technicians take the same part at once, for
// four repairs, more than the shelf holds. The conditional UPDATE and the CHECK keep the count;
// under SERIALIZABLE the losers are retried and then refused with what is left, never a database error.
TEST_F(SeveralConnections, FourTechniciansTakingTheLastPartsNeverTakeStockBelowZero) {
  std::vector<Case> repairs;
  for (int i = 0; i < kWriters; ++i) {
    auto opened = open_a_repair();
    ASSERT_TRUE(opened) << opened.error().message;
    ASSERT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false}));
    repairs.push_back(*opened);
  }
  struct Round {
    std::int64_t stock, each, winners;
  };
  for (Round round : {Round{2, 1, 2}, Round{3, 2, 1}, Round{0, 1, 0}}) {
    std::istringstream csv(
        fmt::format("sku,name,cost_cents,price_cents,stock\nSCR-1,Screen,4000,8900,{}\n", round.stock));
    auto imported = import_csv(*db, ImportKind::parts, csv, config.time_zone);
    ASSERT_TRUE(imported && imported->committed());
    long long used_before = count("SELECT coalesce(sum(quantity), 0) FROM part_uses");
    auto dbs = connections();
    auto results = each_writer<Case>(dbs, [&](Database& on, std::size_t i) {
      return CaseService(on, config, [this] { return now; }).use_part(repairs[i].code, "SCR-1", round.each, "tech");
    });
    EXPECT_EQ(succeeded(results), round.winners) << "from a stock of " << round.stock;
    for (const auto& r : results) {
      if (!r) {
        EXPECT_EQ(r.error().kind, ErrorKind::refused) << r.error().message;
      }
    }
    auto part = PartsService(*db).find("SCR-1");
    ASSERT_TRUE(part);
    EXPECT_EQ(part->stock, round.stock - round.winners * round.each);
    EXPECT_GE(part->stock, 0);
    EXPECT_EQ(count("SELECT coalesce(sum(quantity), 0) FROM part_uses") - used_before, round.winners * round.each)
        << "every part that left the shelf is on a repair, and no more";
  }
}

// Four counters take the last of what a repair owes at once (CaseService::record_payment): under
// SERIALIZABLE one succeeds and the others, retried, find nothing due; never more taken than due.
TEST_F(SeveralConnections, FourCountersTakingWhatIsDueTakeItOnce) {
  auto opened = open_a_repair();
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false}));
  ASSERT_TRUE(cases->record_estimate(opened->code, {{"part", "Screen", 1, 8900}}, "tech"));
  ASSERT_TRUE(cases->decide_estimate(opened->code, true, "clerk"));
  auto dbs = connections();
  auto results = each_writer<CaseMoney>(dbs, [&](Database& on, std::size_t) {
    PaymentDraft draft{.kind = PaymentKind::payment, .method = PaymentMethod::card, .amount_cents = 8900};
    return CaseService(on, config, [this] { return now; }).record_payment(opened->code, draft, "clerk");
  });
  EXPECT_EQ(succeeded(results), 1);
  for (const auto& r : results) {
    if (!r) {
      EXPECT_EQ(r.error().message, "Nothing is due on this repair.");
    }
  }
  EXPECT_EQ(count("SELECT coalesce(sum(amount_cents), 0) FROM payments"), 8900);
}

// Four phones send a photo to the same case at once, one short of the customer's limit
// (PhotoService::add_photo): the count and the insert are one transaction, so one gets in and the
// others (run again under SERIALIZABLE, or waiting on SQLite's writer lock) find the limit reached.
TEST_F(SeveralConnections, FourPhonesSendingTheLastAllowedPhotoAddItOnce) {
  auto opened = open_a_repair();
  ASSERT_TRUE(opened) << opened.error().message;
  PhotoSettings limits{.max_per_case = 3};
  std::string jpeg = testing::make_jpeg(32, 24);
  PhotoService photos(*db, limits, [this] { return now; });
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(photos.add_photo(opened->code, jpeg, PhotoSource::customer, "customer"));
  auto dbs = connections();
  auto results = each_writer<CasePhoto>(dbs, [&](Database& on, std::size_t) {
    return PhotoService(on, limits, [this] { return now; })
        .add_photo(opened->code, jpeg, PhotoSource::customer, "customer");
  });
  EXPECT_EQ(succeeded(results), 1);
  for (const auto& r : results)
    if (!r) {
      EXPECT_EQ(r.error().message, "This case already has the 3 photos a customer may send.");
    }
  EXPECT_EQ(count("SELECT count(*) FROM case_photos WHERE source = 'customer'"), 3);
}

// Four counters batch the same repairs into a claim to their vendor at once (ClaimsService::open_claim):
// one claim gets them all, the others (run again) find nothing left to claim; each case on one claim.
TEST_F(SeveralConnections, FourCountersBatchingTheSameRepairsClaimEachOnce) {
  std::vector<std::string> codes;
  for (int i = 0; i < 3; ++i) {
    auto opened = open_a_repair();
    ASSERT_TRUE(opened) << opened.error().message;
    ASSERT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false}));
    ASSERT_TRUE(cases->advance(opened->code, CaseStatus::ready_for_pickup, {"tech", "", false}));
    ASSERT_TRUE(cases->advance(opened->code, CaseStatus::completed, {"clerk", "", false}));
    codes.push_back(opened->code);
  }
  auto dbs = connections();
  auto results = each_writer<VendorClaim>(dbs, [&](Database& on, std::size_t i) {
    // Half of them name the repairs, half take every one there is.
    std::vector<std::string> chosen = i % 2 == 0 ? codes : std::vector<std::string>{};
    return ClaimsService(on, config, [this] { return now; }).open_claim("Acme", chosen, "clerk");
  });
  EXPECT_EQ(succeeded(results), 1);
  for (const auto& r : results) {
    if (r) {
      EXPECT_EQ(r->lines.size(), 3u);
    } else {
      EXPECT_TRUE(r.error().message.starts_with("There are no repairs to claim from Acme") ||
                  r.error().message.find("is already on claim") != std::string::npos)
          << r.error().message;
    }
  }
  EXPECT_EQ(count("SELECT count(*) FROM vendor_claims"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM claim_lines"), 3);
  EXPECT_EQ(count("SELECT count(DISTINCT case_id) FROM claim_lines"), 3);
}

// Four counters lend the last loaner at once, each with a repair of its own
// (CaseService::lend_loaner): one lends it, the others hear that it is out; one open loan.
TEST_F(SeveralConnections, FourCountersLendingTheLastLoanerLendItOnce) {
  ASSERT_TRUE(cases->add_loaner({"L-01", "iPhone 8", "", ""}));
  std::vector<std::string> codes;
  for (int i = 0; i < kWriters; ++i) {
    auto opened = open_a_repair();
    ASSERT_TRUE(opened) << opened.error().message;
    codes.push_back(opened->code);
  }
  auto dbs = connections();
  auto results = each_writer<Loan>(dbs, [&](Database& on, std::size_t i) {
    return CaseService(on, config, [this] { return now; }).lend_loaner(codes[i], "L-01", "clerk");
  });
  EXPECT_EQ(succeeded(results), 1);
  for (const auto& r : results) {
    if (!r) {
      EXPECT_TRUE(r.error().message.starts_with("Loaner L-01 (iPhone 8) is out with ")) << r.error().message;
    }
  }
  EXPECT_EQ(count("SELECT count(*) FROM loans WHERE returned_at IS NULL"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM case_events WHERE kind = 'loaner_lent'"), 1);
}

// Four counters record the same delivery at once (CaseService::record_part_arrival): it goes into
// stock once, the repair moves on once, and the others hear that it already arrived.
TEST_F(SeveralConnections, FourCountersReceivingTheSameOrderAddItToStockOnce) {
  std::istringstream csv("sku,name,cost_cents,price_cents,stock,supplier\nBAT-1,Battery,1500,4900,0,Acme\n");
  auto imported = import_csv(*db, ImportKind::parts, csv, config.time_zone);
  ASSERT_TRUE(imported && imported->committed());
  auto opened = open_a_repair();
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false}));
  ASSERT_TRUE(cases->order_part(opened->code, PartOrderDraft{"BAT-1", 2, "", "PO-RACE", "2026-03-20"}, "clerk"));
  auto dbs = connections();
  auto results = each_writer<PartArrival>(dbs, [&](Database& on, std::size_t) {
    return CaseService(on, config, [this] { return now; }).record_part_arrival("PO-RACE", std::nullopt, "clerk");
  });
  EXPECT_EQ(succeeded(results), 1);
  for (const auto& r : results) {
    if (!r) {
      EXPECT_EQ(r.error().kind, ErrorKind::conflict) << r.error().message;
      EXPECT_NE(r.error().message.find("already arrived"), std::string::npos) << r.error().message;
    }
  }
  EXPECT_EQ(PartsService(*db).find("BAT-1")->stock, 2);
  EXPECT_EQ(count("SELECT count(*) FROM case_events WHERE kind = 'part_arrived'"), 1);
  EXPECT_EQ(cases->find_by_code(opened->code)->status, CaseStatus::repairing);
}

// Four counters give the same supplier reference to orders for four repairs at once: one order
// keeps it; the others hear it is taken, not a database error, and their repairs do not wait.
TEST_F(SeveralConnections, OneOrderReferenceGoesToOneOrderOnly) {
  std::istringstream csv("sku,name,cost_cents,price_cents,stock,supplier\nBAT-1,Battery,1500,4900,0,Acme\n");
  auto imported = import_csv(*db, ImportKind::parts, csv, config.time_zone);
  ASSERT_TRUE(imported && imported->committed());
  std::vector<Case> repairs;
  for (int i = 0; i < kWriters; ++i) {
    auto opened = open_a_repair();
    ASSERT_TRUE(opened) << opened.error().message;
    ASSERT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false}));
    repairs.push_back(*opened);
  }
  auto dbs = connections();
  auto results = each_writer<PartOrder>(dbs, [&](Database& on, std::size_t i) {
    return CaseService(on, config, [this] { return now; })
        .order_part(repairs[i].code, PartOrderDraft{"BAT-1", 1, "", "PO-SAME", "2026-03-20"}, "clerk");
  });
  EXPECT_EQ(succeeded(results), 1);
  for (const auto& r : results) {
    if (!r) {
      EXPECT_EQ(r.error().kind, ErrorKind::conflict) << r.error().message;
      EXPECT_NE(r.error().message.find("already recorded"), std::string::npos) << r.error().message;
    }
  }
  EXPECT_EQ(count("SELECT count(*) FROM part_orders"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM cases WHERE status = 'awaiting_parts'"), 1);
}

// Four back-office PCs run their reminders pass at the same moment (Reminders::run, as `aftersales
// notify` does each round): each case past its limit is reminded once, one message to its customer.
TEST_F(SeveralConnections, FourPassesOfRemindersAtOnceRemindEachCaseOnce) {
  config.status_limits.days = {{CaseStatus::awaiting_approval, 3}};
  std::vector<Case> waiting;
  for (int i = 0; i < 3; ++i) {
    auto opened = open_a_repair();
    ASSERT_TRUE(opened) << opened.error().message;
    ASSERT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false}));
    ASSERT_TRUE(cases->record_estimate(opened->code, {{"part", "Screen", 1, 8900}}, "tech"));
    waiting.push_back(*opened);
  }
  long long notices_before = count("SELECT count(*) FROM outbox");
  now += std::chrono::days{4};
  auto dbs = connections();
  auto results = each_writer<RemindersReport>(
      dbs, [&](Database& on, std::size_t) { return Reminders(on, config, [this] { return now; }).run(); });
  EXPECT_EQ(succeeded(results), kWriters);
  std::size_t reminded = 0;
  for (const auto& r : results)
    if (r) reminded += r->actions.size();
  EXPECT_EQ(reminded, waiting.size()) << "every case once, by one of the passes";
  EXPECT_EQ(count("SELECT count(*) FROM case_events WHERE kind = 'reminder_sent'"), 3);
  EXPECT_EQ(count("SELECT count(DISTINCT case_id) FROM case_events WHERE kind = 'reminder_sent'"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM outbox") - notices_before, 3) << "one reminder to each customer";
}

TEST_F(SeveralConnections, FourClerksMovingOneCaseAtOnceLoseNoUpdate) {
  auto opened = open_a_repair();
  ASSERT_TRUE(opened) << opened.error().message;
  const CaseStatus wanted[] = {CaseStatus::diagnosing, CaseStatus::cancelled, CaseStatus::diagnosing,
                               CaseStatus::cancelled};
  auto dbs = connections();
  auto results = each_writer<Case>(dbs, [&](Database& on, std::size_t i) {
    return CaseService(on, config, [this] { return now; })
        .advance(opened->code, wanted[i], {"clerk", wanted[i] == CaseStatus::cancelled ? "Changed mind" : "", true});
  });
  auto events = cases->events(opened->id);
  ASSERT_TRUE(events);
  int moves = 0;
  for (const auto& e : *events)
    if (e.kind == EventKind::status) ++moves;
  // Each move that succeeded was made from the status the one before it left: one event each, and
  // never two writers each believing they moved the case from checked_in.
  EXPECT_EQ(moves, succeeded(results));
  EXPECT_GE(moves, 1);
  EXPECT_LE(moves, 2) << "checked_in -> diagnosing -> cancelled at most";
  auto final_case = cases->find_by_code(opened->code);
  ASSERT_TRUE(final_case);
  EXPECT_EQ(events->back().to, final_case->status) << "the last event says where the case is";
}

// Opening a repair reads the latest completed repair on the same serial (WarrantyService). New
// cases are not in the index that read goes through (schema 18), so two check-ins side by side
// read nothing the other writes, and both commit; through cases_serial, which every new case
// enters, each read locked the index page the other was adding to and one of the two failed.
TEST_F(OnPostgres, TwoCheckInsSideBySideReadNothingTheOtherWritesAndBothCommit) {
  const std::string latest_repair =  // WarrantyService::evaluate's
      "SELECT max(workmanship_until) FROM cases WHERE serial = ?1 AND kind = 'repair' AND workmanship_until IS NOT "
      "NULL";
  auto check_in = [](Database& on, const std::string& n) {
    std::string code = "R-" + n, token = "T-" + n, serial = "SN-" + n;
    on.prepare(
          "INSERT INTO cases (code, token, kind, status, created_at, updated_at, serial, due_at) VALUES (?1, ?2, "
          "'repair', 'checked_in', '2026-03-01T09:00:00Z', '2026-03-01T09:00:00Z', ?3, '2026-03-09T23:59:59Z')")
        .bind_all(code, token, serial)
        .run();
  };
  for (int round = 0; round < 3; ++round) {
    auto dbs = connections(2);
    std::string a = fmt::format("A{}", round), b = fmt::format("B{}", round);
    std::string serial_a = "SN-" + a, serial_b = "SN-" + b;
    try {
      WriteTransaction first(dbs[0]), second(dbs[1]);
      dbs[0].prepare(latest_repair).bind(1, serial_a).step();
      dbs[1].prepare(latest_repair).bind(1, serial_b).step();
      check_in(dbs[0], a);
      check_in(dbs[1], b);
      first.commit();
      second.commit();
    } catch (const StorageError& e) {
      ADD_FAILURE() << "round " << round << ": " << e.what();
    }
  }
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 6);
}

// On PostgreSQL a new case's code and token are checked by the unique indexes, not read first: a
// taken one writes nothing (neither the case nor its search entry) and the caller draws another.
TEST_F(OnPostgres, ATakenCodeOrTokenWritesNothingAndSaysSo) {
  add_sale("S-1", now, {{"PHONE-1", "SN-1"}});
  auto opened = cases->open_repair(repair_draft("SN-1"), "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  Case same_code = *opened, same_token = *opened;
  same_code.token = "another-token";
  same_token.code = "R-0000-0000";
  {
    WriteTransaction tx(*db);
    EXPECT_FALSE(insert_case_if_free(*db, same_code));
    EXPECT_FALSE(insert_case_if_free(*db, same_token));
    EXPECT_THROW(insert_case(*db, same_code), StorageError);
  }
  EXPECT_EQ(count("SELECT count(*) FROM cases"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM case_search"), 1);
}

TEST_F(OnPostgres, ALostLinkIsAClearMessageAndTheNextCallReconnects) {
  auto opened = open_a_repair();
  ASSERT_TRUE(opened) << opened.error().message;
  {  // the server ends this test's other connections, as a restart or a dropped link would
    PGconn* admin = PQconnectdb(std::getenv("AFTERSALES_TEST_POSTGRES"));
    ASSERT_EQ(PQstatus(admin), CONNECTION_OK);
    PQclear(PQexec(admin, ("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                           where.location().substr(where.location().rfind('/') + 1) + "'")
                              .c_str()));
    PQfinish(admin);
  }
  auto lost = cases->find_by_code(opened->code);
  if (!lost) {
    EXPECT_EQ(lost.error().kind, ErrorKind::storage);
    EXPECT_NE(lost.error().message.find("cannot be reached"), std::string::npos) << lost.error().message;
  }
  auto again = cases->find_by_code(opened->code);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->code, opened->code);
}

TEST(ChangeFeedOnSqlite, ThereIsNoneAndThePollCarriesOn) {
  testing::TempDir dir;
  EXPECT_EQ(ChangeFeed::listen(dir.file("store.db"), [] {}), nullptr);
}

TEST_F(OnPostgres, ACaseOpenedElsewhereIsAnnouncedWhenItCommitsAndNotBefore) {
  std::mutex m;
  std::condition_variable cv;
  int calls = 0;
  auto feed = ChangeFeed::listen(where.location(), [&] {
    std::lock_guard lock(m);
    ++calls;
    cv.notify_all();
  });
  ASSERT_NE(feed, nullptr);
  auto wait_for_calls = [&](int n, std::chrono::milliseconds within) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, within, [&] { return calls >= n; });
  };
  ASSERT_TRUE(wait_for_calls(1, std::chrono::seconds(10))) << "the feed reports once when it connects";
  // It reports first, then counts as connected (a page cached before the link went must not pass
  // for fresh): connected() follows the first report by a moment.
  for (int i = 0; i < 1000 && !feed->connected(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(feed->connected());

  Database kiosk = another_connection();
  add_sale("S-FEED", now - std::chrono::days{30}, {{"PHONE-1", "SN-FEED"}});
  {  // announced inside a transaction that rolls back: nobody hears of it
    WriteTransaction tx(kiosk);
    announce_case_change(kiosk, 1);
  }
  EXPECT_FALSE(wait_for_calls(2, std::chrono::milliseconds(300))) << "a rolled-back change is never announced";

  CaseService at_kiosk(kiosk, config, [this] { return now; });
  auto started = std::chrono::steady_clock::now();
  auto opened = at_kiosk.open_repair(repair_draft("SN-FEED"), "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE(wait_for_calls(2, std::chrono::seconds(10))) << "the back office hears of the new case";
  auto latency = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
  std::printf("change feed: a case opened on one connection was announced on another %.1f ms after the call\n",
              static_cast<double>(latency.count()) / 1000.0);
}

// Schema 19: every table a status page shows announces its changes on the page_data channel, also
// when the change is applied by a chain's subscription (row triggers enabled ALWAYS).
TEST_F(OnPostgres, EveryTableAStatusPageShowsAnnouncesItsChanges) {
  Statement q = db->prepare(
      "SELECT c.relname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
      "WHERE t.tgname = c.relname || '_page_data' ORDER BY 1");
  std::map<std::string, std::string> announced;
  while (q.step()) announced[q.get_text(0)] = q.get_text(1);
  for (const char* shown :
       {"cases", "case_events", "estimate_lines", "feedback", "phone_answers", "phone_answers_applied",
        "case_transfers", "chain_transfers", "transfers_applied", "chain_stores", "settings", "serial_replacements"})
    EXPECT_EQ(announced[shown], "A") << shown << ": no trigger announcing its changes, or not enabled ALWAYS";
  EXPECT_FALSE(announced.contains("sale_lines")) << "a point-of-sale import must not flood the status server";

  std::atomic<int> calls{0};
  auto feed = ChangeFeed::listen(
      where.location(), [&] { ++calls; }, FeedChannel::page_data);
  ASSERT_NE(feed, nullptr);
  auto wait_for_calls = [&](int n) {
    for (int i = 0; i < 1000 && calls < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return calls >= n;
  };
  ASSERT_TRUE(wait_for_calls(1)) << "the feed reports once when it connects";
  ASSERT_TRUE(feed->connected());
  Database other = another_connection();
  other.exec("UPDATE settings SET value = value");
  ASSERT_TRUE(wait_for_calls(2)) << "a settings change is announced";
  add_sale("S-PAGE", now - std::chrono::days{30}, {{"PHONE-1", "SN-PAGE"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(calls, 2) << "a sale is on no status page";
  CaseService elsewhere(other, config, [this] { return now; });
  ASSERT_TRUE(elsewhere.open_repair(repair_draft("SN-PAGE"), "kiosk"));
  ASSERT_TRUE(wait_for_calls(3)) << "a new case is announced";
}

long long count_cases(Database& db) {
  Statement q = db.prepare("SELECT count(*) FROM cases");
  q.step();
  return q.get_int(0);
}

// install/postgresql/roles.sql, applied as the owner, then each program's work done as a login in
// its group: what it needs works, and what it has no business doing is refused by the server.
class DatabaseRoles : public OnPostgres {
 protected:
  void SetUp() override {
    OnPostgres::SetUp();
    if (IsSkipped()) return;
    std::ifstream file(std::string(AFTERSALES_SOURCE_DIR) + "/install/postgresql/roles.sql");
    std::stringstream sql;
    sql << file.rdbuf();
    ASSERT_FALSE(sql.str().empty());
    as_owner(sql.str());  // twice: it may run again after every upgrade
    as_owner(sql.str());
    for (const char* group : {"kiosk", "backoffice", "status", "notifier"})
      as_owner(
          fmt::format("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'login_{0}') THEN "
                      "CREATE ROLE login_{0} LOGIN IN ROLE aftersales_{0}; END IF; END $$",
                      group));
  }
  void as_owner(const std::string& sql) {
    PGconn* conn = PQconnectdb(where.location().c_str());
    ASSERT_EQ(PQstatus(conn), CONNECTION_OK);
    PGresult* result = PQexec(conn, sql.c_str());
    EXPECT_EQ(PQresultStatus(result), PGRES_COMMAND_OK) << PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(conn);
  }
  // The store's database, as `login_<group>` (postgresql://postgres@host:port/db -> login_group@…).
  Database as(const std::string& group) {
    std::string uri = where.location();
    std::size_t user = uri.find("://") + 3;
    uri.replace(user, uri.find('@') - user, "login_" + group);
    auto opened = Database::open(uri);
    EXPECT_TRUE(opened) << group << ": " << opened.error().message;
    return std::move(*opened);
  }
  // True when the server refuses the statement for want of a right.
  static bool refused(Database& db, const std::string& sql) {
    try {
      db.prepare(sql).run();
      return false;
    } catch (const StorageError& e) {
      return std::string(e.what()).find("permission denied") != std::string::npos;
    }
  }
};

TEST_F(DatabaseRoles, EachProgramDoesItsWorkAndNothingMore) {
  StaffService owner_staff(*db);
  ASSERT_TRUE(owner_staff.add("ana", "Ana", Role::manager, "pin-4711"));
  add_sale("S-ROLES", now - std::chrono::days{30}, {{"PHONE-1", "SN-ROLES"}});

  Database kiosk = as("kiosk");
  CaseService at_kiosk(kiosk, config, [this] { return now; });
  auto opened = at_kiosk.open_repair(repair_draft("SN-ROLES"), "kiosk");
  ASSERT_TRUE(opened) << "the kiosk opens a case: " << opened.error().message;
  ASSERT_TRUE(at_kiosk.find_by_code(opened->code)) << "and tracks it";
  EXPECT_TRUE(at_kiosk.stores_around()) << "with the chain's stores' names, for a case of another store";
  EXPECT_TRUE(refused(kiosk, "SELECT username FROM staff"));
  EXPECT_TRUE(refused(kiosk, "DELETE FROM case_events"));
  EXPECT_TRUE(refused(kiosk, "UPDATE cases SET status = 'completed'"));

  Database counter = as("backoffice");
  StaffService staff(counter);
  ASSERT_TRUE(staff.sign_in("ana", "pin-4711", "counter-1"))
      << "signing in needs one account's secret, through the function";
  EXPECT_FALSE(staff.sign_in("ana", "wrong-pin", "counter-1"));
  ASSERT_TRUE(staff.list()) << "the technicians to assign";
  EXPECT_TRUE(refused(counter, "SELECT password_hash FROM staff")) << "never the table's secrets";
  EXPECT_TRUE(refused(counter, "UPDATE staff SET role = 'manager'"));
  EXPECT_TRUE(refused(counter, "DELETE FROM sales"));
  CaseService at_counter(counter, config, [this] { return now; });
  ASSERT_TRUE(at_counter.advance(opened->code, CaseStatus::diagnosing, {"ana", "", false}));
  auto estimated = at_counter.record_estimate(opened->code, {{"part", "Screen", 1, 12900}}, "ana");
  ASSERT_TRUE(estimated) << estimated.error().message;

  Database status = as("status");
  CaseService from_phone(status, config, [this] { return now; });
  EXPECT_TRUE(from_phone.stores_around()) << "the page names a store of the chain, and gives its number";
  auto answered = from_phone.decide_estimate(opened->code, true, "customer");
  ASSERT_TRUE(answered) << "the customer's answer: " << answered.error().message;
  EXPECT_TRUE(refused(status, "UPDATE cases SET customer_phone = '+1 555 0199'"));
  EXPECT_TRUE(refused(status, "SELECT username FROM staff"));
  EXPECT_TRUE(refused(status, "DELETE FROM feedback"));
  for (auto to : {CaseStatus::ready_for_pickup, CaseStatus::completed}) {
    auto moved = at_counter.advance(opened->code, to, {"ana", "", false});
    ASSERT_TRUE(moved) << moved.error().message;
  }
  auto rated = from_phone.record_feedback(opened->token, 5, "Quick and kind");
  ASSERT_TRUE(rated) << "feedback: " << rated.error().message;

  Database notifier = as("notifier");
  Outbox outbox(notifier);
  auto due = outbox.due(now + std::chrono::hours{1});
  ASSERT_TRUE(due) << due.error().message;
  ASSERT_FALSE(due->empty()) << "the estimate and pickup notices";
  EXPECT_TRUE(outbox.mark_sent(due->front().id, now));
  auto claimed = outbox.claim(now + std::chrono::hours{1}, claim_lease(30), {"email", "sms"});
  ASSERT_TRUE(claimed) << "a sender claims what it sends (SELECT … FOR UPDATE): " << claimed.error().message;
  EXPECT_EQ(claimed->size(), 1u);
  EXPECT_TRUE(refused(notifier, "UPDATE outbox SET body = 'spam'"));
  EXPECT_TRUE(refused(notifier, "DELETE FROM outbox"));
  EXPECT_TRUE(refused(notifier, "SELECT username FROM staff"));

  // At a chain's headquarters the back office's dashboard reads every store's figures and the stores.
  as_owner("INSERT INTO settings (key, value) VALUES ('chain.role', 'headquarters')");
  auto chain = compute_stats_by_store(counter, config, now);
  ASSERT_TRUE(chain) << "headquarters' dashboard: " << chain.error().message;
  EXPECT_EQ(chain->total.ratings, 1);
}

// Parts (schema 20): the back office takes them from stock, orders and receives them; the kiosk's
// tracking and the phone page read an estimate's part and the day a part is expected, never costs
// or stock, and change neither.
TEST_F(DatabaseRoles, TheCounterTakesMoneyAndThePagesReadOnlyWhatWasPaid) {
  add_sale("S-PAY", now - std::chrono::days{30}, {{"PHONE-1", "SN-PAY"}});
  Database counter = as("backoffice");
  CaseService at_counter(counter, config, [this] { return now; });
  auto opened = at_counter.open_repair(repair_draft("SN-PAY"), "ana");
  ASSERT_TRUE(opened) << opened.error().message;
  auto paid =
      at_counter.record_payment(opened->code, {PaymentKind::deposit, PaymentMethod::cash, 2000, "till 17"}, "ana");
  ASSERT_TRUE(paid) << "the counter takes a deposit: " << paid.error().message;
  ASSERT_TRUE(at_counter.payments(opened->id)) << "and lists what was taken";
  EXPECT_TRUE(refused(counter, "UPDATE payments SET amount_cents = 1"));
  EXPECT_TRUE(refused(counter, "DELETE FROM payments"));

  for (const char* role : {"status", "kiosk"}) {
    Database page = as(role);
    CaseService reading(page, config, [this] { return now; });
    auto view = build_status_view(reading, opened->token, config, Language::en);
    ASSERT_TRUE(view) << role << ": " << view.error().message;
    EXPECT_EQ(view->paid_cents, 2000) << role;
    EXPECT_TRUE(refused(page, "SELECT note FROM payments")) << role;
    EXPECT_TRUE(refused(page, "SELECT actor FROM payments")) << role;
    EXPECT_TRUE(refused(page,
                        "INSERT INTO payments (case_id, kind, method, amount_cents, at, actor) "
                        "VALUES (1, 'refund', 'cash', 1, 'x', 'x')"))
        << role;
  }
}

// Photos (schema 26): the back office adds and shows them; the status page shows a case's photos
// and adds the customer's; the kiosk sees none; nobody changes or deletes one.
TEST_F(DatabaseRoles, TheCounterAndThePageAddPhotosTheKioskSeesNone) {
  add_sale("S-PHOTO", now - std::chrono::days{30}, {{"PHONE-1", "SN-PHOTO"}});
  Database counter = as("backoffice");
  CaseService at_counter(counter, config, [this] { return now; });
  auto opened = at_counter.open_repair(repair_draft("SN-PHOTO"), "ana");
  ASSERT_TRUE(opened) << opened.error().message;
  std::string jpeg = testing::make_jpeg(16, 16);
  auto bench = PhotoService(counter, config.photos, [this] {
                 return now;
               }).add_photo(opened->code, jpeg, PhotoSource::bench, "ana");
  ASSERT_TRUE(bench) << "the bench adds a photo: " << bench.error().message;
  Database status = as("status");
  PhotoService from_phone(status, config.photos, [this] { return now; });
  auto sent = from_phone.add_photo(opened->code, jpeg, PhotoSource::customer, "customer");
  ASSERT_TRUE(sent) << "the customer's photo: " << sent.error().message;
  ASSERT_TRUE(from_phone.photo(opened->code, bench->id, true)) << "the page shows the store's photos too";
  for (Database* role : {&counter, &status}) {
    EXPECT_TRUE(refused(*role, "UPDATE case_photos SET caption = 'x'"));
    EXPECT_TRUE(refused(*role, "DELETE FROM case_photos"));
  }
  Database kiosk = as("kiosk");
  EXPECT_TRUE(refused(kiosk, "SELECT id FROM case_photos"));
}

// Loaners (schema 23): the back office keeps the list, lends, takes back and waives; the kiosk asks
// whether one is free and the pages which one to bring back, and change nothing.
TEST_F(DatabaseRoles, TheCounterLendsLoanersAndThePagesOnlyReadWhichToBringBack) {
  add_sale("S-LOAN", now - std::chrono::days{30}, {{"PHONE-1", "SN-LOAN"}});
  ASSERT_TRUE(StaffService(*db).add("marta", "Marta", Role::manager, "pin-4711"));
  Database counter = as("backoffice");
  CaseService at_counter(counter, config, [this] { return now; });
  ASSERT_TRUE(at_counter.add_loaner({"L-07", "iPhone 8", "SN-7", ""})) << "the counter adds a loaner";
  ASSERT_TRUE(at_counter.add_loaner({"L-08", "Galaxy S9", "", ""}));
  ASSERT_TRUE(at_counter.retire_loaner("L-08")) << "and retires one";
  auto opened = at_counter.open_repair(repair_draft("SN-LOAN"), "ana");
  ASSERT_TRUE(opened) << opened.error().message;
  auto lent = at_counter.lend_loaner(opened->code, "L-07", "ana");
  ASSERT_TRUE(lent) << "the counter lends: " << lent.error().message;
  ASSERT_TRUE(at_counter.waive_loaner(opened->code, "Posting it back", "marta")) << "a manager waives";
  ASSERT_TRUE(at_counter.return_loaner(opened->code, "fine", "ana")) << "and takes it back";
  ASSERT_TRUE(at_counter.loaners());
  EXPECT_TRUE(refused(counter, "DELETE FROM loans"));
  EXPECT_TRUE(refused(counter, "DELETE FROM loaners"));
  ASSERT_TRUE(at_counter.lend_loaner(opened->code, "L-07", "ana"));

  for (const char* role : {"status", "kiosk"}) {
    Database page = as(role);
    CaseService reading(page, config, [this] { return now; });
    auto free = reading.loaner_available();
    ASSERT_TRUE(free) << role << ": " << free.error().message;
    EXPECT_FALSE(*free) << role;
    auto view = build_status_view(reading, opened->token, config, Language::en);
    ASSERT_TRUE(view) << role << ": " << view.error().message;
    EXPECT_EQ(view->loaner_to_bring, "L-07") << role;
    EXPECT_TRUE(refused(page, "SELECT serial FROM loaners")) << role;
    EXPECT_TRUE(refused(page, "SELECT lent_by FROM loans")) << role;
    EXPECT_TRUE(refused(page, "UPDATE loans SET returned_at = 'x'")) << role;
    EXPECT_TRUE(refused(page, "INSERT INTO loaners (tag, description) VALUES ('X', 'x')")) << role;
  }
}

// Vendor claims (schema 24): the back office opens, ships and credits them and never deletes one;
// the kiosk and the status page read nothing of them (the customer never sees a claim).
TEST_F(DatabaseRoles, TheBackOfficeWorksClaimsAndThePagesSeeNoneOfThem) {
  add_sale("S-CLAIM", now - std::chrono::days{30}, {{"PHONE-1", "SN-CLAIM"}});
  auto opened = cases->open_repair(repair_draft("SN-CLAIM"), "kiosk");
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE(cases->advance(opened->code, CaseStatus::diagnosing, {"tech", "", false}));
  ASSERT_TRUE(cases->record_estimate(opened->code, {{"part", "Screen", 1, 8900}}, "tech"));
  ASSERT_TRUE(cases->decide_estimate(opened->code, true, "clerk"));
  ASSERT_TRUE(cases->advance(opened->code, CaseStatus::ready_for_pickup, {"tech", "", false}));
  ASSERT_TRUE(cases->advance(opened->code, CaseStatus::completed, {"clerk", "", false}));
  Database counter = as("backoffice");
  ClaimsService at_counter(counter, config, [this] { return now; });
  ASSERT_TRUE(at_counter.claimable("Acme")) << "the counter lists what can be claimed";
  auto claim = at_counter.open_claim("Acme", {}, "ana");
  ASSERT_TRUE(claim) << "the counter opens a claim: " << claim.error().message;
  ASSERT_TRUE(at_counter.ship(claim->id, "RMA-1")) << "ships it";
  ASSERT_TRUE(at_counter.credit(claim->id, 100)) << "and records its credit";
  ASSERT_TRUE(at_counter.aged());
  EXPECT_TRUE(refused(counter, "DELETE FROM claim_lines"));
  EXPECT_TRUE(refused(counter, "DELETE FROM vendor_claims"));
  for (const char* role : {"status", "kiosk"}) {
    Database page = as(role);
    EXPECT_TRUE(refused(page, "SELECT id FROM vendor_claims")) << role;
    EXPECT_TRUE(refused(page, "SELECT case_id FROM claim_lines")) << role;
    EXPECT_TRUE(refused(page, "INSERT INTO vendor_claims (vendor, created_at, actor) VALUES ('x', 'x', 'x')")) << role;
  }
}

// Return controls (schema 27): the kiosk routes a blocklisted customer's return to a manager
// without reading the blocklist (aftersales_return_contact_blocked answers yes or no) and records
// the hold without reading it back; the counter reads both and a manager approves; the pages read
// neither.
TEST_F(DatabaseRoles, TheKioskRoutesABlocklistedReturnWithoutReadingTheBlocklist) {
  add_sale("S-BLOCK", now - std::chrono::days{3}, {{"CABLE-1", "", 5, 1500}});
  ASSERT_TRUE(StaffService(*db).add("marta", "Marta", Role::manager, "pin-4711"));
  ASSERT_TRUE(BlocklistService(*db, "US", [this] {
                return now;
              }).add({"+34 600 999 000", "", "Used items returned as new", std::nullopt, "marta"}));
  ReturnDraft draft{"S-BLOCK", "CABLE-1", 1, ReturnReason::changed_mind, ItemCondition::sealed, "", {}};
  draft.customer.phone = "+34 600 999 000";

  Database kiosk = as("kiosk");
  CaseService at_kiosk(kiosk, config, [this] { return now; });
  auto opened = at_kiosk.open_return(draft, "kiosk");
  ASSERT_TRUE(opened) << "the kiosk opens the return: " << opened.error().message;
  EXPECT_EQ(opened->handover, ReturnHandover::see_counter) << "and routes it to the counter";
  draft.customer.phone = "+34 600 000 111";
  auto other = at_kiosk.open_return(draft, "kiosk");
  ASSERT_TRUE(other) << other.error().message;
  EXPECT_EQ(other->handover, ReturnHandover::none) << "another customer's is not";
  ReturnDraft retried = draft;
  retried.customer.phone = "+34 600 999 000";
  retried.token = new_status_token();
  auto once = at_kiosk.open_return(retried, "kiosk");
  auto twice = at_kiosk.open_return(retried, "kiosk");  // its answer lost, the kiosk saves again
  ASSERT_TRUE(once && twice) << "the kiosk saves it again without reading the holds";
  EXPECT_EQ(twice->code, once->code);
  EXPECT_EQ(twice->handover, ReturnHandover::see_counter) << "and is told the same";
  draft.customer.phone.clear();
  auto anonymous = at_kiosk.open_return(draft, "kiosk");
  ASSERT_FALSE(anonymous);
  EXPECT_EQ(anonymous.error().message, kReturnNeedsContact) << "the kiosk learns that the blocklist is in use";

  Database counter = as("backoffice");
  CaseService at_counter(counter, config, [this] { return now; });
  auto holds = at_counter.return_holds(opened->id);
  ASSERT_TRUE(holds) << "the counter reads why: " << holds.error().message;
  EXPECT_EQ(holds->size(), 1u);
  EXPECT_TRUE(BlocklistService(counter, "US").list()) << "and the blocklist";
  ASSERT_TRUE(at_counter.inspect_return(opened->code, ItemCondition::sealed, "", "marta"));
  auto approved = at_counter.decide_return(opened->code, {ReturnOutcome::refund, "ID checked"}, "marta");
  ASSERT_TRUE(approved) << "a manager approves: " << approved.error().message;
  EXPECT_TRUE(refused(counter, "DELETE FROM return_holds"));
  EXPECT_TRUE(refused(counter, "DELETE FROM return_blocklist"));

  for (const char* role : {"kiosk", "status"}) {
    Database page = as(role);
    EXPECT_TRUE(refused(page, "SELECT reason FROM return_blocklist")) << role;
    EXPECT_TRUE(refused(page, "SELECT kind FROM return_holds")) << role;
    EXPECT_TRUE(
        refused(page, "INSERT INTO return_blocklist (phone, reason, added_by, added_at) VALUES ('1', 'x', 'x', 'x')"))
        << role;
  }
  Database status = as("status");
  EXPECT_TRUE(refused(status, "SELECT aftersales_return_contact_blocked('34600999000', '', '2026-01-01T00:00:00Z')"))
      << "the status server may not even ask";
  EXPECT_TRUE(refused(status, "SELECT aftersales_return_blocklist_in_force('2026-01-01T00:00:00Z')"));
}

// A function that runs with its owner's rights reads the owner's tables, never a temporary table the
// caller made in front of them (schema 28: search_path = public, pg_temp).
TEST_F(DatabaseRoles, AFunctionRunWithTheOwnersRightsReadsNoTemporaryTableOfTheCaller) {
  Database kiosk = as("kiosk");
  kiosk.prepare("CREATE TEMP TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)").run();
  kiosk.prepare("INSERT INTO settings VALUES ('test.forged', 'yes')").run();
  Statement read = kiosk.prepare("SELECT COALESCE(aftersales_setting('test.forged'), 'not found')");
  ASSERT_TRUE(read.step());
  EXPECT_EQ(read.get_text(0), "not found") << "the kiosk's own table was read with the owner's rights";

  Statement unsafe = db->prepare(
      "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
      "WHERE n.nspname = 'public' AND p.prosecdef "
      "AND NOT 'search_path=public, pg_temp' = ANY(COALESCE(p.proconfig, '{}')) ORDER BY 1");
  std::vector<std::string> names;
  while (unsafe.step()) names.push_back(unsafe.get_text(0));
  EXPECT_TRUE(names.empty()) << "SECURITY DEFINER without pg_temp last: " << fmt::format("{}", fmt::join(names, ", "));
}

TEST_F(DatabaseRoles, TheBackOfficeWorksPartsAndThePagesOnlyReadWhenAPartIsExpected) {
  add_sale("S-ROLES", now - std::chrono::days{30}, {{"PHONE-1", "SN-ROLES"}});
  std::istringstream csv("sku,name,cost_cents,price_cents,stock,supplier\nSCR-1,Screen,4000,8900,1,Acme\n");
  auto imported = import_csv(*db, ImportKind::parts, csv, config.time_zone);  // administration, as the owner
  ASSERT_TRUE(imported && imported->committed());

  Database counter = as("backoffice");
  CaseService at_counter(counter, config, [this] { return now; });
  auto opened = at_counter.open_repair(repair_draft("SN-ROLES"), "ana");
  ASSERT_TRUE(opened) << opened.error().message;
  ASSERT_TRUE(at_counter.advance(opened->code, CaseStatus::diagnosing, {"ana", "", false}));
  auto used = at_counter.use_part(opened->code, "SCR-1", 1, "ana");
  ASSERT_TRUE(used) << "the bench takes a part: " << used.error().message;
  auto back = at_counter.put_back_part(opened->code, "SCR-1", 1, "ana");
  ASSERT_TRUE(back) << "and puts one back: " << back.error().message;
  ASSERT_TRUE(PartsService(counter).list(false)) << "and reads the list";
  auto estimated = at_counter.record_estimate(opened->code, {{"part", "", 1, 8900, "SCR-1"}}, "ana");
  ASSERT_TRUE(estimated) << estimated.error().message;
  ASSERT_TRUE(at_counter.decide_estimate(opened->code, true, "ana"));
  auto ordered = at_counter.order_part(opened->code, PartOrderDraft{"SCR-1", 2, "", "PO-ROLES", "2026-03-20"}, "ana");
  ASSERT_TRUE(ordered) << "the counter orders one: " << ordered.error().message;
  EXPECT_TRUE(refused(counter, "DELETE FROM part_uses"));
  EXPECT_TRUE(refused(counter, "UPDATE parts SET price_cents = 1"));

  Database status = as("status");
  CaseService from_phone(status, config, [this] { return now; });
  auto view = build_status_view(from_phone, opened->token, config, Language::en);
  ASSERT_TRUE(view) << "the phone page: " << view.error().message;
  EXPECT_EQ(view->part_expected, "Part expected by 20 Mar 2026");
  ASSERT_EQ(view->estimate.size(), 1u);
  EXPECT_EQ(view->estimate.front().sku, "SCR-1");
  EXPECT_TRUE(refused(status, "SELECT cost_cents FROM parts"));
  EXPECT_TRUE(refused(status, "SELECT supplier FROM part_orders"));
  EXPECT_TRUE(refused(status, "UPDATE parts SET stock = 100"));

  Database kiosk = as("kiosk");
  CaseService at_kiosk(kiosk, config, [this] { return now; });
  EXPECT_TRUE(build_status_view(at_kiosk, opened->token, config, Language::en)) << "the kiosk's tracking";
  EXPECT_TRUE(refused(kiosk, "SELECT stock FROM parts"));
  EXPECT_TRUE(refused(kiosk,
                      "INSERT INTO part_uses (case_id, part_id, quantity, unit_cost_cents, unit_price_cents, "
                      "used_at, actor) VALUES (1, 1, 1, 0, 0, 'x', 'x')"));

  auto some = at_counter.record_part_arrival("PO-ROLES", 1, "ana");
  ASSERT_TRUE(some) << "the counter receives part of it: " << some.error().message;
  EXPECT_EQ(some->still_to_come, 1);
  auto arrived = at_counter.record_part_arrival("PO-ROLES", std::nullopt, "ana");
  ASSERT_TRUE(arrived) << "and the rest: " << arrived.error().message;
  EXPECT_TRUE(arrived->moved_on);

  // The dashboard's bench reads the parts used and the moves of repairs.
  auto parts = parts_used(counter, config, now, 30);
  ASSERT_TRUE(parts) << "the bench's parts: " << parts.error().message;
  EXPECT_TRUE(parts->parts.empty()) << "the one used was put back";
  auto statuses = status_times(counter, config, now, 30);
  ASSERT_TRUE(statuses) << "the bench's status times: " << statuses.error().message;
  EXPECT_FALSE(statuses->statuses.empty());
  auto output = technician_output(counter, config, now, 8);
  ASSERT_TRUE(output) << "the bench's technicians: " << output.error().message;
}

// In a chain of stores: the back office sends a repair to another store, and that store's
// notifier opens it there (the record passed on by hand here, as headquarters' trigger does).
TEST_F(DatabaseRoles, ABackOfficeTransfersARepairAndTheOtherStoresNotifierOpensIt) {
  add_sale("S-ROLES", now - std::chrono::days{30}, {{"PHONE-1", "SN-ROLES"}});
  db->exec("INSERT INTO chain_stores (store_id, number, added_at) VALUES ('MAD01', 1, 'x'), ('BCN01', 2, 'x')");
  db->exec(
      "INSERT INTO settings (key, value) VALUES ('chain.role', 'store'), ('chain.store_id', 'MAD01'), "
      "('chain.store_number', '1')");
  Database counter = as("backoffice");
  CaseService at_counter(counter, config, [this] { return now; });
  auto opened = at_counter.open_repair(repair_draft("SN-ROLES"), "ana");
  ASSERT_TRUE(opened) << opened.error().message;
  auto deposit = at_counter.record_payment(opened->code, {PaymentKind::deposit, PaymentMethod::card, 2000, ""}, "ana");
  ASSERT_TRUE(deposit) << deposit.error().message;
  auto moved = at_counter.transfer(opened->code, "BCN01", "ana", "To the depot");
  ASSERT_TRUE(moved) << "the back office transfers: " << moved.error().message;
  Database status = as("status");
  EXPECT_TRUE(refused(status, "UPDATE cases SET transferred_to = 'BCN01'")) << "the phone page sends nothing away";

  db->exec("UPDATE settings SET value = 'headquarters' WHERE key = 'chain.role'");
  db->exec(
      "INSERT INTO chain_transfers (case_id, from_store, to_store, transferred_at, snapshot) "
      "SELECT case_id, store_id, to_store, transferred_at, snapshot FROM case_transfers");
  db->exec(
      "UPDATE settings SET value = CASE key WHEN 'chain.role' THEN 'store' WHEN 'chain.store_id' THEN 'BCN01' "
      "ELSE '2' END WHERE key LIKE 'chain.%'");
  Database notifier = as("notifier");
  CaseService at_notifier(notifier, config, [this] { return now; });
  auto received = CaseTransfers(notifier).apply_waiting(at_notifier);
  ASSERT_TRUE(received) << "the notifier opens it: " << received.error().message;
  EXPECT_EQ(received->applied, 1);
  EXPECT_EQ(count("SELECT count(*) FROM payments WHERE store_id = 'BCN01' AND amount_cents = 2000"), 1)
      << "what was paid at MAD01 comes with it";
  EXPECT_TRUE(refused(notifier, "DELETE FROM cases"));
  EXPECT_TRUE(refused(notifier, "UPDATE cases SET customer_phone = '+1 555 0199'"));
}

// A store moving from its SQLite file into PostgreSQL (on the PostgreSQL run; a second file
// otherwise), and back into a new file: every row, the same ids, codes, tokens and links.
TEST(CopyStore, EveryRowMovesAndBackAndTheStoreWorksOnTheOtherSide) {
  testing::TempDir dir;
  Config config = default_config();
  Instant now = testing::at("2026-03-01T10:00:00Z");
  auto source = Database::open(dir.file("store.db"));
  ASSERT_TRUE(source);
  DemoOptions demo{.seed = 5, .sales = 600, .cases_per_status = 1, .now = now};
  ASSERT_TRUE(generate_demo(*source, config, demo));
  CaseService before(*source, config, [&] { return now; });
  auto listed = before.list({.limit = 1});
  ASSERT_TRUE(listed && !listed->empty());
  Case one = listed->front();
  // A repair of something not sold here, for Ana.
  auto unsold_repair = [](const char* serial, const char* product, const CustomerContact& customer) {
    RepairDraft draft;
    draft.serial = serial;
    draft.product_description = product;
    draft.problem = "It stopped working";
    draft.customer = customer;
    draft.accepts_diagnostic_fee = true;
    return draft;
  };
  // A receipt sent by e-mail: its PNG is bytes, which each engine writes as text its own way.
  auto mailed_case = before.open_repair(
      unsold_repair("NOT-SOLD-HERE-0", "Old camera", {"Ana Ruiz", "", "ana@example.com", false}), "kiosk");
  ASSERT_TRUE(mailed_case) << mailed_case.error().message;
  ASSERT_TRUE(before.send_receipt(*mailed_case, {"email"}, Language::en));
  auto attachment = [](Database& db) {
    Statement q = db.prepare("SELECT attachment FROM outbox WHERE attachment_name <> ''");
    return q.step() ? q.get_blob(0) : std::string("none");
  };
  std::string png = attachment(*source);
  ASSERT_EQ(png.substr(0, 4), "\x89PNG");

  testing::TestDatabase where(dir, "target.db");
  auto target = Database::open(where.location());
  ASSERT_TRUE(target) << target.error().message;
  auto copied = copy_store(*source, *target);
  ASSERT_TRUE(copied) << copied.error().message;
  EXPECT_GT(copied->rows.at("sale_lines"), 600);
  EXPECT_GT(copied->rows.at("case_events"), 0);
  EXPECT_EQ(attachment(*target), png) << "the e-mailed receipt's PNG arrives whole";

  CaseService after(*target, config, [&] { return now; });
  auto same = after.find_by_token(one.token);
  ASSERT_TRUE(same) << "the customer's QR still opens the case";
  EXPECT_EQ(same->code, one.code);
  EXPECT_EQ(same->id, one.id);
  auto found = after.list({.text = one.customer_name.substr(0, one.customer_name.find(' '))});
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_FALSE(found->empty()) << "the search index was built on the other side";
  auto next = after.open_repair(
      unsold_repair("NOT-SOLD-HERE-1", "Old radio", {"Ana Ruiz", "+34 600 000 111", "", false}), "kiosk");
  ASSERT_TRUE(next) << "new rows take ids after the copied ones: " << next.error().message;
  EXPECT_GT(next->id, copied->rows.at("cases"));

  auto again = copy_store(*source, *target);
  ASSERT_FALSE(again) << "never into a database that holds a store";
  EXPECT_NE(again.error().message.find("already holds a store"), std::string::npos);
  EXPECT_EQ(count_cases(*target), copied->rows.at("cases") + 1) << "and the refused copy changed nothing";

  auto back = Database::open(dir.file("back.db"));
  ASSERT_TRUE(back);
  auto returned = copy_store(*target, *back);
  ASSERT_TRUE(returned) << returned.error().message;
  EXPECT_EQ(returned->rows.at("cases"), copied->rows.at("cases") + 1);
  EXPECT_EQ(returned->rows.at("sale_lines"), copied->rows.at("sale_lines"));
  EXPECT_EQ(attachment(*back), png) << "and back";
}

}  // namespace
}  // namespace aftersales
