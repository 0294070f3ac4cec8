#pragma once
// Tells a long-running program (the back office) that cases changed, as soon as the change commits:
// every write that changes a case announces it in its own transaction (announce_case_change), and
// PostgreSQL delivers the announcement at commit to each listener (LISTEN/NOTIFY). A feed watches
// a connection of its own on a thread. SQLite has no such signal: there the program's poll is all.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

namespace aftersales {

class Database;

// Inside the writer's transaction: sent to the listeners only if it commits.
void announce_case_change(Database& db, std::int64_t case_id);

class ChangeFeed {
 public:
  // Listens at `location` and calls on_change (on the feed's thread) after each committed change.
  // nullptr on SQLite. A lost link is connected again every few seconds, and a change made while
  // it was down is reported once it is back (the program may have missed it).
  static std::unique_ptr<ChangeFeed> listen(const std::filesystem::path& location, std::function<void()> on_change);
  virtual ~ChangeFeed() = default;
  // True while the feed has a live connection (the program may then poll less often).
  virtual bool connected() const = 0;
};

}  // namespace aftersales
