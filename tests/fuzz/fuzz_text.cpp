// Text from people and outside systems: UTF-8 decoding, the receipt printer's code page, names
// and notes cleaned for keeping, wrapping for the receipt. Invalid bytes become U+FFFD, never
// stray bytes; what comes out for keeping is valid UTF-8 without control characters.
#include <cstddef>
#include <cstdint>

#include "core/base/utf8.h"
#include "core/printing/escpos.h"
#include "fuzz_check.h"

using namespace aftersales;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto text = fuzz::as_text(data, size);
  std::u32string decoded = decode_utf8(text);
  for (char32_t cp : decoded) FUZZ_EXPECT(cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF));
  std::string encoded = encode_utf8(decoded);
  FUZZ_EXPECT(fuzz::valid_utf8(encoded));
  if (fuzz::valid_utf8(text)) FUZZ_EXPECT(encoded == text);

  std::string kept = clean_person_text(text);
  FUZZ_EXPECT(fuzz::valid_utf8(kept));
  for (char c : kept) FUZZ_EXPECT((static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') && c != 0x7F);

  std::string printed = encode_pc858(text);
  for (char c : printed) FUZZ_EXPECT(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F);

  for (std::size_t width : {1u, 7u, 48u})
    for (const auto& line : wrap_code_points(decoded, width)) FUZZ_EXPECT(line.size() <= width);
  return 0;
}
