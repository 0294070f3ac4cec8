#pragma once
// Machine-readable views of the domain, shared by `aftersales --json` and the status API.
#include <nlohmann/json.hpp>

#include "core/config/config.h"
#include "core/domain/case.h"
#include "core/services/return_service.h"
#include "core/services/warranty_service.h"
#include "core/storage/maintenance.h"

namespace aftersales {

nlohmann::json case_json(const Case& c, const Config& config, Instant now);
nlohmann::json event_json(const CaseEvent& e);
nlohmann::json estimate_json(const std::vector<EstimateLine>& lines);
nlohmann::json warranty_json(const WarrantyInfo& info);
nlohmann::json return_check_json(const ReturnCheckLine& line, const Config& config);
nlohmann::json health_json(const HealthReport& report);

}  // namespace aftersales
