#include "core/storage/chain.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/base/calendar.h"
#include "core/base/text.h"
#include "core/domain/case_code.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

constexpr std::string_view kStorePublication = "aftersales_store";  // at each store: what it owns
constexpr std::string_view kChainPublication = "aftersales_chain";  // at headquarters: what the chain shares
constexpr std::int64_t kIdsPerStore = 1'000'000'000'000;            // store n's rows: n × 10^12 onwards

// Each subscription's name is also its slot's name, on the publishing side: HQ's slot for store
// MAD01 is aftersales_to_mad01, MAD01's slot for HQ is aftersales_from_mad01.
std::string to_store_name(std::string_view store_id) {
  return "aftersales_to_" + to_lower_ascii(std::string(store_id));
}
std::string from_store_name(std::string_view store_id) {
  return "aftersales_from_" + to_lower_ascii(std::string(store_id));
}
// At headquarters, per store: what goes to that store alone (the phone page's answers for its
// cases, the transfers to it). The name is older than the transfers.
std::string answers_publication(std::string_view store_id) {
  return "aftersales_answers_" + to_lower_ascii(std::string(store_id));
}

// A published table, with the row filter that picks the rows its subscriber gets ("" for all).
struct PublishedTable {
  std::string name;
  std::string row_filter;
};

std::vector<PublishedTable> whole_tables(const std::vector<std::string>& tables) {
  std::vector<PublishedTable> published;
  for (const std::string& table : tables) published.push_back({table, ""});
  return published;
}

// A string literal for DDL, which takes no parameters (CREATE SUBSCRIPTION … CONNECTION '…').
std::string sql_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::optional<std::string> setting(Database& db, std::string_view key) {
  Statement stmt = db.prepare("SELECT value FROM settings WHERE key = ?1");
  if (!stmt.bind(1, key).step()) return std::nullopt;
  return stmt.get_text(0);
}

