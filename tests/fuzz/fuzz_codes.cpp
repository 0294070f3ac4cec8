// Case codes, status tokens and what a scanner types at the kiosk: whatever arrives, the parsers
// answer without crashing, and what they accept is canonical (parsing it again gives itself).
#include <cstddef>
#include <cstdint>

#include "core/domain/case_code.h"
#include "core/domain/status_token.h"
#include "fuzz_check.h"
#include "scan_input.h"

using namespace aftersales;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = fuzz::as_text(data, size);
  if (auto code = parse_case_code(text)) {
    auto again = parse_case_code(*code);
    FUZZ_EXPECT(again && *again == *code);
    (void)case_code_kind(*code);
    (void)case_code_store_number(*code);
  }
  if (auto token = normalize_status_token(text)) {
    auto again = normalize_status_token(*token);
    FUZZ_EXPECT(again && *again == *token);
  }
  (void)parse_case_kind(text);
  std::string cleaned = kiosk::clean_scan(text);
  FUZZ_EXPECT(cleaned.size() <= text.size());
  if (auto link = kiosk::parse_status_link(text)) FUZZ_EXPECT(link->token.size() <= text.size());
  return 0;
}
