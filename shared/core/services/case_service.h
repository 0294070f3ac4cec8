#pragma once
// The case service: the only way cases are opened and changed. It validates, applies the warranty,
// return policy and workflow rules, and writes the case with its event in one transaction.
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "core/base/error.h"
#include "core/config/config.h"
#include "core/domain/case.h"
#include "core/domain/case_drafts.h"
#include "core/domain/loaner.h"
#include "core/domain/part.h"
#include "core/domain/payment.h"
#include "core/domain/status_clock.h"
#include "core/storage/case_store.h"
#include "core/storage/chain.h"

namespace aftersales {

// The longest note, diagnosis, inspection note or reason staff can write on a case.
inline constexpr std::size_t kMaxCaseworkText = 4000;

class Database;
struct TransferRecord;

// The chain around this database, for telling customers which store has their case: this
// database's own store ("" at headquarters and outside a chain) and the chain's stores.
struct StoresAround {
  std::string own_store;
  std::vector<ChainStore> stores;
};

struct CaseChange {
  std::string actor;
  std::string note;
  bool customer_visible = true;
};

// The store's answer to a return: an outcome, or none for a rejection. The reason is required to
// reject, and to give an outcome the policy did not allow (a goodwill decision).
struct ReturnVerdict {
  std::optional<ReturnOutcome> outcome;
  std::string reason;
};

// The longest explanation of an estimate for the customer, after trimming (one line on their page).
inline constexpr std::size_t kMaxEstimateExplanation = 300;

// A part of a special order that came in (CaseService::record_part_arrival): the order, how many
// came, and its repair, moved on to the bench when it waited for nothing else.
struct PartArrival {
  PartOrder order;
  std::int64_t quantity = 0;
  std::int64_t still_to_come = 0;  // fewer arrived than ordered: the order waits for these
  bool moved_on = false;           // the repair went from awaiting_parts to repairing
  std::optional<Case> repair;
};

// A supplier's file of arrivals, recorded entirely or not at all: every bad row with its line.
struct ArrivalIssue {
  int line = 0;
  std::string message;
};
// One row of that file, as written.
struct ArrivalRow {
  std::string reference;
  std::string sku;
  std::string quantity;
};
struct ArrivalsReport {
  int rows = 0;
  std::vector<PartArrival> arrivals;
  std::int64_t to_stock = 0;  // parts that came for no order waiting: on the shelf
  std::vector<ArrivalIssue> errors;
  bool committed() const { return errors.empty(); }
};

// A customer's feedback as it is kept: the comment cleaned and trimmed; an error a phone can show
// for a rating outside 1-5 or a comment over 1000 characters.
Result<std::string> checked_feedback_comment(int rating, std::string_view comment);

class CaseService {
 public:
  CaseService(Database& db, const Config& config, Clock clock = system_now)
      : db_(db), config_(config), clock_(std::move(clock)) {}

  Result<Case> open_repair(const RepairDraft& draft, std::string_view actor);
  Result<Case> open_return(const ReturnDraft& draft, std::string_view actor);

  // Forgiving lookups: any spelling of the code the parser accepts, the token in either case.
  Result<Case> find_by_code(std::string_view code);
  Result<Case> find_by_token(std::string_view token);
  Result<std::vector<CaseEvent>> events(std::int64_t case_id);
  Result<StoresAround> stores_around();
  Result<std::vector<Case>> list(const CaseFilter& filter);
  // How long each case has waited in its status against the config's limits (status_clock.h), now;
  // in the order given, read in one query.
  Result<std::vector<StatusClock>> status_clocks(const std::vector<Case>& cases);

  Result<Case> advance(std::string_view code, CaseStatus to, const CaseChange& change);
  Result<void> add_note(std::string_view code, const CaseChange& change);
  Result<Case> assign(std::string_view code, std::string_view technician, std::string_view actor);

  // An estimate sends a case that is being diagnosed to awaiting_approval; the customer (or the
  // clerk on their behalf) decides once: approved goes on to the repair, declined to pickup unrepaired.
  Result<Case> record_estimate(std::string_view code, const std::vector<EstimateLine>& lines, std::string_view actor);
  // `also` runs inside the same transaction, just before it commits (a chain's store records there
  // that it applied an answer from the phone page, phone_answers.h).
  using AlsoInTransaction = std::function<void(Database&)>;
  Result<Case> decide_estimate(std::string_view code, bool approved, std::string_view actor,
                               const AlsoInTransaction& also = {});
  Result<std::vector<EstimateLine>> estimate(std::int64_t case_id);

