#include "core/storage/copy_store.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "core/storage/case_store.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

// Parents before children, as the foreign keys want. case_search is rebuilt, not copied: its form
// differs between the engines (FTS5, tsvector); schema_version is each database's own.
constexpr const char* kTables[] = {"settings",
                                   "products",
                                   "protection_plans",
                                   "sales",
                                   "sale_lines",
                                   "staff",
                                   "parts",
                                   "cases",
                                   "case_events",
                                   "estimate_lines",
                                   "part_uses",
                                   "part_orders",
                                   "payments",
                                   "loaners",
                                   "loans",
                                   "vendor_claims",
                                   "claim_lines",
                                   "case_photos",
                                   "return_blocklist",
                                   "return_holds",
                                   "serial_replacements",
                                   "feedback",
                                   "outbox",
                                   "kiosk_lockout",
                                   "sign_in_lockouts",
                                   "sign_in_events"};

struct Column {
  std::string name;
  bool bytes = false;  // BLOB, bytea: copied as bytes, since their text forms differ between the engines
};

// The table's columns as the target has them (both have the same schema, and its types say which
// hold bytes).
std::vector<Column> columns_of(Database& db, const std::string& table) {
  Statement q = db.prepare(
      db.backend() == Backend::postgresql
          ? "SELECT column_name, CASE WHEN data_type = 'bytea' THEN 1 ELSE 0 END FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position"
          : "SELECT name, CASE WHEN upper(type) = 'BLOB' THEN 1 ELSE 0 END FROM pragma_table_info(?1) ORDER BY cid");
  q.bind(1, table);
  std::vector<Column> columns;
  while (q.step()) columns.push_back({q.get_text(0), q.get_int(1) != 0});
  return columns;
}

long long count_rows(Database& db, const std::string& table) {
  Statement q = db.prepare(fmt::format("SELECT count(*) FROM {}", table));
  q.step();
  return q.get_int(0);
}

void copy_table(Database& from, Database& to, const std::string& table, const std::vector<Column>& columns) {
  std::vector<std::string> column_names;
  for (const Column& c : columns) column_names.push_back(c.name);
  std::string names = fmt::format("{}", fmt::join(column_names, ", "));
  std::vector<std::string> slots;
  for (std::size_t i = 1; i <= columns.size(); ++i) slots.push_back(fmt::format("?{}", i));
  bool has_id = std::ranges::find(column_names, "id") != column_names.end();
  Statement read = from.prepare(fmt::format("SELECT {} FROM {}{}", names, table, has_id ? " ORDER BY id" : ""));
  Statement write = to.prepare(fmt::format("INSERT INTO {} ({}) VALUES ({})", table, names, fmt::join(slots, ", ")));
  std::vector<std::optional<std::string>> values(columns.size());
  while (read.step()) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      int column = static_cast<int>(i);
      bool bytes = columns[i].bytes;
      values[i] =
          read.is_null(column) ? std::nullopt : std::optional(bytes ? read.get_blob(column) : read.get_text(column));
      if (bytes && values[i])
        write.bind_blob(column + 1, *values[i]);
      else
        write.bind(column + 1, values[i]);
    }
    write.run();
  }
  // PostgreSQL's identity columns go on from the highest id copied, not from 1.
  if (to.backend() == Backend::postgresql && has_id && table != "kiosk_lockout")
    to.exec(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), coalesce(max(id), 0) + 1, false) FROM {0}",
                        table));
}

bool holds_a_store(Database& db) {
  Statement q = db.prepare(
      "SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM sales) + (SELECT count(*) FROM cases) + "
      "(SELECT count(*) FROM staff)");
  q.step();
  return q.get_int(0) > 0;
}

}  // namespace

Result<CopyReport> copy_store(Database& from, Database& to) {
  return storage_guard<CopyReport>([&]() -> Result<CopyReport> {
    if (from.schema_version() != to.schema_version())
      return fail(ErrorKind::conflict, fmt::format("The two databases are at different schema versions ({} and {}): "
                                                   "upgrade aftersales where the older one is used, then copy again.",
                                                   from.schema_version(), to.schema_version()));
    if (holds_a_store(to))
      return fail(ErrorKind::conflict,
                  fmt::format("{} already holds a store (products, sales, cases or staff): a copy goes only into an "
                              "empty database, so nothing there is overwritten.",
                              to.display_name()));
    CopyReport report;
    ReadTransaction snapshot(from);  // one consistent picture of the source, while it keeps working
    WriteTransaction tx(to);
    // An empty database's settings are only what its schema put there (its sign-in key): the
    // store's own come instead, so that what was counted under the old key still matches.
    to.exec("DELETE FROM settings");
    for (const char* table : kTables) {
      auto columns = columns_of(to, table);
      if (columns.empty())
        return fail(ErrorKind::storage,
                    fmt::format("The target has no table {}: is it an aftersales database?", table));
      copy_table(from, to, table, columns);
    }
    reindex_case_search(to);
    for (const char* table : kTables) {
      long long source = count_rows(from, table), target = count_rows(to, table);
      if (source != target)
        return fail(ErrorKind::storage,
                    fmt::format("Copying {} gave {} rows for {}: nothing was copied.", table, target, source));
      report.rows[table] = target;
    }
    tx.commit();
    return report;
  });
}

}  // namespace aftersales
