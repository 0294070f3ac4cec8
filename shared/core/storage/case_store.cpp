#include "core/storage/case_store.h"

#include <fmt/format.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "core/domain/case_drafts.h"
#include "core/storage/change_feed.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

constexpr std::string_view kCaseColumns = R"(
  SELECT id, code, token, kind, status, created_at, updated_at, product_id, product_name, serial, sale_line_id,
         warranty_status, customer_name, customer_phone, customer_email, notify_consent, problem,
         problem_category, accessories, condition_notes, diagnostic_fee_cents, return_quantity, return_reason,
         return_condition, return_outcomes, restocking_fee_cents, resolution, assigned_to, due_at, paused_since,
         was_repaired, workmanship_until, closed_at, estimate_state, coalesce(signature_strokes, '') AS signature_strokes, diagnosis,
         inspected_condition, inspection_notes, return_decision, customer_language,
         store_id, coalesce(transferred_to, '') AS transferred_to, coalesce(transferred_from, '') AS transferred_from,
         coalesce((SELECT s.store FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE l.id = cases.sale_line_id),
                  '') AS sold_by_store,
         (SELECT s.sold_at FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE l.id = cases.sale_line_id) AS sold_at
  FROM cases
)";

Instant instant_at(const Statement& row, std::string_view column) {
  return parse_instant(row.text(column)).value_or(Instant{});
}

std::optional<Instant> optional_instant_at(const Statement& row, std::string_view column) {
  auto text = row.optional_text(column);
  return text ? parse_instant(*text) : std::nullopt;
}

