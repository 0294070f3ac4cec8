#pragma once
// The database and the core services on it, opened together. The kiosk runs without them too (it
// shows "not available, ask at the counter" and tries again), so they live behind one pointer.
#include <filesystem>
#include <memory>

#include "core/config/config.h"
#include "core/services/case_service.h"
#include "core/services/return_service.h"
#include "core/services/warranty_service.h"
#include "core/storage/database.h"
#include "flows/kiosk_services.h"

namespace aftersales::kiosk {

struct KioskBackend {
  KioskBackend(Database opened, const Config& config)
      : db(std::move(opened)),
        cases(db, config),
        warranty(db, config),
        returns(db, config),
        services{config, cases, warranty, returns} {}
  KioskBackend(const KioskBackend&) = delete;
  KioskBackend& operator=(const KioskBackend&) = delete;

  static Result<std::unique_ptr<KioskBackend>> open(const std::filesystem::path& path, const Config& config) {
    auto db = Database::open(path, OpenMode::read_write);
    if (!db) return std::unexpected(db.error());
    return std::make_unique<KioskBackend>(std::move(*db), config);
  }

  Database db;
  CaseService cases;
  WarrantyService warranty;
  ReturnService returns;
  KioskServices services;
};

}  // namespace aftersales::kiosk
