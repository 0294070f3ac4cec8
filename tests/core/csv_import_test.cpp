#include "core/storage/csv_import.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "core/base/csv_reader.h"
#include "core/services/warranty_service.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;

TEST(CsvReader, HandlesQuotesSeparatorsAndLineBreaksInsideFields) {
  std::istringstream in("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n");
  CsvReader reader(in);
  std::vector<std::string> row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(reader.record_line(), 2);
  EXPECT_EQ(row, (std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"}));
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(reader.record_line(), 4);
  EXPECT_EQ(row, (std::vector<std::string>{"last", "", ""}));
  EXPECT_FALSE(reader.next(row));
}

TEST(CsvReader, ReportsAnUnclosedQuote) {
  std::istringstream in("a,\"never closed\nmore");
  CsvReader reader(in);
  std::vector<std::string> row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_FALSE(reader.error().empty());
}

class Import : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(where.location());
    ASSERT_TRUE(opened) << opened.error().message;
    db.emplace(std::move(*opened));
  }
  ImportReport run(ImportKind kind, const std::string& csv) {
    std::istringstream in(csv);
    auto report = import_csv(*db, kind, in, zone);
    EXPECT_TRUE(report) << report.error().message;
    return report.value_or(ImportReport{});
  }
  long long count(const std::string& table) {
    Statement stmt = db->prepare("SELECT count(*) FROM " + table);
    stmt.step();
    long long n = stmt.get_int(0);
    return n;
  }

  testing::TempDir dir;
  testing::TestDatabase where{dir, "import.db"};
  std::optional<Database> db;
  StoreTimeZone zone = *StoreTimeZone::named("Europe/Madrid");

  const std::string products =
      "\xEF\xBB\xBFsku,name,brand,category,warranty_months,return_days,returnable\n"
      "PH-1,\"Nova 12, 128 GB\",Norvik,Phones,12,,yes\n"
      "CB-1,USB-C Cable,Volta,accessories,lifetime,,\n"
      "GC-1,Gift Card,Store,gift cards,0,0,no\n";
  const std::string plans = "sku,name,months,covers\nCARE-2Y,CarePlus 2 years,24,Accidents\n";
  const std::string sales =
      "receipt_number,sold_at,store,sku,serial,quantity,price_cents,plan_sku\n"
      "1001,2026-01-15 10:30,Centro,PH-1,ab-123,1,69900,CARE-2Y\n"
      "1001,2026-01-15 10:30,Centro,CB-1,,2,1999,\n"
      "1002,2026-01-16T09:00:00Z,Centro,PH-1,AB-124,1,69900,\n";
};

TEST_F(Import, ProductsPlansAndSalesArrive) {
  auto p = run(ImportKind::products, products);
  EXPECT_TRUE(p.committed());
  EXPECT_EQ(p.added, 3);
  EXPECT_TRUE(run(ImportKind::plans, plans).committed());
  auto s = run(ImportKind::sales, sales);
  ASSERT_TRUE(s.committed()) << s.errors.front().message;
  EXPECT_EQ(s.rows, 3);
  EXPECT_EQ(count("sales"), 2);
  EXPECT_EQ(count("sale_lines"), 3);

  auto phone = find_product_by_sku(*db, "PH-1");
  ASSERT_TRUE(phone);
  EXPECT_EQ(phone->name, "Nova 12, 128 GB");
  EXPECT_EQ(phone->category, "phones");
  EXPECT_TRUE(find_product_by_sku(*db, "CB-1")->warranty_lifetime);
  EXPECT_FALSE(find_product_by_sku(*db, "GC-1")->returnable);

  // Local store time (Madrid, UTC+1 in January) and serials in upper case.
  auto line = find_sold_line_by_serial(*db, "AB-123");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->sold_at, at("2026-01-15T09:30:00Z"));
  ASSERT_TRUE(line->plan);
  EXPECT_EQ(line->plan->sku, "CARE-2Y");
  auto lines = find_receipt_lines(*db, "1001");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].line_no, 2);
  EXPECT_EQ(lines[1].quantity, 2);
}