std::vector<ReturnOutcome> parse_outcomes(std::string_view text) {
  std::vector<ReturnOutcome> outcomes;
  while (!text.empty()) {
    auto comma = text.find(',');
    if (auto outcome = parse_return_outcome(text.substr(0, comma))) outcomes.push_back(*outcome);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return outcomes;
}

Case read_case(const Statement& row) {
  Case c;
  c.id = row.integer("id");
  c.code = row.text("code");
  c.token = row.text("token");
  c.kind = parse_case_kind(row.text("kind")).value_or(CaseKind::repair);
  c.status = parse_case_status(row.text("status")).value_or(CaseStatus::checked_in);
  c.created_at = instant_at(row, "created_at");
  c.updated_at = instant_at(row, "updated_at");
  c.product_id = row.optional_integer("product_id");
  c.product_name = row.text("product_name");
  c.serial = row.optional_text("serial");
  c.sale_line_id = row.optional_integer("sale_line_id");
  c.warranty = parse_coverage_status(row.text("warranty_status")).value_or(CoverageStatus::unknown_serial);
  c.customer_name = row.text("customer_name");
  c.customer_phone = row.text("customer_phone");
  c.customer_email = row.text("customer_email");
  c.notify_consent = row.integer("notify_consent") != 0;
  c.problem = row.text("problem");
  c.problem_category = row.text("problem_category");
  c.accessories = row.text("accessories");
  c.condition_notes = row.text("condition_notes");
  c.diagnostic_fee_cents = row.integer("diagnostic_fee_cents");
  if (auto q = row.optional_integer("return_quantity")) c.return_quantity = static_cast<int>(*q);
  if (auto r = row.optional_text("return_reason")) c.return_reason = parse_return_reason(*r);
  if (auto k = row.optional_text("return_condition")) c.return_condition = parse_item_condition(*k);
  c.return_outcomes = parse_outcomes(row.text("return_outcomes"));
  c.restocking_fee_cents = row.integer("restocking_fee_cents");
  c.resolution = row.text("resolution");
  c.assigned_to = row.optional_text("assigned_to");
  c.due_at = instant_at(row, "due_at");
  c.paused_since = optional_instant_at(row, "paused_since");
  c.was_repaired = row.integer("was_repaired") != 0;
  if (auto until = row.optional_text("workmanship_until")) c.workmanship_until = parse_date(*until);
  c.closed_at = optional_instant_at(row, "closed_at");
  c.estimate_state = row.text("estimate_state");
  c.signature_strokes = row.text("signature_strokes");
  c.diagnosis = row.text("diagnosis");
  if (auto k = row.optional_text("inspected_condition")) c.inspected_condition = parse_item_condition(*k);
  c.inspection_notes = row.text("inspection_notes");
  if (auto d = row.optional_text("return_decision")) c.return_decision = parse_return_outcome(*d);
  c.customer_language = row.text("customer_language");
  c.store_id = row.text("store_id");
  c.transferred_to = row.text("transferred_to");
  c.transferred_from = row.text("transferred_from");
  c.sold_by_store = row.text("sold_by_store");
  c.sold_at = optional_instant_at(row, "sold_at");
  return c;
}

std::optional<Case> load_one(Database& db, std::string_view where, auto&& bind_value) {
  Statement stmt = db.prepare(fmt::format("{} WHERE {}", kCaseColumns, where));
  stmt.bind(1, bind_value);
  std::optional<Case> found;
  if (stmt.step()) found = read_case(stmt);
  return found;
}

// Phone numbers are indexed whole and by their last 4, 7, 9 and 10 digits, so a clerk finds
// "+34 600 123 456" by typing 600123456 or just 3456.
std::string phone_search_terms(std::string_view phone) {
  std::string digits = phone_digits(phone);
  std::string terms = digits;
  for (std::size_t n : {10u, 9u, 7u, 4u})
    if (digits.size() > n) {
      terms += ' ';
      terms.append(digits, digits.size() - n);
    }
  return terms;
}

// The words a case is found by, each matched by its beginning.
std::string search_document(const Case& c) {
  std::string compact = c.code;
  std::erase(compact, '-');
  std::string document;
  for (const std::string& field : {c.code, compact, c.customer_name, phone_search_terms(c.customer_phone),
                                   c.customer_email, c.serial.value_or(""), c.product_name})
    for (const std::string& word : search_words(field)) document += word + ' ';
  return document;
}

void index_for_search(Database& db, std::int64_t id, const Case& c) {
  if (db.backend() == Backend::postgresql) {
    std::string document = search_document(c);
    db.prepare(
          "INSERT INTO case_search (case_id, document) VALUES (?1, to_tsvector('simple', unaccent(?2))) "
          "ON CONFLICT (case_id) DO UPDATE SET document = excluded.document")
        .bind_all(id, document)
        .run();
    return;
  }
  db.prepare("DELETE FROM case_search WHERE rowid = ?1").bind(1, id).run();
  std::string compact = c.code;
  std::erase(compact, '-');
  std::string phones = phone_search_terms(c.customer_phone);
  std::string serial = c.serial.value_or("");
  Statement stmt = db.prepare(
      "INSERT INTO case_search(rowid, code, code_compact, customer_name, phone_digits, customer_email, serial, "
      "product) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  stmt.bind_all(id, c.code, compact, c.customer_name, phones, c.customer_email, serial, c.product_name);
  stmt.run();
}

}  // namespace

std::optional<Case> load_case_by_code(Database& db, std::string_view code) {
  return load_one(db, "code = ?1", code);
}
std::optional<Case> load_case_by_token(Database& db, std::string_view token) {
  return load_one(db, "token = ?1", token);
}

std::vector<Case> load_cases_by_serial(Database& db, std::string_view serial) {
  Statement stmt = db.prepare(fmt::format("{} WHERE serial = ?1 ORDER BY created_at, id", kCaseColumns));
  stmt.bind(1, serial);
  std::vector<Case> cases;
  while (stmt.step()) cases.push_back(read_case(stmt));
  return cases;
}

std::optional<Case> load_case_carrying_on(Database& db, std::string_view code) {
  return load_one(db, "transferred_from = ?1", code);
}

bool case_code_taken(Database& db, std::string_view code) {
  Statement stmt = db.prepare("SELECT 1 FROM cases WHERE code = ?1");
  bool taken = stmt.bind(1, code).step();
  return taken;
}

bool status_token_taken(Database& db, std::string_view token) {
  Statement stmt = db.prepare("SELECT 1 FROM cases WHERE token = ?1");
  bool taken = stmt.bind(1, token).step();
  return taken;
}

namespace {

constexpr std::string_view kInsertCase = R"(
    INSERT INTO cases (code, token, kind, status, created_at, updated_at, product_id, product_name, serial,
      sale_line_id, warranty_status, customer_name, customer_phone, customer_email, notify_consent, problem,
      problem_category, accessories, condition_notes, diagnostic_fee_cents, return_quantity, return_reason,
      return_condition, return_outcomes, restocking_fee_cents, due_at, signature_strokes, customer_language,
      transferred_from)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
            ?23, ?24, ?25, ?26, ?27, ?28, ?29))";

