// A transfer's snapshot as the receiving store reads it (it crossed two databases and a
// replication link): whatever the text, a case or an invalid_input error, never a crash; what
// parses writes back to a snapshot that parses to the same case.
#include <cstddef>
#include <cstdint>

#include "core/services/case_transfer.h"
#include "fuzz_check.h"

using namespace aftersales;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = parse_transfer_snapshot(fuzz::as_text(data, size));
  if (!parsed) {
    FUZZ_EXPECT(parsed.error().kind == ErrorKind::invalid_input);
    return 0;
  }
  auto again = parse_transfer_snapshot(transfer_snapshot(*parsed));
  FUZZ_EXPECT(again.has_value());
  FUZZ_EXPECT(again->c.code == parsed->c.code && again->events.size() == parsed->events.size() &&
              again->estimate.size() == parsed->estimate.size());
  return 0;
}
