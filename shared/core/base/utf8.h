#pragma once
// Decoding UTF-8 into code points; invalid bytes become U+FFFD, so bad text never stops a print.
#include <string>
#include <string_view>
#include <vector>

namespace aftersales {

std::u32string decode_utf8(std::string_view text);
std::string encode_utf8(std::u32string_view text);
// Text a person sent (a web form): valid UTF-8 with invalid bytes as U+FFFD, without NUL and other
// control characters (line breaks and tabs stay).
std::string clean_person_text(std::string_view text);

// Greedy word wrap to at most `width` code points a line; words longer than a line are split.
std::vector<std::u32string> wrap_code_points(std::u32string_view text, std::size_t width);

}  // namespace aftersales