// On PostgreSQL one statement, one round trip: the case (nothing when its code or token is taken:
// the unique indexes say so, where a read before would lock index pages other writers add to) and
// its search entry. On SQLite the case, then its search entry; a taken code or token is an error.
std::optional<std::int64_t> write_case(Database& db, const Case& c) {
  bool server = db.backend() == Backend::postgresql;
  static const std::string on_server = fmt::format(
      "WITH c AS ({} ON CONFLICT DO NOTHING RETURNING id), "
      "s AS (INSERT INTO case_search (case_id, document) SELECT id, to_tsvector('simple', unaccent(?30)) FROM c) "
      "SELECT id FROM c",
      kInsertCase);
  static const std::string in_file = fmt::format("{} RETURNING id", kInsertCase);
  Statement stmt = db.prepare(server ? on_server : in_file);
  std::string created = format_instant(c.created_at);
  std::string due = format_instant(c.due_at);
  std::optional<std::string> reason, condition, outcomes;
  if (c.return_reason) reason = std::string(to_string(*c.return_reason));
  if (c.return_condition) condition = std::string(to_string(*c.return_condition));
  if (c.kind == CaseKind::return_item) outcomes = outcomes_text(c.return_outcomes);
  std::optional<std::string_view> signature;
  if (!c.signature_strokes.empty()) signature = c.signature_strokes;
  std::optional<std::string_view> transferred_from;
  if (!c.transferred_from.empty()) transferred_from = c.transferred_from;
  stmt.bind_all(c.code, c.token, to_string(c.kind), to_string(c.status), created, created, c.product_id, c.product_name,
                c.serial, c.sale_line_id, to_string(c.warranty), c.customer_name, c.customer_phone, c.customer_email,
                c.notify_consent, c.problem, c.problem_category, c.accessories, c.condition_notes,
                c.diagnostic_fee_cents, c.return_quantity, reason, condition, outcomes, c.restocking_fee_cents, due,
                signature, c.customer_language, transferred_from);
  if (!server) {
    std::int64_t id = stmt.insert_returning_id();
    index_for_search(db, id, c);
    return id;
  }
  std::string document = search_document(c);
  stmt.bind(30, document);
  if (!stmt.step()) return std::nullopt;
  std::int64_t id = stmt.get_int(0);
  while (stmt.step()) {
  }
  return id;
}

}  // namespace

std::int64_t insert_case(Database& db, const Case& c) {
  auto id = write_case(db, c);
  if (!id) throw StorageError(StorageError::Kind::constraint, "the case code or status token is taken");
  return *id;
}

std::optional<std::int64_t> insert_case_if_free(Database& db, const Case& c) {
  return write_case(db, c);
}

void reindex_case_search(Database& db) {
  std::vector<std::string> codes;
  {
    Statement q = db.prepare("SELECT code FROM cases ORDER BY id");
    while (q.step()) codes.push_back(q.get_text(0));
  }
  for (const std::string& code : codes)
    if (auto c = load_case_by_code(db, code)) index_for_search(db, c->id, *c);
}

void update_case_progress(Database& db, const Case& c) {
  Statement stmt = db.prepare(R"(
    UPDATE cases SET status = ?2, updated_at = ?3, due_at = ?4, paused_since = ?5, was_repaired = ?6,
      workmanship_until = ?7, closed_at = ?8, estimate_state = ?9, assigned_to = ?10, resolution = ?11,
      diagnosis = ?12, inspected_condition = ?13, inspection_notes = ?14, return_decision = ?15
    WHERE id = ?1)");
  std::string updated = format_instant(c.updated_at);
  std::string due = format_instant(c.due_at);
  std::optional<std::string> paused, workmanship, closed;
  if (c.paused_since) paused = format_instant(*c.paused_since);
  if (c.workmanship_until) workmanship = format_date(*c.workmanship_until);
  if (c.closed_at) closed = format_instant(*c.closed_at);
  std::optional<std::string_view> inspected, decision;
  if (c.inspected_condition) inspected = to_string(*c.inspected_condition);
  if (c.return_decision) decision = to_string(*c.return_decision);
  stmt.bind_all(c.id, to_string(c.status), updated, due, paused, c.was_repaired, workmanship, closed, c.estimate_state,
                c.assigned_to, c.resolution, c.diagnosis, inspected, c.inspection_notes, decision);
  stmt.run();
}

