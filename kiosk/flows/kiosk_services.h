#pragma once
// The core services a kiosk flow uses, handed in by the app (and by tests, on a test database).
#include "core/case_service.h"
#include "core/config.h"
#include "core/return_policy.h"
#include "core/warranty.h"

namespace aftersales::kiosk {

struct KioskServices {
  const Config& config;
  CaseService& cases;
  WarrantyService& warranty;
  ReturnService& returns;
};

}  // namespace aftersales::kiosk
