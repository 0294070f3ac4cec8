// The queue's CSV export: one row per case, read back field for field by a real CSV reader.
#include "core/present/case_export.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/base/csv_reader.h"
#include "support/test_store.h"

namespace aftersales {
namespace {

using testing::at;

std::vector<std::vector<std::string>> read_back(const std::string& csv) {
  std::istringstream in(csv);
  CsvReader reader(in);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  while (reader.next(fields)) rows.push_back(fields);
  EXPECT_EQ(reader.error(), "");
  return rows;
}

Case sample() {
  Case c;
  c.code = "R7K-4PQ-92X";
  c.kind = CaseKind::repair;
  c.status = CaseStatus::diagnosing;
  c.product_name = "Acme \"Pro\" 15, silver";
  c.serial = "SN-1";
  c.customer_name = "Zoë Martín";
  c.customer_phone = "+34 600 123 456";
  c.customer_email = "zoe@example.com";
  c.created_at = at("2026-03-01T10:00:00Z");
  c.due_at = at("2026-03-08T10:00:00Z");
  c.resolution = "line one\nline two";
  return c;
}

TEST(CaseExport, EveryFieldSurvivesQuotesCommasAndLineBreaks) {
  auto zone = StoreTimeZone::utc();
  auto rows = read_back(cases_csv({sample()}, zone, at("2026-03-10T10:00:00Z")));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "code");
  ASSERT_EQ(rows[1].size(), rows[0].size());
  EXPECT_EQ(rows[1][0], "R7K-4PQ-92X");
  EXPECT_EQ(rows[1][2], "diagnosing");
  EXPECT_EQ(rows[1][3], "Acme \"Pro\" 15, silver");
  EXPECT_EQ(rows[1][5], "Zoë Martín");
  EXPECT_EQ(rows[1][6], "+34 600 123 456");  // a phone number is not a formula
  EXPECT_EQ(rows[1][8], "2026-03-01 10:00");
  EXPECT_EQ(rows[1][9], "2026-03-08");
  EXPECT_EQ(rows[1][10], "yes");
  EXPECT_EQ(rows[1][12], "line one\nline two");
}

TEST(CaseExport, ASpreadsheetFormulaIsWrittenAsText) {
  EXPECT_EQ(csv_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(csv_cell("-2+3"), "-2+3");
  EXPECT_EQ(csv_cell("plain"), "plain");
}

TEST(CaseExport, AnEmptyListIsJustTheHeader) {
  EXPECT_EQ(cases_csv({}, StoreTimeZone::utc(), at("2026-03-10T10:00:00Z")),
            "code,kind,status,product,serial,customer,phone,email,opened,promised,overdue,assigned_to,resolution\r\n");
}

}  // namespace
}  // namespace aftersales