// An event's typed details as a small JSON object: only what is set, so most rows hold "{}".
std::string event_details_json(const EventDetails& d) {
  nlohmann::json j = nlohmann::json::object();
  if (d.outcome) j["outcome"] = to_string(*d.outcome);
  if (d.goodwill) j["goodwill"] = true;
  if (d.amount_cents != 0) j["amount_cents"] = d.amount_cents;
  if (d.condition) j["condition"] = to_string(*d.condition);
  if (d.claimed) j["claimed"] = to_string(*d.claimed);
  if (!d.who.empty()) j["who"] = d.who;
  if (!d.serial.empty()) j["serial"] = d.serial;
  if (!d.store.empty()) j["store"] = d.store;
  if (!d.case_code.empty()) j["case_code"] = d.case_code;
  if (!d.at_store.empty()) j["at_store"] = d.at_store;
  if (!d.sku.empty()) j["sku"] = d.sku;
  if (!d.part.empty()) j["part"] = d.part;
  if (d.quantity != 0) j["quantity"] = d.quantity;
  if (!d.reference.empty()) j["reference"] = d.reference;
  if (!d.supplier.empty()) j["supplier"] = d.supplier;
  if (!d.expected_on.empty()) j["expected_on"] = d.expected_on;
  if (!d.status.empty()) j["status"] = d.status;
  if (d.limit_days != 0) j["limit_days"] = d.limit_days;
  if (d.days != 0) j["days"] = d.days;
  if (!d.channel.empty()) j["channel"] = d.channel;
  if (!d.not_sent.empty()) j["not_sent"] = d.not_sent;
  if (!d.loaner.empty()) j["loaner"] = d.loaner;
  if (!d.loaner_description.empty()) j["loaner_description"] = d.loaner_description;
  return j.dump();
}

EventDetails parse_event_details(const std::string& text) {
  EventDetails d;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return d;  // unreadable details: the event still shows, without them
  auto text_of = [&](const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
  };
  d.outcome = parse_return_outcome(text_of("outcome"));
  d.goodwill = j.value("goodwill", false);
  if (j.contains("amount_cents") && j["amount_cents"].is_number_integer())
    d.amount_cents = j["amount_cents"].get<std::int64_t>();
  d.condition = parse_item_condition(text_of("condition"));
  d.claimed = parse_item_condition(text_of("claimed"));
  d.who = text_of("who");
  d.serial = text_of("serial");
  d.store = text_of("store");
  d.case_code = text_of("case_code");
  d.at_store = text_of("at_store");
  d.sku = text_of("sku");
  d.part = text_of("part");
  if (j.contains("quantity") && j["quantity"].is_number_integer()) d.quantity = j["quantity"].get<std::int64_t>();
  d.reference = text_of("reference");
  d.supplier = text_of("supplier");
  d.expected_on = text_of("expected_on");
  d.status = text_of("status");
  auto integer_of = [&](const char* key) -> std::int64_t {
    return j.contains(key) && j[key].is_number_integer() ? j[key].get<std::int64_t>() : 0;
  };
  d.limit_days = integer_of("limit_days");
  d.days = integer_of("days");
  d.channel = text_of("channel");
  d.not_sent = text_of("not_sent");
  d.loaner = text_of("loaner");
  d.loaner_description = text_of("loaner_description");
  return d;
}

void insert_case_event(Database& db, std::int64_t case_id, const CaseEvent& e) {
  constexpr std::string_view kInsert =
      "INSERT INTO case_events (case_id, at, actor, kind, from_status, to_status, note, customer_visible, details) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
  // On PostgreSQL the event and the announcement of the change (announce_case_change) in one round trip.
  static const std::string announced = fmt::format(
      "WITH e AS ({} RETURNING case_id) SELECT pg_notify('aftersales_cases', case_id::text) FROM e", kInsert);
  bool server = db.backend() == Backend::postgresql;
  Statement stmt = db.prepare(server ? std::string_view(announced) : kInsert);
  std::string at = format_instant(e.at);
  std::optional<std::string_view> from, to;
  if (e.from) from = to_string(*e.from);
  if (e.to) to = to_string(*e.to);
  std::string details = event_details_json(e.details);
  stmt.bind_all(case_id, at, e.actor, to_string(e.kind), from, to, e.note, e.customer_visible, details);
  stmt.run();
  if (!server) announce_case_change(db, case_id);
}

