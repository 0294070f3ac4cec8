#pragma once
// The return controls at work (the rules in core/domain/return_controls.h): the holds a return
// gets when it is opened, and the store's blocklist, kept by its managers.
#include <cstdint>
#include <string>
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
// A return without the customer's phone or e-mail is refused ("phone") while return_needs_contact.
Result<std::vector<ReturnHold>> holds_for_return(Database& db, const Config& config, const SoldLine& line,
                                                 const ReturnDraft& draft, Instant now);

// Whether every return needs the customer's phone number or e-mail: while the store limits returns
// per customer or keeps a blocklist entry in force, which know a customer only by those (a return
// without them would escape both). Throws StorageError.
bool return_needs_contact(Database& db, const Config& config, Instant now);

// What the shopper and the counter are told when it is missing.
inline constexpr const char* kReturnNeedsContact =
    "This store asks for a phone number or an e-mail address with every return. We use it only for this "
    "return.";

class BlocklistService {
 public:
  // phone_country: the store's ([store] country), as its returns' phones are read (holds_for_return).
  BlocklistService(Database& db, std::string phone_country, Clock clock = system_now)
      : db_(db), phone_country_(std::move(phone_country)), clock_(std::move(clock)) {}

  // Added and removed by an active manager (draft.by, `by`); an entry already in force for the
  // same contact is refused (remove it first).
  Result<BlocklistEntry> add(const BlocklistDraft& draft);
  Result<std::vector<BlocklistEntry>> list();
  Result<BlocklistEntry> remove(std::int64_t id, std::string_view by);

 private:
  Database& db_;
  std::string phone_country_;
  Clock clock_;
};

}  // namespace aftersales
