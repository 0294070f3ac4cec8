#include "core/storage/payments_store.h"

#include <string>

namespace aftersales {

void insert_payment(Database& db, std::int64_t case_id, const PaymentDraft& draft, Instant at, std::string_view actor) {
  std::string when = format_instant(at);
  db.prepare(
        "INSERT INTO payments (case_id, kind, method, amount_cents, at, actor, note) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bind_all(case_id, to_string(draft.kind), to_string(draft.method), draft.amount_cents, when, actor, draft.note)
      .run();
}

std::vector<Payment> load_payments(Database& db, std::int64_t case_id) {
  Statement stmt =
      db.prepare("SELECT id, kind, method, amount_cents, at, actor, note FROM payments WHERE case_id = ?1 ORDER BY id");
  stmt.bind_all(case_id);
  std::vector<Payment> payments;
  while (stmt.step()) {
    Payment p;
    p.id = stmt.get_int(0);
    p.case_id = case_id;
    p.kind = parse_payment_kind(stmt.get_text(1)).value_or(PaymentKind::payment);
    p.method = parse_payment_method(stmt.get_text(2)).value_or(PaymentMethod::other);
    p.amount_cents = stmt.get_int(3);
    p.at = parse_instant(stmt.get_text(4)).value_or(Instant{});
    p.actor = stmt.get_text(5);
    p.note = stmt.get_text(6);
    payments.push_back(std::move(p));
  }
  return payments;
}

std::int64_t load_net_paid(Database& db, std::int64_t case_id) {
  Statement stmt = db.prepare(
      "SELECT coalesce(sum(CASE WHEN kind = 'refund' THEN -amount_cents ELSE amount_cents END), 0) FROM payments "
      "WHERE case_id = ?1");
  stmt.bind_all(case_id);
  stmt.step();
  return stmt.get_int(0);
}

}  // namespace aftersales
