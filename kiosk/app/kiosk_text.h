#pragma once
// The kiosk's words for what the core reports: errors, the return policy's answer and coverage, in
// the shopper's language. Storage and device trouble always gets the same calm message.
#include <string>

#include "core/base/error.h"
#include "core/base/translation.h"
#include "core/domain/return_policy.h"
#include "core/domain/warranty.h"

namespace aftersales::kiosk {

std::string error_text(const Error& error, Language lang);
std::string decision_text(const ReturnDecision& decision, Language lang);
std::string refusal_text(const ReturnDecision& decision, Language lang);  // why a line can't come back
std::string reason_label(ReturnReason reason, Language lang);
std::string condition_label(ItemCondition condition, Language lang);
std::string condition_hint(ItemCondition condition, Language lang);
std::string coverage_text(CoverageStatus status, Language lang);
std::string days_text(int days, Language lang);

}  // namespace aftersales::kiosk
