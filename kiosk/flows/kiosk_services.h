#pragma once
// The core services a kiosk flow uses, handed in by the app (and by tests, on a test database).
#include "core/config/config.h"
#include "core/services/case_service.h"
#include "core/services/return_service.h"
#include "core/services/warranty_service.h"

namespace aftersales::kiosk {

struct KioskServices {
  const Config& config;
  CaseService& cases;
  WarrantyService& warranty;
  ReturnService& returns;
};

}  // namespace aftersales::kiosk
