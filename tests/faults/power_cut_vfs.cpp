#include "faults/power_cut_vfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <map>
#include <new>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace aftersales::faults {

namespace {

constexpr std::int64_t kBlock = 4096;

// One file as the operating system shows it, and the blocks of it that the disk does not have yet.
struct Image {
  std::vector<unsigned char> bytes;
  std::set<std::int64_t> unsynced;
  std::int64_t disk_size = 0;

  std::int64_t size() const { return static_cast<std::int64_t>(bytes.size()); }
  const unsigned char* at(std::int64_t offset) const { return bytes.data() + offset; }
  // The part of the block that the file holds now (the last one may be short, or gone).
  std::int64_t block_length(std::int64_t block) const {
    return std::clamp<std::int64_t>(size() - block * kBlock, 0, kBlock);
  }

  void mark_unsynced(std::int64_t from, std::int64_t to) {
    for (std::int64_t block = from / kBlock; block * kBlock < to; ++block) unsynced.insert(block);
  }
  // What grows is zeros that the disk does not have either.
  void resize(std::int64_t to) {
    if (to > size()) mark_unsynced(size(), to);
    bytes.resize(static_cast<std::size_t>(to));
  }
  void write(const void* data, std::int64_t amount, std::int64_t offset) {
    if (amount <= 0) return;
    if (offset + amount > size()) resize(offset + amount);
    std::memcpy(bytes.data() + offset, data, static_cast<std::size_t>(amount));
    mark_unsynced(offset, offset + amount);
  }
};

}  // namespace

struct PowerCutState {
  sqlite3_vfs vfs{};
  sqlite3_vfs* unix_vfs = nullptr;
  PowerCut plan;
  std::int64_t operations = 0;
  bool power_off = false;
  // By path, and kept after the last close: a page cache keeps a closed file's unsynced writes.
  std::map<std::string, std::shared_ptr<Image>> images;

  // Counts a write, sync, truncate or delete: false when it must fail (the power is off, or goes now).
  bool operate() {
    if (power_off) return false;
    if (++operations != plan.at_operation) return true;
    cut();
    return false;
  }

  void cut() {
    power_off = true;
    std::mt19937_64 random(plan.seed);
    std::bernoulli_distribution reaches_disk(plan.unsynced_kept);
    for (const auto& [path, image] : images) {
      std::vector<std::int64_t> kept;
      for (std::int64_t block : image->unsynced)
        if (reaches_disk(random)) kept.push_back(block);
      write_to_disk(path, *image, kept);
    }
    images.clear();
  }

  // The file may be closed by now, so it is opened again: with the power off, the fcntl locks that
  // closing this descriptor drops no longer matter.
  static void write_to_disk(const std::string& path, const Image& image, const std::vector<std::int64_t>& blocks) {
    if (blocks.empty()) return;
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    for (std::int64_t block : blocks)
      if (std::int64_t length = image.block_length(block); length > 0)
        if (::pwrite(fd, image.at(block * kBlock), static_cast<std::size_t>(length), block * kBlock) != length) break;
    ::close(fd);
  }

  std::shared_ptr<Image> image_of(const char* path, sqlite3_file* real) {
    if (auto known = images.find(path); known != images.end()) return known->second;
    auto image = load(real);
    if (image) images.emplace(path, image);
    return image;
  }

  // The file as the disk holds it; nullptr when it cannot be read.
  static std::shared_ptr<Image> load(sqlite3_file* real) {
    auto image = std::make_shared<Image>();
    sqlite3_int64 size = 0;
    if (real->pMethods->xFileSize(real, &size) != SQLITE_OK) return nullptr;
    image->bytes.resize(static_cast<std::size_t>(size));
    if (size > 0 && real->pMethods->xRead(real, image->bytes.data(), static_cast<int>(size), 0) != SQLITE_OK)
      return nullptr;
    image->disk_size = size;
    return image;
  }
};

namespace {

// A file of ours: the unix VFS's own file (for locks, shared memory and the disk) and its image.
struct OpenFile {
  OpenFile(PowerCutState& owner, int real_size)
      : state(&owner),
        storage((static_cast<std::size_t>(real_size) + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t)) {}
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(storage.data()); }

