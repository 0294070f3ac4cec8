// The configuration file (TOML): any text is either a config or an error message, never a crash;
// a config that parses has the values the programs rely on.
#include <cstddef>
#include <cstdint>

#include "core/config/config.h"
#include "fuzz_check.h"

using namespace aftersales;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto config = parse_config(fuzz::as_text(data, size), "fuzz.toml");
  if (!config) {
    FUZZ_EXPECT(!config.error().message.empty());
    return 0;
  }
  FUZZ_EXPECT(config->store.currency.size() == 3);
  (void)config->status_url("ABCDEFGHJKMNPQRSTVWXYZ0123");
  return 0;
}