namespace {

constexpr std::string_view kEventColumns =
    "SELECT id, case_id, at, actor, kind, from_status, to_status, note, customer_visible, details FROM case_events";

CaseEvent read_event(Statement& stmt) {
  CaseEvent e;
  e.id = stmt.integer("id");
  e.at = instant_at(stmt, "at");
  e.actor = stmt.text("actor");
  e.kind = parse_event_kind(stmt.text("kind")).value_or(EventKind::note);
  if (auto from = stmt.optional_text("from_status")) e.from = parse_case_status(*from);
  if (auto to = stmt.optional_text("to_status")) e.to = parse_case_status(*to);
  e.note = stmt.text("note");
  e.customer_visible = stmt.integer("customer_visible") != 0;
  e.details = parse_event_details(stmt.text("details"));
  return e;
}

}  // namespace

std::vector<CaseEvent> load_case_events(Database& db, std::int64_t case_id) {
  Statement stmt = db.prepare(fmt::format("{} WHERE case_id = ?1 ORDER BY id", kEventColumns));
  stmt.bind(1, case_id);
  std::vector<CaseEvent> events;
  while (stmt.step()) events.push_back(read_event(stmt));
  return events;
}

std::map<std::int64_t, std::vector<CaseEvent>> load_clock_events(Database& db, std::span<const std::int64_t> case_ids) {
  std::map<std::int64_t, std::vector<CaseEvent>> events;
  if (case_ids.empty()) return events;
  bool postgres = db.backend() == Backend::postgresql;
  std::string ids;
  for (std::int64_t id : case_ids) ids += fmt::format("{}{}", ids.empty() ? "" : ",", id);
  std::string_view in_cases =
      postgres ? "case_id = ANY (CAST(CAST(?1 AS TEXT) AS BIGINT[]))" : "case_id IN (SELECT value FROM json_each(?1))";
  Statement stmt =
      db.prepare(fmt::format("{} WHERE {} AND (to_status IS NOT NULL OR kind IN ('reminder_sent', 'marked_abandoned')) "
                             "ORDER BY case_id, id",
                             kEventColumns, in_cases));
  std::string id_list = postgres ? "{" + ids + "}" : "[" + ids + "]";  // bound as is: it outlives the steps
  stmt.bind(1, id_list);
  while (stmt.step()) {
    std::int64_t case_id = stmt.integer("case_id");
    events[case_id].push_back(read_event(stmt));
  }
  return events;
}

void replace_estimate(Database& db, std::int64_t case_id, const std::vector<EstimateLine>& lines) {
  db.prepare("DELETE FROM estimate_lines WHERE case_id = ?1").bind(1, case_id).run();
  for (const auto& line : lines) {
    // A line's SKU names a part of this store's list; one this store does not have (a transferred
    // estimate) stays a free line.
    Statement stmt = db.prepare(
        "INSERT INTO estimate_lines (case_id, kind, description, quantity, unit_cents, part_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, (SELECT id FROM parts WHERE sku = ?6))");
    stmt.bind_all(case_id, line.kind, line.description, line.quantity, line.unit_cents, line.sku);
    stmt.run();
  }
}

std::vector<EstimateLine> load_estimate(Database& db, std::int64_t case_id) {
  Statement stmt = db.prepare(
      "SELECT l.kind, l.description, l.quantity, l.unit_cents, coalesce(p.sku, '') FROM estimate_lines l "
      "LEFT JOIN parts p ON p.id = l.part_id WHERE l.case_id = ?1 ORDER BY l.id");
  stmt.bind(1, case_id);
  std::vector<EstimateLine> lines;
  while (stmt.step())
    lines.push_back(
        {stmt.get_text(0), stmt.get_text(1), static_cast<int>(stmt.get_int(2)), stmt.get_int(3), stmt.get_text(4)});
  return lines;
}

std::vector<std::string> search_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    // ASCII letters and digits, and every byte of a multi-byte UTF-8 letter, make up words;
    // everything else (dashes, @, quotes, search operators) separates them.
    if (std::isalnum(u) || u >= 0x80)
      word.push_back(c);
    else
      flush();
  }
  flush();
  return words;
}

std::string search_match_expression(std::string_view typed, Backend backend) {
  std::string expression;
  for (const std::string& word : search_words(typed)) {
    if (!expression.empty()) expression += backend == Backend::postgresql ? " & " : " ";
    expression += backend == Backend::postgresql ? word + ":*" : '"' + word + "\"*";
  }
  return expression;
}