  PowerCutState* state;
  std::vector<std::max_align_t> storage;
  std::shared_ptr<Image> image;
};

// What SQLite allocates for a file: its header, then ours.
struct ShadowFile {
  sqlite3_file base;
  OpenFile* open;
};

OpenFile& open_file(sqlite3_file* file) {
  return *reinterpret_cast<ShadowFile*>(file)->open;
}

template <auto Method, class... Args>
int forward(sqlite3_file* file, Args... args) {
  sqlite3_file* real = open_file(file).real();
  return (real->pMethods->*Method)(real, args...);
}

int shadow_close(sqlite3_file* file) {
  std::unique_ptr<OpenFile> open(reinterpret_cast<ShadowFile*>(file)->open);
  sqlite3_file* real = open->real();
  return real->pMethods->xClose(real);  // not a sync: what was not synced stays in the image
}

int shadow_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  OpenFile& open = open_file(file);
  if (open.state->power_off) return SQLITE_IOERR_READ;
  const Image& image = *open.image;
  std::int64_t available = std::clamp<std::int64_t>(image.size() - offset, 0, amount);
  auto* out = static_cast<unsigned char*>(buffer);
  if (available > 0) std::memcpy(out, image.at(offset), static_cast<std::size_t>(available));
  if (available == amount) return SQLITE_OK;
  std::memset(out + available, 0, static_cast<std::size_t>(amount - available));
  return SQLITE_IOERR_SHORT_READ;
}

int shadow_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  OpenFile& open = open_file(file);
  if (!open.state->operate()) return SQLITE_IOERR_WRITE;
  open.image->write(buffer, amount, offset);
  return SQLITE_OK;
}

int shadow_truncate(sqlite3_file* file, sqlite3_int64 size) {
  OpenFile& open = open_file(file);
  if (!open.state->operate()) return SQLITE_IOERR_TRUNCATE;
  open.image->resize(size);
  return SQLITE_OK;
}

// The disk gets the image's unsynced blocks, then its size. No fsync of the real file: it only has
// to hold what this simulated disk holds, and the machine itself never loses power.
int shadow_sync(sqlite3_file* file, int /*flags*/) {
  OpenFile& open = open_file(file);
  if (!open.state->operate()) return SQLITE_IOERR_FSYNC;
  Image& image = *open.image;
  sqlite3_file* real = open.real();
  for (std::int64_t block : image.unsynced) {
    std::int64_t length = image.block_length(block);
    if (length == 0) continue;
    int rc = real->pMethods->xWrite(real, image.at(block * kBlock), static_cast<int>(length), block * kBlock);
    if (rc != SQLITE_OK) return rc;
  }
  if (image.disk_size != image.size()) {
    if (int rc = real->pMethods->xTruncate(real, image.size()); rc != SQLITE_OK) return rc;
  }
  image.unsynced.clear();
  image.disk_size = image.size();
  return SQLITE_OK;
}

int shadow_file_size(sqlite3_file* file, sqlite3_int64* size) {
  OpenFile& open = open_file(file);
  if (open.state->power_off) return SQLITE_IOERR_FSTAT;
  *size = open.image->size();
  return SQLITE_OK;
}

int shadow_file_control(sqlite3_file* file, int op, void* argument) {
  // The unix VFS would grow the real file for a size hint, behind the image's back; a hint may be ignored.
  if (op == SQLITE_FCNTL_SIZE_HINT) return SQLITE_OK;
  return forward<&sqlite3_io_methods::xFileControl, int, void*>(file, op, argument);
}

void shadow_shm_barrier(sqlite3_file* file) {
  sqlite3_file* real = open_file(file).real();
  real->pMethods->xShmBarrier(real);
}

