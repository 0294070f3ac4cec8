#include "core/services/phone_answers.h"

#include <vector>

#include "core/services/case_service.h"
#include "core/storage/chain.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

std::string_view to_string(PhoneAnswerKind kind) {
  return kind == PhoneAnswerKind::estimate ? "estimate" : "feedback";
}

PhoneAnswer read_answer(const Statement& row) {
  PhoneAnswer a;
  a.id = row.integer("id");
  a.store_id = row.text("store_id");
  a.case_id = row.integer("case_id");
  a.kind = row.text("kind") == "estimate" ? PhoneAnswerKind::estimate : PhoneAnswerKind::feedback;
  a.approved = row.optional_integer("approved").value_or(0) != 0;
  a.rating = static_cast<int>(row.optional_integer("rating").value_or(0));
  a.comment = row.text("comment");
  a.received_at = row.text("received_at");
  return a;
}

constexpr std::string_view kAnswerColumns =
    "a.id, a.store_id, a.case_id, a.kind, a.approved, a.rating, a.comment, a.received_at";

}  // namespace

Result<void> PhoneAnswers::keep_estimate_answer(const Case& c, bool approved) {
  if (c.status != CaseStatus::awaiting_approval || c.estimate_state != "pending")
    return fail(ErrorKind::conflict, "This case is not waiting for your decision any more.", "estimate");
  return keep(c, PhoneAnswerKind::estimate, approved, 0, "");
}

Result<void> PhoneAnswers::keep_feedback(const Case& c, int rating, std::string_view comment) {
  auto text = checked_feedback_comment(rating, comment);
  if (!text) return std::unexpected(text.error());
  if (c.status != CaseStatus::completed)
    return fail(ErrorKind::refused, "Feedback opens once the case is completed.", "rating");
  return keep(c, PhoneAnswerKind::feedback, false, rating, *text);
}

Result<void> PhoneAnswers::keep(const Case& c, PhoneAnswerKind kind, bool approved, int rating,
                                const std::string& comment) {
  return storage_guard<void>([&]() -> Result<void> {
    WriteTransaction tx(db_);
    std::string now = format_instant(clock_());
    Statement insert = db_.prepare(
        "INSERT INTO phone_answers (store_id, case_id, kind, approved, rating, comment, received_at) "
        "SELECT store_id, id, ?2, ?3, ?4, ?5, ?6 FROM cases WHERE id = ?1 "
        "ON CONFLICT (case_id, kind) DO NOTHING");
    std::optional<std::int64_t> approved_value, rating_value;
    if (kind == PhoneAnswerKind::estimate) approved_value = approved ? 1 : 0;
    if (kind == PhoneAnswerKind::feedback) rating_value = rating;
    int added = insert.bind_all(c.id, to_string(kind), approved_value, rating_value, comment, now).run();
    if (added == 0)
      return fail(ErrorKind::conflict,
                  kind == PhoneAnswerKind::estimate ? "The estimate has already been answered."
                                                    : "Thank you: your feedback for this case is already in.",
                  kind == PhoneAnswerKind::estimate ? "estimate" : "rating");
    tx.commit();
    return {};
  });
}

Result<std::optional<PhoneAnswer>> PhoneAnswers::waiting(std::int64_t case_id, PhoneAnswerKind kind) {
  return storage_guard<std::optional<PhoneAnswer>>([&]() -> Result<std::optional<PhoneAnswer>> {
    Statement stmt = db_.prepare(std::string("SELECT ") + std::string(kAnswerColumns) +
                                 " FROM phone_answers a WHERE a.case_id = ?1 AND a.kind = ?2 AND NOT EXISTS "
                                 "(SELECT 1 FROM phone_answers_applied p WHERE p.answer_id = a.id)");
    if (!stmt.bind_all(case_id, to_string(kind)).step()) return std::nullopt;
    return read_answer(stmt);
  });
}

void PhoneAnswers::record(Database& db, std::int64_t answer_id, std::string_view outcome) {
  std::string now = format_instant(clock_());
  db.prepare("INSERT INTO phone_answers_applied (answer_id, applied_at, outcome) VALUES (?1, ?2, ?3)")
      .bind_all(answer_id, now, outcome)
      .run();
}

Result<AppliedAnswers> PhoneAnswers::apply_waiting(CaseService& cases) {
  auto pending = storage_guard<std::vector<PhoneAnswer>>([&]() -> Result<std::vector<PhoneAnswer>> {
    std::string mine = chain_membership(db_).store_id;
    Statement stmt = db_.prepare(std::string("SELECT ") + std::string(kAnswerColumns) +
                                 " FROM phone_answers a WHERE a.store_id = ?1 AND NOT EXISTS "
                                 "(SELECT 1 FROM phone_answers_applied p WHERE p.answer_id = a.id) ORDER BY a.id");
    stmt.bind(1, mine);
    std::vector<PhoneAnswer> answers;
    while (stmt.step()) answers.push_back(read_answer(stmt));
    return answers;
  });
  if (!pending) return std::unexpected(pending.error());
  AppliedAnswers report;
  for (const PhoneAnswer& answer : *pending) {
    struct Keys {
      std::string code, token;
    };
    auto c = storage_guard<Keys>([&]() -> Result<Keys> {
      Statement stmt = db_.prepare("SELECT code, token FROM cases WHERE id = ?1");
      if (!stmt.bind(1, answer.case_id).step()) return fail(ErrorKind::not_found, "The case is not at this store.");
      return Keys{stmt.text("code"), stmt.text("token")};
    });
    if (!c && c.error().kind != ErrorKind::not_found) return std::unexpected(c.error());  // next round
    // A second try after a lost COMMIT must not apply it twice: the record is part of the same commit.
    auto also = [&](Database& db) { record(db, answer.id, "applied"); };
    Result<void> applied;
    if (!c) {
      applied = std::unexpected(c.error());  // recorded below as not possible, so it never blocks the rest
    } else if (answer.kind == PhoneAnswerKind::estimate) {
      if (auto decided = cases.decide_estimate(c->code, answer.approved, "customer", also); !decided)
        applied = std::unexpected(decided.error());
    } else {
      applied = cases.record_feedback(c->token, answer.rating, answer.comment, also);
    }
    if (applied) {
      ++report.applied;
      continue;
    }
    if (applied.error().kind == ErrorKind::storage) return std::unexpected(applied.error());
    // The case had moved on (answered at the counter meanwhile) or is not here: say why, once.
    auto recorded = storage_guard<void>([&]() -> Result<void> {
      WriteTransaction tx(db_);
      record(db_, answer.id, applied.error().message);
      tx.commit();
      return {};
    });
    if (!recorded) return std::unexpected(recorded.error());
    ++report.refused;
  }
  return report;
}

}  // namespace aftersales
