#pragma once
// A repair transferred to another store of a chain (a repair depot). At the store that has it,
// CaseService::transfer closes the case as `transferred` and, in the same transaction, writes a
// case_transfers row with everything the destination needs (the case, its events, its estimate)
// as one snapshot, so nothing depends on the order in which replication applies rows. Headquarters
// passes it on as a chain_transfers row that replicates to the destination only (schema 14); there
// the notifier opens the store's own case from it, recording in the same transaction that it did,
// so a transfer opens one case even after a crash. The customer's link keeps working: headquarters'
// status page follows a transferred case to the one that carries it on (follow_transfers).
#include <cstdint>
#include <string>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/domain/case.h"

namespace aftersales {

class CaseService;
class Database;

// A case on its way from one store to another, as the destination receives it.
struct TransferRecord {
  std::int64_t case_id = 0;  // the case that left, at from_store
  std::string from_store;
  std::string to_store;
  std::string snapshot;  // transfer_snapshot()
};

// What a transfer carries. `c` is the case as it left (its old code and token included).
struct TransferredCase {
  Case c;
  std::vector<CaseEvent> events;
  std::vector<EstimateLine> estimate;
  std::string estimate_explanation;
  std::int64_t paid_cents = 0;  // paid at the store it left (net of refunds): paid already at the next
};

std::string transfer_snapshot(const TransferredCase& t);
// Bad or incomplete text is an invalid_input error, never a crash.
Result<TransferredCase> parse_transfer_snapshot(std::string_view text);

struct AppliedTransfers {
  int applied = 0;
  int refused = 0;  // the snapshot could not be read (recorded with the reason, never tried again)
};

class CaseTransfers {
 public:
  explicit CaseTransfers(Database& db, Clock clock = system_now) : db_(db), clock_(std::move(clock)) {}

  // The stores a case may go to from here: the chain's other stores (headquarters replicates its
  // list to every store); none outside a chain.
  Result<std::vector<std::string>> destinations();
  // At a store: every transfer to it not applied yet, each in one transaction with its record.
  Result<AppliedTransfers> apply_waiting(CaseService& cases);

 private:
  void record(Database& db, std::int64_t transfer_id, std::optional<std::int64_t> case_id, std::string_view outcome);

  Database& db_;
  Clock clock_;
};

// Where a customer's case is now, following its transfers (at most kMaxTransferHops).
inline constexpr int kMaxTransferHops = 8;
struct CaseWhereabouts {
  Case current;             // the case to show
  std::string moved_to;     // the store it last moved to ("" when it never moved)
  bool in_transit = false;  // `current` left for moved_to, and the case there is not in this database (yet)
};
Result<CaseWhereabouts> follow_transfers(Database& db, Case start);

}  // namespace aftersales
