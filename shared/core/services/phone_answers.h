#pragma once
// In a chain of stores the customer's phone page runs at headquarters, which holds a copy of every
// store's cases but writes none of them (storage/chain.h). What a phone sends there (an estimate
// answer, feedback) is kept in phone_answers for the case's store; replication takes it to that
// store, whose notifier applies it to the case through the case service, recording in the same
// transaction that it did, so an answer is applied once even when the store was offline for days.
// Until the store's confirmation comes back, the page says the answer has reached us.
#include <cstdint>
#include <optional>
#include <string>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/domain/case.h"

namespace aftersales {

class CaseService;
class Database;

enum class PhoneAnswerKind { estimate, feedback };

struct PhoneAnswer {
  std::int64_t id = 0;
  std::string store_id;
  std::int64_t case_id = 0;
  PhoneAnswerKind kind = PhoneAnswerKind::estimate;
  bool approved = false;  // estimate
  int rating = 0;         // feedback
  std::string comment;    // feedback
  std::string received_at;
};

struct AppliedAnswers {
  int applied = 0;
  int refused = 0;  // the case had moved on (recorded with the reason, never tried again)
};

class PhoneAnswers {
 public:
  PhoneAnswers(Database& db, Clock clock = system_now) : db_(db), clock_(std::move(clock)) {}

  // At headquarters. The first answer for a case counts; a second one is a conflict.
  Result<void> keep_estimate_answer(const Case& c, bool approved);
  Result<void> keep_feedback(const Case& c, int rating, std::string_view comment);
  // The answer of that kind the case's store has not confirmed yet, if any.
  Result<std::optional<PhoneAnswer>> waiting(std::int64_t case_id, PhoneAnswerKind kind);

  // At a store: every answer for it not applied yet, each in one transaction with its record.
  Result<AppliedAnswers> apply_waiting(CaseService& cases);

 private:
  Result<void> keep(const Case& c, PhoneAnswerKind kind, bool approved, int rating, const std::string& comment);
  void record(Database& db, std::int64_t answer_id, std::string_view outcome);

  Database& db_;
  Clock clock_;
};

}  // namespace aftersales
