#pragma once
// The return controls at work (the rules in core/domain/return_controls.h): the holds a return
// gets when it is opened, and the store's blocklist, kept by its managers.
#include <cstdint>
#include <vector>

#include "core/base/calendar.h"
#include "core/base/error.h"
#include "core/config/config.h"
#include "core/domain/case_drafts.h"
#include "core/domain/return_controls.h"
#include "core/storage/catalog.h"

namespace aftersales {

class Database;

// Inside open_return's write transaction (so two kiosks count each other's returns): why this
// return of `line` must wait for a manager, if it must; an error when the serial of a serialised
// item is missing. Throws StorageError.
Result<std::vector<ReturnHold>> holds_for_return(Database& db, const Config& config, const SoldLine& line,
                                                 const ReturnDraft& draft, Instant now);

class BlocklistService {
 public:
  explicit BlocklistService(Database& db, Clock clock = system_now) : db_(db), clock_(std::move(clock)) {}

  // Added and removed by an active manager (draft.by, `by`); an entry already in force for the
  // same contact is refused (remove it first).
  Result<BlocklistEntry> add(const BlocklistDraft& draft);
  Result<std::vector<BlocklistEntry>> list();
  Result<BlocklistEntry> remove(std::int64_t id, std::string_view by);

 private:
  Database& db_;
  Clock clock_;
};

}  // namespace aftersales