TEST_F(Import, ImportingTheSameFilesAgainAddsNothing) {
  run(ImportKind::products, products);
  run(ImportKind::plans, plans);
  run(ImportKind::sales, sales);
  auto p = run(ImportKind::products, products);
  EXPECT_EQ(p.added, 0);
  EXPECT_EQ(p.updated, 0);
  EXPECT_EQ(p.unchanged, 3);
  auto s = run(ImportKind::sales, sales);
  EXPECT_TRUE(s.committed());
  EXPECT_EQ(s.added, 0);
  EXPECT_EQ(s.unchanged, 3);
  EXPECT_EQ(count("products"), 3);
  EXPECT_EQ(count("sale_lines"), 3);
}

TEST_F(Import, AChangedProductIsUpdated) {
  run(ImportKind::products, products);
  auto p = run(ImportKind::products, "sku,name,warranty_months\nPH-1,Nova 12 (2026),24\n");
  EXPECT_EQ(p.updated, 1);
  EXPECT_EQ(find_product_by_sku(*db, "PH-1")->warranty_months, 24);
}

TEST_F(Import, EveryBadRowIsReportedWithItsLineAndNothingIsImported) {
  run(ImportKind::products, products);
  run(ImportKind::plans, plans);
  auto s = run(ImportKind::sales,
               "receipt_number,sold_at,sku,serial,quantity,price_cents,plan_sku\n"
               "2001,2026-01-15 10:30,PH-1,S1,1,69900,\n"      // good
               "2002,yesterday,PH-1,S2,1,69900,\n"             // line 3
               "2003,2026-01-15 10:30,NOPE,S3,1,69900,\n"      // line 4
               "2004,2026-01-15 10:30,PH-1,S4,0,69900,\n"      // line 5
               "2005,2026-01-15 10:30,PH-1,S5,1,699.00,\n"     // line 6
               "2006,2026-01-15 10:30,PH-1,S6,1,69900,GOLD\n"  // line 7
               ",2026-01-15 10:30,PH-1,S7,1,69900,\n");        // line 8
  EXPECT_FALSE(s.committed());
  ASSERT_EQ(s.error_count, 6);
  std::vector<int> lines;
  for (const auto& e : s.errors) lines.push_back(e.line);
  EXPECT_EQ(lines, (std::vector{3, 4, 5, 6, 7, 8}));
  EXPECT_NE(s.errors[0].message.find("sold_at 'yesterday'"), std::string::npos);
  EXPECT_NE(s.errors[1].message.find("unknown product SKU 'NOPE'"), std::string::npos);
  EXPECT_NE(s.errors[2].message.find("quantity"), std::string::npos);
  EXPECT_NE(s.errors[3].message.find("whole cents"), std::string::npos);
  EXPECT_NE(s.errors[4].message.find("GOLD"), std::string::npos);
  EXPECT_NE(s.errors[5].message.find("receipt_number is empty"), std::string::npos);
  EXPECT_EQ(count("sales"), 0);  // the good first row was not kept either
  EXPECT_EQ(count("sale_lines"), 0);
}

// Sale lines travel to the database in bulk (on PostgreSQL as COPY's text, where a tab, a line
// break, a backslash or \N mean something): text arrives exactly as the file has it.
TEST_F(Import, TabsLineBreaksAndBackslashesArriveAsWritten) {
  run(ImportKind::products, products);
  auto s = run(ImportKind::sales,
               "receipt_number,sold_at,store,sku,serial,quantity,price_cents,plan_sku\n"
               "3001,2026-01-15 10:30,\"Centro\tNorte \\N \\\\ 2\nupstairs\",PH-1,ab\\1\\N,1,69900,\n"
               "3001,2026-01-15 10:30,other,CB-1,\\N,1,1999,\n");
  ASSERT_TRUE(s.committed()) << s.errors.front().message;
  EXPECT_EQ(s.added, 2);
  Statement store = db->prepare("SELECT store FROM sales WHERE receipt_number = '3001'");
  ASSERT_TRUE(store.step());
  EXPECT_EQ(store.get_text(0), "Centro\tNorte \\N \\\\ 2\nupstairs") << "the receipt's first line names its store";
  auto line = find_sold_line_by_serial(*db, "AB\\1\\N");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->line_no, 1);
  auto second = find_sold_line_by_serial(*db, "\\N");
  ASSERT_TRUE(second) << "a serial that reads \\N is no NULL";
  EXPECT_EQ(second->line_no, 2);
  EXPECT_EQ(count("sale_lines WHERE serial IS NULL"), 0);
}