  // Casework (case_casework.cpp). A repair's diagnosis is an internal note kept on the case. A return's
  // inspection records the item's condition as found (receiving a requested return); the decision
  // then approves it with an outcome or rejects it, and tells the customer.
  Result<Case> record_diagnosis(std::string_view code, std::string_view diagnosis, std::string_view actor);
  Result<Case> inspect_return(std::string_view code, ItemCondition condition, std::string_view notes,
                              std::string_view actor);
  // A return that waits for a manager (return_controls.h: the serial brought back is not the one
  // sold, the customer is past the store's limit, the contact is on the blocklist) is approved only
  // by an active manager (`actor`) who writes why: a staff-only note records who and why.
  Result<Case> decide_return(std::string_view code, const ReturnVerdict& verdict, std::string_view actor);
  // Why a return waits for a manager (empty: it does not), for staff.
  Result<std::vector<ReturnHold>> return_holds(std::int64_t case_id);
  // The estimate's one line for the customer (schema 6), shown with it on the status page; the
  // diagnosis stays internal. Set while the repair is open and the customer has not answered the
  // estimate (approved or declined: refused); empty clears it. At most kMaxEstimateExplanation bytes.
  Result<void> explain_estimate(std::string_view code, std::string_view explanation);
  Result<std::string> estimate_explanation(std::int64_t case_id);

  // An item replaced under warranty: the new serial carries the original's remaining coverage.
  Result<Case> record_replacement(std::string_view code, std::string_view new_serial, std::string_view actor);

  // Parts (case_parts.cpp; the rules in core/domain/part.h). Where a part is used: an explicit step
  // on the bench, while the repair is diagnosed or repaired, not the estimate's approval (which the
  // customer may give on the phone page, and which may come before the part is in). The part is taken
  // from the store's stock in the same transaction as its record and the case's event; stock never
  // goes below zero ("Only 2 of … in stock"). A part used stays used: it is not put back on the
  // shelf when the case is cancelled (it was fitted or opened); put_back_part undoes a mistake.
  Result<Case> use_part(std::string_view code, std::string_view sku, std::int64_t quantity, std::string_view actor);
  // A part used by mistake goes back on the shelf: at most what this repair used of it, recorded as
  // a use of the opposite sign with the case's event. Never automatic (cancelling does not do it).
  Result<Case> put_back_part(std::string_view code, std::string_view sku, std::int64_t quantity,
                             std::string_view actor);
  // A special order of a part not in stock: recorded with its supplier, reference and expected day;
  // the repair waits for parts, and its promise is the expected day plus the time the repair had
  // left (it no longer moves with the clock: it follows the supplier's day).
  Result<PartOrder> order_part(std::string_view code, const PartOrderDraft& draft, std::string_view actor);
  // The part of the order `reference` came in (quantity: the ordered one when not given): it goes
  // into stock, the order is closed, and a repair that waited for nothing else goes on to repairing
  // and its customer is told (with consent). A part later than expected moves the promise with it.
  Result<PartArrival> record_part_arrival(std::string_view reference, std::optional<std::int64_t> quantity,
                                          std::string_view actor);
  // The supplier cannot deliver, or the repair goes another way: the order is cancelled with its
  // reason (required) and no longer holds the repair or its promise. A repair left waiting for no
  // order keeps waiting for parts, its clock paused, until the counter orders again or moves it on.
  Result<PartOrder> cancel_part_order(std::string_view reference, std::string_view reason, std::string_view actor);
  // A supplier's CSV of arrivals: reference,quantity, or sku,quantity for a delivery that names no
  // order (it closes the waiting orders of that part it covers, oldest first; the rest goes to stock).
  Result<ArrivalsReport> record_part_arrivals(std::istream& csv, std::string_view actor);
  // The latest day a part still on its way to this case is expected (the phone page's "Part expected by").
  Result<std::optional<Date>> part_expected_by(std::int64_t case_id);

  // Money at the counter (case_payments.cpp; the rules in core/domain/payment.h): a deposit, a
  // payment towards what the repair charges, a refund with its reason; checked against what was
  // charged and paid in the same transaction, so two counters cannot take more than is due.
  Result<CaseMoney> record_payment(std::string_view code, const PaymentDraft& draft, std::string_view actor);
  Result<CaseMoney> money(const Case& c);
  Result<std::vector<Payment>> payments(std::int64_t case_id);

