#pragma once
// The words for a status's clock (status_clock.h), for staff: the queue's flag on a case past its
// status's limit, or abandoned at the counter.
#include <cstdint>
#include <string>

#include "core/domain/status_clock.h"

namespace aftersales {

std::string days_text(std::int64_t days);  // "1 day", "4 days"
// "Waiting 4 days for approval (limit 3)", "Abandoned: 95 days ready"; empty when not flagged.
std::string status_clock_flag(const StatusClock& clock);

}  // namespace aftersales
