#pragma once
// Tells a long-running program that data changed, as soon as the change commits (LISTEN/NOTIFY):
// - cases: every write that changes a case announces it in its own transaction
//   (announce_case_change); the back office's queue listens.
// - page_data: triggers announce any change to what a customer's status page shows (schema 19),
//   including changes replicated from another store of a chain; the status server's page cache
//   listens.
// A feed watches a connection of its own on a thread. SQLite has no such signal: there the
// program's poll (or PRAGMA data_version) is all.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

namespace aftersales {

class Database;

// Inside the writer's transaction: sent to the listeners only if it commits.
void announce_case_change(Database& db, std::int64_t case_id);

enum class FeedChannel { cases, page_data };

class ChangeFeed {
 public:
  // Listens at `location` and calls on_change (on the feed's thread) after each committed change.
  // nullptr on SQLite. A lost link is connected again every few seconds, and a change made while
  // it was down is reported once it is back (the program may have missed it), before connected()
  // says true again.
  static std::unique_ptr<ChangeFeed> listen(const std::filesystem::path& location, std::function<void()> on_change,
                                            FeedChannel channel = FeedChannel::cases);
  virtual ~ChangeFeed() = default;
  // True while the feed has a live connection (the program may then poll less often).
  virtual bool connected() const = 0;
};

}  // namespace aftersales
