#include "core/storage/claims_store.h"

#include <string>

namespace aftersales {
namespace {

constexpr std::string_view kSelectClaim =
    "SELECT id, vendor, rma, created_at, shipped_on, credited_on, credit_cents, note, actor FROM vendor_claims";

VendorClaim read_claim(const Statement& row) {
  VendorClaim claim;
  claim.id = row.integer("id");
  claim.vendor = row.text("vendor");
  claim.rma = row.text("rma");
  claim.created_at = parse_instant(row.text("created_at")).value_or(Instant{});
  if (auto shipped = row.optional_text("shipped_on")) claim.shipped_on = parse_date(*shipped);
  if (auto credited = row.optional_text("credited_on")) claim.credited_on = parse_date(*credited);
  claim.credit_cents = row.integer("credit_cents");
  claim.note = row.text("note");
  claim.actor = row.text("actor");
  return claim;
}

std::vector<ClaimLine> load_claim_lines(Database& db, std::int64_t claim_id) {
  Statement s = db.prepare(
      "SELECT l.case_id, coalesce(c.code, '') AS code, coalesce(c.product_name, '') AS product_name, l.what, "
      "l.old_serial, l.new_serial, l.claimed_cents FROM claim_lines l LEFT JOIN cases c ON c.id = l.case_id "
      "WHERE l.claim_id = ?1 ORDER BY l.id");
  s.bind_all(claim_id);
  std::vector<ClaimLine> lines;
  while (s.step())
    lines.push_back({.case_id = s.integer("case_id"),
                     .case_code = s.text("code"),
                     .product_name = s.text("product_name"),
                     .what = parse_claim_what(s.text("what")).value_or(ClaimWhat::repaired),
                     .old_serial = s.text("old_serial"),
                     .new_serial = s.text("new_serial"),
                     .claimed_cents = s.integer("claimed_cents")});
  return lines;
}

}  // namespace

std::vector<ClaimCandidate> load_claim_candidates(Database& db) {
  Statement s = db.prepare(
      "SELECT c.id, c.code, c.product_name, coalesce(p.brand, '') AS brand, coalesce(c.serial, '') AS serial, "
      "coalesce((SELECT r.new_serial FROM serial_replacements r WHERE r.case_id = c.id ORDER BY r.id DESC LIMIT 1), "
      "'') AS new_serial FROM cases c LEFT JOIN products p ON p.id = c.product_id "
      "WHERE c.kind = 'repair' AND c.status = 'completed' AND c.warranty_status = 'manufacturer' "
      "AND NOT EXISTS (SELECT 1 FROM claim_lines l WHERE l.case_id = c.id) ORDER BY c.id");
  std::vector<ClaimCandidate> found;
  while (s.step()) {
    ClaimLine line{.case_id = s.integer("id"),
                   .case_code = s.text("code"),
                   .product_name = s.text("product_name"),
                   .old_serial = s.text("serial"),
                   .new_serial = s.text("new_serial")};
    line.what = line.new_serial.empty() ? ClaimWhat::repaired : ClaimWhat::replaced;
    found.push_back({s.text("brand"), std::move(line)});
  }
  return found;
}

std::int64_t load_parts_cost(Database& db, std::int64_t case_id) {
  Statement s = db.prepare("SELECT coalesce(sum(quantity * unit_cost_cents), 0) FROM part_uses WHERE case_id = ?1");
  s.bind_all(case_id);
  s.step();
  return s.get_int(0);
}

std::int64_t insert_claim(Database& db, std::string_view vendor, Instant created_at, std::string_view actor) {
  std::string when = format_instant(created_at);
  return db.prepare("INSERT INTO vendor_claims (vendor, created_at, actor) VALUES (?1, ?2, ?3) RETURNING id")
      .bind_all(vendor, when, actor)
      .insert_returning_id();
}

void insert_claim_line(Database& db, std::int64_t claim_id, const ClaimLine& line) {
  db.prepare(
        "INSERT INTO claim_lines (claim_id, case_id, what, old_serial, new_serial, claimed_cents) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind_all(claim_id, line.case_id, to_string(line.what), line.old_serial, line.new_serial, line.claimed_cents)
      .run();
}

std::optional<VendorClaim> load_claim(Database& db, std::int64_t claim_id) {
  Statement s = db.prepare(std::string(kSelectClaim) + " WHERE id = ?1");
  s.bind_all(claim_id);
  if (!s.step()) return std::nullopt;
  VendorClaim claim = read_claim(s);
  claim.lines = load_claim_lines(db, claim.id);
  return claim;
}

std::vector<VendorClaim> load_claims(Database& db) {
  Statement s = db.prepare(std::string(kSelectClaim) + " ORDER BY id");
  std::vector<VendorClaim> claims;
  while (s.step()) claims.push_back(read_claim(s));
  for (VendorClaim& claim : claims) claim.lines = load_claim_lines(db, claim.id);
  return claims;
}

void mark_claim_shipped(Database& db, std::int64_t claim_id, std::string_view rma, Date on) {
  std::string day = format_date(on);
  db.prepare("UPDATE vendor_claims SET rma = ?2, shipped_on = ?3 WHERE id = ?1").bind_all(claim_id, rma, day).run();
}

void set_claim_credit(Database& db, std::int64_t claim_id, std::int64_t credit_cents, Date on, std::string_view note) {
  std::string day = format_date(on);
  db.prepare("UPDATE vendor_claims SET credit_cents = ?2, credited_on = ?3, note = ?4 WHERE id = ?1")
      .bind_all(claim_id, credit_cents, day, note)
      .run();
}

std::optional<ClaimOfCase> find_claim_of_case(Database& db, std::int64_t case_id) {
  Statement s = db.prepare(
      "SELECT v.id, v.rma, v.vendor FROM claim_lines l JOIN vendor_claims v ON v.id = l.claim_id WHERE l.case_id = ?1");
  s.bind_all(case_id);
  if (!s.step()) return std::nullopt;
  return ClaimOfCase{s.get_int(0), s.get_text(1), s.get_text(2)};
}

}  // namespace aftersales