void put_setting(Database& db, std::string_view key, std::string_view value) {
  db.prepare("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .bind_all(key, value)
      .run();
}

std::int64_t count_rows(Database& db, const std::string& table) {
  Statement stmt = db.prepare("SELECT count(*) FROM " + table);
  stmt.step();
  return stmt.get_int(0);
}

bool exists(Database& db, std::string_view sql, std::string_view name) {
  Statement stmt = db.prepare(sql);
  return stmt.bind(1, name).step();
}

bool publication_exists(Database& db, std::string_view name) {
  return exists(db, "SELECT 1 FROM pg_publication WHERE pubname = ?1", name);
}
bool subscription_exists(Database& db, std::string_view name) {
  return exists(db,
                "SELECT 1 FROM pg_subscription WHERE subname = ?1 AND subdbid = (SELECT oid FROM pg_database WHERE "
                "datname = current_database())",
                name);
}
bool slot_exists(Database& db, std::string_view name) {
  return exists(db, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?1", name);
}

std::string table_clause(const PublishedTable& table) {
  return table.row_filter.empty() ? table.name : fmt::format("{} WHERE ({})", table.name, table.row_filter);
}

// Creates the publication, or adds the tables it lacks (a database upgraded since add-store last
// ran: a later schema publishes more). True when it changed anything.
bool publish(Database& db, std::string_view publication, const std::vector<PublishedTable>& tables,
             std::string_view operations) {
  if (!publication_exists(db, publication)) {
    std::string list;
    for (const auto& table : tables) list += (list.empty() ? "" : ", ") + table_clause(table);
    db.exec(fmt::format("CREATE PUBLICATION {} FOR TABLE {} WITH (publish = '{}')", publication, list, operations));
    return true;
  }
  bool added = false;
  for (const auto& table : tables) {
    Statement found = db.prepare("SELECT 1 FROM pg_publication_tables WHERE pubname = ?1 AND tablename = ?2");
    if (found.bind_all(publication, table.name).step()) continue;
    db.exec(fmt::format("ALTER PUBLICATION {} ADD TABLE {}", publication, table_clause(table)));
    added = true;
  }
  return added;
}

// What headquarters sends store `store_id` alone; only ever inserted.
std::vector<PublishedTable> store_only_tables(std::string_view store_id) {
  return {{"phone_answers", "store_id = " + sql_literal(store_id)},
          {"chain_transfers", "to_store = " + sql_literal(store_id)}};
}

Result<void> check_server(Database& db, std::string_view who) {
  if (db.backend() != Backend::postgresql)
    return fail(ErrorKind::invalid_input,
                fmt::format("A chain of stores runs on PostgreSQL; {} is a SQLite file. Move it first with "
                            "`aftersales copy-to postgresql://…`.",
                            who));
  Statement stmt = db.prepare(
      "SELECT current_setting('wal_level'), (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)::int");
  stmt.step();
  if (stmt.get_text(0) != "logical")
    return fail(ErrorKind::invalid_input,
                fmt::format("{} has wal_level = {}; a chain needs wal_level = logical in that server's "
                            "postgresql.conf, and a restart of the server.",
                            who, stmt.get_text(0)));
  if (stmt.get_int(1) != 1)
    return fail(ErrorKind::invalid_input,
                fmt::format("Setting up the chain creates subscriptions, which PostgreSQL 15 lets only a superuser "
                            "do: connect to {} as one (e.g. postgres).",
                            who));
  return {};
}

std::string server_identity(Database& db) {
  Statement stmt = db.prepare("SELECT system_identifier::text FROM pg_control_system()");
  stmt.step();
  return stmt.get_text(0);
}

// At headquarters: the role, the shared publication and the store's number (the next free one).
Result<AddStoreReport> register_store(Database& hq, std::string_view store_id, std::string_view name,
                                      std::string_view phone) {
  AddStoreReport report;
  WriteTransaction tx(hq);
  auto role = setting(hq, "chain.role");
  if (role && *role != "headquarters")
    return fail(ErrorKind::invalid_input,
                fmt::format("{} is store {} of a chain, not a headquarters: run add-store with --db at the chain's "
                            "headquarters.",
                            hq.display_name(), setting(hq, "chain.store_id").value_or("?")));
  if (!role && count_rows(hq, "cases") > 0)
    return fail(ErrorKind::invalid_input,
                fmt::format("{} holds cases of its own, so it cannot become the chain's headquarters (a store's "
                            "cases are written only at that store). Use an empty database for headquarters.",
                            hq.display_name()));
  put_setting(hq, "chain.role", "headquarters");
  {
    Statement found = hq.prepare("SELECT number FROM chain_stores WHERE store_id = ?1");
    if (found.bind(1, store_id).step()) report.number = static_cast<int>(found.get_int(0));
  }
  if (report.number == 0) {
    Statement next = hq.prepare("SELECT COALESCE(MAX(number), 0) + 1 FROM chain_stores");
    next.step();
    report.number = static_cast<int>(next.get_int(0));
    if (report.number > kMaxChainStores)
      return fail(ErrorKind::invalid_input, fmt::format("A chain has at most {} stores.", kMaxChainStores));
    std::string now = format_instant(system_now());
    hq.prepare("INSERT INTO chain_stores (store_id, number, added_at) VALUES (?1, ?2, ?3)")
        .bind_all(store_id, report.number, now)
        .run();
    report.registered_now = true;
  }
  for (const auto& [column, value] : {std::pair{"name", name}, std::pair{"phone", phone}})
    if (!value.empty())
      hq.prepare(fmt::format("UPDATE chain_stores SET {} = ?1 WHERE store_id = ?2", column))
          .bind_all(value, store_id)
          .run();
  publish(hq, kChainPublication, whole_tables(chain_shared_tables()), "insert, update, delete");
  publish(hq, answers_publication(store_id), store_only_tables(store_id), "insert");
  tx.commit();
  return report;
}

// Whether `store` may become (or already is) store `store_id`: only an empty database can join
// (rows it had would collide with the chain's), or one that already is this store. Checked before
// headquarters registers anything. True: it is this store already.
Result<bool> check_store(Database& store, std::string_view store_id) {
  ReadTransaction tx(store);
  auto role = setting(store, "chain.role");
  if (role == "headquarters")
    return fail(
        ErrorKind::invalid_input,
        fmt::format("{} is the chain's headquarters; a store needs a database of its own.", store.display_name()));
  if (role == "store") {
    std::string mine = setting(store, "chain.store_id").value_or("");
    if (mine != store_id)
      return fail(ErrorKind::invalid_input,
                  fmt::format("{} is already store {} of a chain, not {}.", store.display_name(), mine, store_id));
    return true;
  }
  for (const auto* tables : {&store_owned_tables(), &chain_shared_tables()})
    for (const std::string& table : *tables)
      if (std::int64_t rows = count_rows(store, table); rows > 0)
        return fail(ErrorKind::invalid_input,
                    fmt::format("{} already holds {} row(s) in {}: a store joins the chain with an empty database "
                                "(`aftersales init`), then receives the catalog and sales from headquarters.",
                                store.display_name(), rows, table));
  return false;
}

// At the store: its identity, its share of ids, and its publication.
Result<void> make_store(Database& store, std::string_view store_id, int number) {
  auto already = check_store(store, store_id);
  if (!already) return std::unexpected(already.error());
  WriteTransaction tx(store);
  if (*already) {
    if (setting(store, "chain.store_number") != std::to_string(number))
      return fail(
          ErrorKind::invalid_input,
          fmt::format("{} is store {} with number {}, but headquarters has it as number {}.", store.display_name(),
                      store_id, setting(store, "chain.store_number").value_or("?"), number));
    publish(store, kStorePublication, whole_tables(store_owned_tables()), "insert, update, delete");
    tx.commit();
    return {};
  }
  put_setting(store, "chain.role", "store");
  put_setting(store, "chain.store_id", store_id);
  put_setting(store, "chain.store_number", std::to_string(number));
  std::int64_t first = static_cast<std::int64_t>(number) * kIdsPerStore + 1;
  for (const std::string& table : store_owned_tables()) {
    // keyed by their case, answer or transfer
    if (table == "case_search" || table == "phone_answers_applied" || table == "case_transfers" ||
        table == "transfers_applied")
      continue;
    store.exec(fmt::format("ALTER TABLE {} ALTER COLUMN id SET START WITH {} SET MINVALUE {} SET MAXVALUE {} RESTART",
                           table, first, first, first + kIdsPerStore - 2));
  }
  publish(store, kStorePublication, whole_tables(store_owned_tables()), "insert, update, delete");
  tx.commit();
  return {};
}

// A subscription made before its publications gained tables (an upgrade) receives them once
// refreshed, starting with a copy of what they hold. True when it was refreshed now.
bool refresh_if_behind(Database& subscriber, Database& publisher, const std::string& name,
                       const std::vector<std::string>& publications) {
  Statement has = subscriber.prepare(
      "SELECT count(*) FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid WHERE s.subname = ?1 "
      "AND s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())");
  has.bind(1, name).step();
  std::string names;
  for (const auto& publication : publications) names += (names.empty() ? "" : ", ") + sql_literal(publication);
  Statement published = publisher.prepare(fmt::format(
      "SELECT count(DISTINCT (schemaname, tablename)) FROM pg_publication_tables WHERE pubname IN ({})", names));
  published.step();
  if (has.get_int(0) >= published.get_int(0)) return false;
  subscriber.exec(fmt::format("ALTER SUBSCRIPTION {} REFRESH PUBLICATION", name));
  return true;
}

// `subscriber` subscribes to `publications` at `publisher_uri`; the slot (same name) is on
// `publisher`. One that exists already is refreshed if its publications gained tables.
bool subscribe(Database& subscriber, Database& publisher, const std::string& name, const std::string& publisher_uri,
               const std::vector<std::string>& publications, bool& refreshed) {
  if (subscription_exists(subscriber, name)) {
    refreshed = refresh_if_behind(subscriber, publisher, name, publications) || refreshed;
    return false;
  }
  std::string names;
  for (const auto& publication : publications) names += (names.empty() ? "" : ", ") + publication;
  bool reuse_slot = slot_exists(publisher, name);  // left by an earlier try that stopped half way
  subscriber.exec(
      fmt::format("CREATE SUBSCRIPTION {} CONNECTION {} PUBLICATION {} WITH (slot_name = {}, create_slot "
                  "= {}, copy_data = true)",
                  name, sql_literal(publisher_uri), names, sql_literal(name), reuse_slot ? "false" : "true"));
  return true;
}

std::optional<double> optional_real(Statement& stmt, int column) {
  if (stmt.is_null(column)) return std::nullopt;
  return stmt.get_double(column);
}

std::string store_of(std::string_view subscription, std::string_view prefix) {
  return to_upper_ascii(std::string(subscription.substr(prefix.size())));
}

void add_receiving_links(Database& db, ChainStatus& status) {
  Statement stmt = db.prepare(
      "SELECT s.subname, st.pid IS NOT NULL AS running, "
      "       EXTRACT(EPOCH FROM now() - st.last_msg_receipt_time)::float8 AS contact_age, "
      "       (SELECT count(*) FROM pg_subscription_rel r WHERE r.srsubid = s.oid AND r.srsubstate <> 'r') AS copying "
      "FROM pg_subscription s LEFT JOIN pg_stat_subscription st ON st.subid = s.oid AND st.relid IS NULL "
      "WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
      "  AND s.subname LIKE 'aftersales\\_%' ORDER BY s.subname");
  while (stmt.step()) {
    ReplicationLink link;
    link.subscription = stmt.text("subname");
    link.receiving = true;
    link.running = stmt.integer("running") != 0;
    link.contact_age_s = optional_real(stmt, stmt.column("contact_age"));
    link.tables_copying = static_cast<int>(stmt.integer("copying"));
    link.store_id = status.self.role == ChainRole::store ? "HQ" : store_of(link.subscription, "aftersales_from_");
    status.links.push_back(std::move(link));
  }
}

void add_sending_links(Database& db, ChainStatus& status) {
  Statement stmt = db.prepare(
      "SELECT r.slot_name, r.active::int AS running, COALESCE(r.wal_status, '') AS wal_status, r.safe_wal_size, "
      "       pg_wal_lsn_diff(pg_current_wal_lsn(), r.confirmed_flush_lsn)::bigint AS behind, "
      "       pg_wal_lsn_diff(pg_current_wal_lsn(), r.restart_lsn)::bigint AS retained, "
      "       EXTRACT(EPOCH FROM sr.replay_lag)::float8 AS lag "
      "FROM pg_replication_slots r LEFT JOIN pg_stat_replication sr ON sr.pid = r.active_pid "
      "WHERE r.database = current_database() AND r.slot_name LIKE 'aftersales\\_%' ORDER BY r.slot_name");
  while (stmt.step()) {
    ReplicationLink link;
    link.subscription = stmt.text("slot_name");
    link.running = stmt.integer("running") != 0;
    link.slot_state = stmt.text("wal_status");
    link.slot_safe_bytes = stmt.optional_integer("safe_wal_size");
    link.behind_bytes = stmt.optional_integer("behind");
    link.retained_bytes = stmt.optional_integer("retained");
    link.lag_s = optional_real(stmt, stmt.column("lag"));
    link.store_id = status.self.role == ChainRole::store ? "HQ" : store_of(link.subscription, "aftersales_to_");
    status.links.push_back(std::move(link));
  }
}

void add_warnings(ChainStatus& status) {
  if (!status.max_slot_wal_keep_bytes && status.self.role != ChainRole::none)
    status.warnings.push_back(
        "max_slot_wal_keep_size is unlimited here: a peer offline for long keeps WAL until this disk is full. Set it "
        "in postgresql.conf (e.g. 10GB) and reload.");
  for (const ReplicationLink& link : status.links) {
    if (link.receiving && !link.running)
      status.warnings.push_back(fmt::format(
          "Not receiving from {} right now{}: check that its server is up and reachable; it catches up by itself "
          "when the link is back.",
          link.store_id,
          link.contact_age_s ? fmt::format(" (last contact {:.0f} s ago)", *link.contact_age_s) : std::string()));
    if (link.receiving) continue;
    if (link.slot_state == "lost")
      status.warnings.push_back(fmt::format(
          "{} fell so far behind that its replication slot was dropped to protect this disk: it must be re-synced "
          "(README \"A chain of stores\", Re-sync).",
          link.store_id));
    else if (link.slot_state == "unreserved" || (link.slot_safe_bytes && status.max_slot_wal_keep_bytes &&
                                                 *link.slot_safe_bytes < *status.max_slot_wal_keep_bytes / 4))
      status.warnings.push_back(fmt::format(
          "{} is far behind: {} more MB and its slot is dropped, after which it must be re-synced. Bring its link "
          "back soon.",
          link.store_id, link.slot_safe_bytes ? *link.slot_safe_bytes / (1024 * 1024) : 0));
  }
}

}  // namespace

std::string_view to_string(ChainRole role) {
  switch (role) {
    case ChainRole::store: return "store";
    case ChainRole::headquarters: return "headquarters";
    case ChainRole::none: break;
  }
  return "none";
}

const std::vector<std::string>& store_owned_tables() {
  static const std::vector<std::string> tables = {
      "cases",          "case_events",       "estimate_lines", "serial_replacements",
      "feedback",       "case_search",       "outbox",         "phone_answers_applied",
      "case_transfers", "transfers_applied", "parts",          "part_uses",
      "part_orders",    "payments",          "loaners",        "loans",
      "vendor_claims",  "claim_lines",       "case_photos",    "return_blocklist",
      "return_holds"};
  return tables;
}

const std::vector<std::string>& chain_shared_tables() {
  static const std::vector<std::string> tables = {"products",   "protection_plans", "sales",
                                                  "sale_lines", "chain_returns",    "chain_stores"};
  return tables;
}

// One round trip: every case opened asks (for its share of the codes), so on a server it counts.
ChainMembership chain_membership(Database& db) {
  ChainMembership membership;
  auto s =
      db.prepare("SELECT key, value FROM settings WHERE key IN ('chain.role', 'chain.store_id', 'chain.store_number')");
  while (s.step()) {
    std::string key = s.get_text(0), value = s.get_text(1);
    if (key == "chain.role" && value == "store") membership.role = ChainRole::store;
    if (key == "chain.role" && value == "headquarters") membership.role = ChainRole::headquarters;
    if (key == "chain.store_id") membership.store_id = value;
    if (key == "chain.store_number")
      std::from_chars(value.data(), value.data() + value.size(), membership.store_number);
  }
  return membership;
}

int chain_store_number(Database& db) {
  return chain_membership(db).store_number;
}

Result<std::string> parse_store_id(std::string_view text) {
  std::string id = to_upper_ascii(std::string(text));
  bool ok = id.size() >= 2 && id.size() <= 12 &&
            std::ranges::all_of(id, [](unsigned char c) { return std::isdigit(c) || (c >= 'A' && c <= 'Z'); });
  if (!ok || id == "HQ")
    return fail(
        ErrorKind::invalid_input,
        fmt::format("\"{}\" cannot be a store id: use 2 to 12 letters and digits, like MAD01 (HQ is taken).", text),
        "store");
  return id;
}

Result<AddStoreReport> add_store(Database& hq, Database& store, const AddStoreRequest& request) {
  auto store_id = parse_store_id(request.store_id);
  if (!store_id) return std::unexpected(store_id.error());
  if (auto ok = check_server(hq, "headquarters (" + hq.display_name() + ")"); !ok) return std::unexpected(ok.error());
  if (auto ok = check_server(store, "the store (" + store.display_name() + ")"); !ok)
    return std::unexpected(ok.error());
  try {
    if (server_identity(hq) == server_identity(store))
      return fail(ErrorKind::invalid_input,
                  "Headquarters and the store are on the same PostgreSQL server: each store needs a server of its own "
                  "(a subscription to the same server would wait forever for its own slot).");
    if (auto eligible = storage_guard<bool>([&] { return check_store(store, *store_id); }); !eligible)
      return std::unexpected(eligible.error());
    auto report = storage_guard<AddStoreReport>(
        [&] { return register_store(hq, *store_id, trim(request.name), trim(request.phone)); });
    if (!report) return report;
    if (auto made = storage_guard<void>([&] { return make_store(store, *store_id, report->number); }); !made)
      return std::unexpected(made.error());
    report->store_subscribed_now =
        subscribe(store, hq, to_store_name(*store_id), request.hq_uri_for_store,
                  {std::string(kChainPublication), answers_publication(*store_id)}, report->refreshed_now);
    report->headquarters_subscribed_now = subscribe(hq, store, from_store_name(*store_id), request.store_uri,
                                                    {std::string(kStorePublication)}, report->refreshed_now);
    return report;
  } catch (const StorageError& e) {
    return std::unexpected(storage_error(e));
  }
}

std::vector<ChainStore> chain_stores(Database& db) {
  std::vector<ChainStore> stores;
  Statement s = db.prepare("SELECT store_id, number, name, phone FROM chain_stores ORDER BY store_id");
  while (s.step()) stores.push_back({s.get_text(0), static_cast<int>(s.get_int(1)), s.get_text(2), s.get_text(3)});
  return stores;
}

std::string store_label(const std::vector<ChainStore>& stores, std::string_view store_id) {
  auto found = std::ranges::find(stores, store_id, &ChainStore::id);
  return found != stores.end() && !found->name.empty() ? found->name : std::string(store_id);
}

Result<ChainStatus> chain_status(Database& db) {
  if (db.backend() != Backend::postgresql)
    return fail(ErrorKind::invalid_input, "A SQLite file is one store on one machine, never in a chain.");
  try {
    ChainStatus status;
    status.self = chain_membership(db);
    Statement cap = db.prepare("SELECT setting::bigint FROM pg_settings WHERE name = 'max_slot_wal_keep_size'");
    if (cap.step() && cap.get_int(0) >= 0) status.max_slot_wal_keep_bytes = cap.get_int(0) * 1024 * 1024;
    add_receiving_links(db, status);
    add_sending_links(db, status);
    add_warnings(status);
    return status;
  } catch (const StorageError& e) {
    return std::unexpected(storage_error(e));
  }
}

}  // namespace aftersales
