#pragma once
// A SQLite VFS for the power-cut test (tests/faults/power_cut_test.cpp). It wraps the unix VFS and
// plays the operating system's page cache for databases, WAL files and journals: what SQLite
// writes to one of them is kept in memory, where reads see it, and reaches the real file (which
// stands for the disk) only when SQLite syncs that file. Closing a file does not sync it.
//
// Cutting the power at the Nth write, sync, truncate or delete fails that call, throws away what
// no sync reached, or lets a random share of it through in 4 KiB blocks (a disk writes its cache
// in any order), and fails every read, write, sync and open after it. Creating and deleting files
// count as done at once: only contents wait for a sync.
#include <cstdint>
#include <memory>

namespace aftersales::faults {

struct PowerCut {
  std::int64_t at_operation = 0;  // the Nth write, sync, truncate or delete cuts the power; 0: never
  double unsynced_kept = 0;       // the share of unsynced 4 KiB blocks that reach the disk anyway, 0 to 1
  std::uint64_t seed = 0;         // chooses those blocks
};

struct PowerCutState;

// One at a time, for one thread: it registers itself with SQLite under the name "power-cut".
class PowerCutVfs {
 public:
  PowerCutVfs();
  ~PowerCutVfs();
  PowerCutVfs(const PowerCutVfs&) = delete;
  PowerCutVfs& operator=(const PowerCutVfs&) = delete;

  // SQLite's default VFS from now on, with the power on and no operation counted.
  void install(const PowerCut& plan);
  // The unix VFS is the default again, and what no sync reached is gone (as after the cut).
  void uninstall();
  bool power_is_off() const;
  std::int64_t operations() const;  // writes, syncs, truncates and deletes since install()

 private:
  std::unique_ptr<PowerCutState> state_;
};

}  // namespace aftersales::faults