// Version 2: shared memory for WAL, but no xFetch, so SQLite never maps the real file and every
// read comes through the image.
const sqlite3_io_methods kShadowMethods = {
    2,
    shadow_close,
    shadow_read,
    shadow_write,
    shadow_truncate,
    shadow_sync,
    shadow_file_size,
    forward<&sqlite3_io_methods::xLock, int>,
    forward<&sqlite3_io_methods::xUnlock, int>,
    forward<&sqlite3_io_methods::xCheckReservedLock, int*>,
    shadow_file_control,
    forward<&sqlite3_io_methods::xSectorSize>,
    forward<&sqlite3_io_methods::xDeviceCharacteristics>,
    forward<&sqlite3_io_methods::xShmMap, int, int, int, void volatile**>,
    forward<&sqlite3_io_methods::xShmLock, int, int, int>,
    shadow_shm_barrier,
    forward<&sqlite3_io_methods::xShmUnmap, int>,
    nullptr,
    nullptr,
};

PowerCutState& state_of(sqlite3_vfs* vfs) {
  return *static_cast<PowerCutState*>(vfs->pAppData);
}

bool holds_data(int flags) {
  return (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL | SQLITE_OPEN_SUPER_JOURNAL)) != 0;
}

// Temporary files go straight to the unix VFS: a power cut makes them worthless anyway.
int shadow_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  PowerCutState& state = state_of(vfs);
  sqlite3_vfs* unix_vfs = state.unix_vfs;
  file->pMethods = nullptr;
  if (state.power_off) return SQLITE_CANTOPEN;
  if (name == nullptr || !holds_data(flags)) return unix_vfs->xOpen(unix_vfs, name, file, flags, out_flags);
  auto open = std::make_unique<OpenFile>(state, unix_vfs->szOsFile);
  sqlite3_file* real = open->real();
  int rc = unix_vfs->xOpen(unix_vfs, name, real, flags, out_flags);
  if (rc == SQLITE_OK) {
    open->image = state.image_of(name, real);
    if (!open->image) rc = SQLITE_IOERR_READ;
  }
  if (rc != SQLITE_OK) {
    if (real->pMethods) real->pMethods->xClose(real);
    return rc;
  }
  new (file) ShadowFile{{&kShadowMethods}, open.release()};
  return SQLITE_OK;
}

int shadow_delete(sqlite3_vfs* vfs, const char* path, int sync_directory) {
  PowerCutState& state = state_of(vfs);
  if (!state.operate()) return SQLITE_IOERR_DELETE;
  state.images.erase(path);
  return state.unix_vfs->xDelete(state.unix_vfs, path, sync_directory);
}

}  // namespace

PowerCutVfs::PowerCutVfs() : state_(std::make_unique<PowerCutState>()) {
  sqlite3_vfs* unix_vfs = sqlite3_vfs_find("unix");
  if (!unix_vfs) throw std::runtime_error("this SQLite has no unix VFS");
  state_->unix_vfs = unix_vfs;
  // The unix VFS's other methods (access, full path, randomness, time) ignore the VFS they are
  // called through, so they are taken as they are.
  sqlite3_vfs& vfs = state_->vfs;
  vfs = *unix_vfs;
  vfs.pNext = nullptr;
  vfs.zName = "power-cut";
  vfs.szOsFile = std::max(static_cast<int>(sizeof(ShadowFile)), unix_vfs->szOsFile);
  vfs.pAppData = state_.get();
  vfs.xOpen = shadow_open;
  vfs.xDelete = shadow_delete;
  if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) throw std::runtime_error("cannot register the power-cut VFS");
}

PowerCutVfs::~PowerCutVfs() {
  uninstall();
  sqlite3_vfs_unregister(&state_->vfs);
}

void PowerCutVfs::install(const PowerCut& plan) {
  state_->plan = plan;
  state_->operations = 0;
  state_->power_off = false;
  state_->images.clear();
  sqlite3_vfs_register(&state_->vfs, 1);
}

void PowerCutVfs::uninstall() {
  sqlite3_vfs_register(state_->unix_vfs, 1);
  state_->images.clear();
}

bool PowerCutVfs::power_is_off() const {
  return state_->power_off;
}

std::int64_t PowerCutVfs::operations() const {
  return state_->operations;
}

}  // namespace aftersales::faults