std::vector<Case> query_cases(Database& db, const CaseFilter& filter, Instant now) {
  bool postgres = db.backend() == Backend::postgresql;
  // The statuses wanted, as a JSON array (SQLite) or an array literal (PostgreSQL), and the words
  // typed, as FTS5 (SQLite) or tsquery (PostgreSQL) prefixes.
  std::string_view in_statuses =
      postgres ? "status = ANY (CAST(CAST(?2 AS TEXT) AS TEXT[]))" : "status IN (SELECT value FROM json_each(?2))";
  std::string_view matching =
      postgres ? "id IN (SELECT case_id FROM case_search WHERE document @@ to_tsquery('simple', unaccent(?8)))"
               : "id IN (SELECT rowid FROM case_search WHERE case_search MATCH ?8)";
  Statement stmt = db.prepare(fmt::format(R"({}
    WHERE (CAST(?1 AS TEXT) IS NULL OR kind = ?1)
      AND (CAST(?2 AS TEXT) IS NULL OR {})
      AND (?3 = 0 OR closed_at IS NULL)
      AND (CAST(?4 AS TEXT) IS NULL OR created_at <= ?4)
      AND (?5 = 0 OR (closed_at IS NULL AND paused_since IS NULL AND due_at < ?6))
      AND (CAST(?7 AS TEXT) IS NULL OR assigned_to = ?7)
      AND (CAST(?8 AS TEXT) IS NULL OR {})
    ORDER BY created_at DESC, id DESC
    LIMIT ?9 OFFSET ?10)",
                                          kCaseColumns, in_statuses, matching));
  std::optional<std::string_view> kind;
  if (filter.kind) kind = to_string(*filter.kind);
  std::optional<std::string> statuses;
  if (!filter.statuses.empty()) {
    std::string list;
    for (auto s : filter.statuses) list += fmt::format("{}\"{}\"", list.empty() ? "" : ",", to_string(s));
    statuses = postgres ? "{" + list + "}" : "[" + list + "]";
  }
  std::optional<std::string> older_than;
  if (filter.min_age_days) older_than = format_instant(now - std::chrono::days{*filter.min_age_days});
  std::string now_text = format_instant(now);
  std::optional<std::string> match;
  if (auto expression = search_match_expression(filter.text, db.backend()); !expression.empty()) match = expression;
  stmt.bind_all(kind, statuses, filter.open_only, older_than, filter.overdue_only, now_text, filter.assigned_to, match,
                filter.limit, filter.offset);
  std::vector<Case> cases;
  while (stmt.step()) cases.push_back(read_case(stmt));
  return cases;
}

bool serial_in_use(Database& db, std::string_view serial) {
  Statement exists = db.prepare(
      "SELECT 1 FROM serial_replacements WHERE new_serial = ?1 UNION ALL SELECT 1 FROM sale_lines WHERE serial = ?1");
  bool taken = exists.bind(1, serial).step();
  return taken;
}

void insert_serial_replacement(Database& db, std::int64_t case_id, std::string_view old_serial,
                               std::string_view new_serial, Instant at) {
  std::string when = format_instant(at);
  db.prepare("INSERT INTO serial_replacements (old_serial, new_serial, case_id, replaced_at) VALUES (?1, ?2, ?3, ?4)")
      .bind_all(old_serial, new_serial, case_id, when)
      .run();
}

void save_estimate_explanation(Database& db, std::int64_t case_id, std::string_view text, Instant at) {
  std::string when = format_instant(at);
  db.prepare("UPDATE cases SET estimate_explanation = ?1, updated_at = ?2 WHERE id = ?3")
      .bind_all(text, when, case_id)
      .run();
}

std::string load_estimate_explanation(Database& db, std::int64_t case_id) {
  Statement q = db.prepare("SELECT estimate_explanation FROM cases WHERE id = ?1");
  std::string text = q.bind(1, case_id).step() ? q.get_text(0) : std::string();
  return text;
}

std::optional<int> load_feedback_rating(Database& db, std::int64_t case_id) {
  Statement stmt = db.prepare("SELECT rating FROM feedback WHERE case_id = ?1");
  std::optional<int> rating;
  if (stmt.bind(1, case_id).step()) rating = static_cast<int>(stmt.get_int(0));
  return rating;
}

void insert_feedback(Database& db, std::int64_t case_id, int rating, std::string_view comment, Instant at) {
  std::string when = format_instant(at);
  db.prepare("INSERT INTO feedback (case_id, rating, comment, created_at) VALUES (?1, ?2, ?3, ?4)")
      .bind_all(case_id, rating, comment, when)
      .run();
  announce_case_change(db, case_id);
}

}  // namespace aftersales