// More lines than one batch (the import merges 50,000 at a time): a receipt whose lines are far
// apart in the file, one in the first batch and one in the second, is one sale with lines 1 and 2;
// the ids follow the file's order; the same file again adds nothing.
TEST_F(Import, AFileLargerThanABatchKeepsItsReceiptsAndItsOrder) {
  run(ImportKind::products, products);
  constexpr int kLines = 60000;
  std::string csv = "receipt_number,sold_at,store,sku,serial,quantity,price_cents,plan_sku\n";
  auto serial = [](int i) { return fmt::format("SN{:06}", i); };
  for (int i = 0; i < kLines; ++i) {
    std::string receipt = i == kLines - 1 ? "R-0" : fmt::format("R-{}", (i + 1) / 2);
    csv += fmt::format("{},2026-01-15 10:30,Centro,PH-1,{},1,69900,\n", receipt, serial(i));
  }
  auto s = run(ImportKind::sales, csv);
  ASSERT_TRUE(s.committed()) << s.errors.front().message;
  EXPECT_EQ(s.rows, kLines);
  EXPECT_EQ(s.added, kLines);
  EXPECT_EQ(count("sale_lines"), kLines);
  EXPECT_EQ(count("sales"), kLines / 2);
  auto far_apart = find_receipt_lines(*db, "R-0");
  ASSERT_EQ(far_apart.size(), 2u);
  EXPECT_EQ(far_apart[0].serial, serial(0));
  EXPECT_EQ(far_apart[1].serial, serial(kLines - 1));
  EXPECT_EQ(far_apart[1].line_no, 2);
  std::vector<std::string> by_id;
  for (Statement lines = db->prepare("SELECT serial FROM sale_lines ORDER BY id"); lines.step();)
    by_id.push_back(lines.get_text(0));
  EXPECT_TRUE(std::is_sorted(by_id.begin(), by_id.end())) << "ids in the file's order";
  {
    Statement first_sale = db->prepare("SELECT receipt_number FROM sales ORDER BY id LIMIT 1");
    ASSERT_TRUE(first_sale.step());
    EXPECT_EQ(first_sale.get_text(0), "R-0");
  }

  auto again = run(ImportKind::sales, csv);
  EXPECT_TRUE(again.committed());
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(again.unchanged, kLines);
  EXPECT_EQ(count("sale_lines"), kLines);
}

TEST_F(Import, BadProductRowsAreReported) {
  auto p = run(ImportKind::products,
               "sku,name,warranty_months,return_days,returnable\n,No "
               "sku,12,,\nX,,12,,\nY,Name,forever,,\nZ,Name,12,-3,\nW,Name,12,,maybe\n");
  EXPECT_EQ(p.error_count, 5);
  EXPECT_EQ(count("products"), 0);
}

TEST_F(Import, AHeaderWithoutRequiredColumnsIsRefused) {
  std::istringstream in("receipt,when,sku\n1,2,3\n");
  auto report = import_csv(*db, ImportKind::sales, in, zone);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("receipt_number"), std::string::npos);
  EXPECT_NE(report.error().message.find("sold_at"), std::string::npos);
  std::istringstream empty("");
  EXPECT_FALSE(import_csv(*db, ImportKind::products, empty, zone));
}

TEST_F(Import, ImportedSalesAnswerWarrantyLookups) {
  run(ImportKind::products, products);
  run(ImportKind::plans, plans);
  run(ImportKind::sales, sales);
  Config config = default_config();
  config.time_zone = zone;
  WarrantyService service(*db, config);
  auto info = service.by_serial("ab-123", at("2027-06-01T10:00:00Z"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->verdict.status, CoverageStatus::plan);
}

}  // namespace
}  // namespace aftersales