  // Loaners (case_loaners.cpp; the rules in core/domain/loaner.h). The store's list: added, listed,
  // retired (never deleted: its loans keep it). A loan goes only with an open repair that has none,
  // and only a loaner neither retired nor out; checked in the same transaction that lends it, so two
  // counters lending the last loaner at once lend it once. A repair is not picked up (completed)
  // while its loaner is out, unless a manager (an active staff member with that role) records why.
  Result<Loaner> add_loaner(const LoanerDraft& draft);
  Result<std::vector<Loaner>> loaners();
  Result<Loaner> retire_loaner(std::string_view tag);
  // Whether the kiosk may offer one: a loaner not retired and not out.
  Result<bool> loaner_available();
  Result<Loan> lend_loaner(std::string_view code, std::string_view tag, std::string_view actor);
  // The loaner is back (with its condition as it came, optional); also after a waiver, on a closed case.
  Result<Loan> return_loaner(std::string_view code, std::string_view condition, std::string_view actor);
  Result<Loan> waive_loaner(std::string_view code, std::string_view reason, std::string_view manager);
  Result<std::vector<Loan>> loans(std::int64_t case_id);
  // The case's loan still out (waived or not), for its receipt.
  Result<std::optional<Loan>> current_loan(std::int64_t case_id);
  // The tag of the loaner the customer should bring back, if one is out (the customer's page).
  Result<std::optional<std::string>> loaner_to_bring(std::int64_t case_id);

  // The customer's rating (1-5) and optional comment, once per completed case.
  Result<void> record_feedback(std::string_view token, int rating, std::string_view comment,
                               const AlsoInTransaction& also = {});
  Result<std::optional<int>> feedback_rating(std::int64_t case_id);

  // A receipt sent instead of printed (case_receipts.cpp): the shopper chose "no paper" at the kiosk.
  // Through the outbox, on each of `channels`: "email" with the receipt as the printer draws it (a
  // PNG) and the case's link, "sms" with the link; in `language`, to the case's own contact only.
  // All or nothing: refused, with nothing written, for a channel the case has no contact on.
  Result<void> send_receipt(const Case& c, const std::vector<std::string>& channels, Language language);

  // A chain's transfers (case_transfer.h, case_transfer.cpp). At the store that has it: an open
  // repair goes to another store of the chain, closing here as transferred. At the destination:
  // the store's own case from the transfer, checked in (the unit is on its way), with the history
  // and the estimate; `also` runs in the same transaction, with the case opened.
  Result<Case> transfer(std::string_view code, std::string_view to_store, std::string_view actor,
                        std::string_view note);
  using AlsoWithCase = std::function<void(Database&, const Case&)>;
  Result<Case> receive_transfer(const TransferRecord& record, const AlsoWithCase& also = {});

  Instant now() const { return clock_(); }

 private:
  // Writes the new case with a fresh code from this store's share, and `token` or a fresh one
  // (sets c.code, c.token and c.id), inside the caller's write transaction.
  Result<void> write_with_code_and_token(Case& c, std::string_view token);
  // What every status change carries with it, once allowed: the promised-date clock, closing,
  // the repair's workmanship warranty.
  void move_to(Case& c, CaseStatus to, Instant at);
  // `token`: the caller's own (see RepairDraft::token); empty: a fresh one. The code is drawn from
  // this store's share of the chain's codes (case_code.h).
  Result<Case> insert_new(Case c, std::string_view actor, std::string note, std::string_view token = {});
  // A retry of a check-in whose first try was saved though its caller never heard: that case.
  // nullopt when the draft chose no token or no case has it; an error for a token of the wrong
  // form, or of a case of the other kind.
  std::optional<Result<Case>> saved_before(std::string_view token, CaseKind kind);
  Result<Case> load_for_change(std::string_view code);
  // The one way a case changes status: the workflow's check (check_transition), then what every
  // change carries with it (the promised-date clock, closing, the repair's workmanship warranty).
  Result<void> transition(Case& c, CaseStatus to, std::string_view reason, Instant at);
  Instant promise_for(CaseKind kind, CoverageStatus warranty, Instant opened) const;
  // The last second of the store's day `day`: what a day's promise means.
  Instant end_of_day(Date day) const;
  // Inside the caller's write transaction: the loaner `tag` goes out with the repair `c` (lend_loaner,
  // and a check-in that lends one, RepairDraft::lend_loaner).
  Result<Loan> lend_in_transaction(Case& c, std::string_view tag, std::string_view actor, Instant now);
  // Inside the caller's transaction: the ordered part came in (`quantity` of it).
  Result<PartArrival> receive_ordered_part(const PartOrder& order, std::int64_t quantity, std::string_view actor,
                                           Instant now);
  // Inside the caller's transaction: one row of a supplier's arrivals file; an error for a bad row.
  Result<void> record_arrival_row(const ArrivalRow& row, std::string_view actor, Instant now, ArrivalsReport& report);
  // The promise of a repair that now waits for a part expected on `expected` (`awaited`: the day of
  // a part it already waited for; `promised_before`: its promise until now): that day plus what the
  // repair had left to do; no longer paused.
  void promise_by_part(Case& c, Instant promised_before, std::optional<Date> awaited, Date expected, Instant now) const;
  void release_promise_of_order(Case& c, std::optional<Date> awaited_before, Instant now) const;

  Database& db_;
  const Config& config_;
  Clock clock_;
};

}  // namespace aftersales
