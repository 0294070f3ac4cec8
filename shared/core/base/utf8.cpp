#include "core/base/utf8.h"

namespace aftersales {

std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    int length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
    char32_t cp = length == 1 ? byte : length == 2 ? byte & 0x1F : length == 3 ? byte & 0x0F : byte & 0x07;
    bool valid = length > 0 && i + static_cast<std::size_t>(length) <= text.size();
    for (int k = 1; valid && k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((next & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (next & 0x3F);
    }
    // An overlong form (C0 BC for '<', C0 80 for NUL) is refused: a later consumer that escapes
    // '<' or stops at NUL would never see them coming.
    constexpr char32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
    bool overlong = valid && cp < kShortest[length];
    if (!valid || overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(length);
  }
  return out;
}

std::string encode_utf8(std::u32string_view text) {
  std::string out;
  for (char32_t cp : text) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

std::vector<std::u32string> wrap_code_points(std::u32string_view text, std::size_t width) {
  std::vector<std::u32string> lines;
  if (width == 0) width = 1;
  std::u32string line;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == U'\n') {
      lines.push_back(std::move(line));
      line.clear();
      ++pos;
      continue;
    }
    if (text[pos] == U' ') {
      ++pos;
      continue;
    }
    std::size_t end = text.find_first_of(U" \n", pos);
    if (end == std::u32string_view::npos) end = text.size();
    std::u32string_view word = text.substr(pos, end - pos);
    pos = end;
    while (!word.empty()) {
      std::size_t room = line.empty() ? width : (line.size() + 1 < width ? width - line.size() - 1 : 0);
      if (word.size() <= room) {
        if (!line.empty()) line.push_back(U' ');
        line += word;
        word = {};
      } else if (!line.empty()) {
        lines.push_back(std::move(line));
        line.clear();
      } else {
        line = word.substr(0, width);  // a word longer than the line: split it
        word.remove_prefix(width);
        lines.push_back(std::move(line));
        line.clear();
      }
    }
  }
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

std::string clean_person_text(std::string_view text) {
  std::u32string points = decode_utf8(text);
  std::erase_if(points, [](char32_t c) { return (c < 0x20 && c != U'\n' && c != U'\t') || c == 0x7F; });
  return encode_utf8(points);
}

}  // namespace aftersales
