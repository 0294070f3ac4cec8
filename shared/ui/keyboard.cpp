#include "ui/keyboard.h"

#include <algorithm>
#include <vector>

#include "core/base/utf8.h"
#include "ui/widgets.h"

namespace aftersales::ui {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::vector<std::string> split_keys(std::string_view keys) {
  std::vector<std::string> out;
  for (char32_t c : decode_utf8(keys)) out.push_back(encode_utf8(std::u32string(1, c)));
  return out;
}

Rows letter_rows(Language language) {
  switch (language) {
    case Language::fr:
      return {split_keys("1234567890"), split_keys("azertyuiop"), split_keys("qsdfghjklm"), split_keys("wxcvbn'-"),
              split_keys("éèêëàâçùûôîï")};
    case Language::es:
      return {split_keys("1234567890"), split_keys("qwertyuiop"), split_keys("asdfghjklñ"), split_keys("zxcvbnm'-"),
              split_keys("áéíóúüç")};
    case Language::en: break;
  }
  return {split_keys("1234567890"), split_keys("qwertyuiop"), split_keys("asdfghjkl"), split_keys("zxcvbnm'-")};
}

Rows rows_for(KeyboardLayout layout, Language language) {
  switch (layout) {
    case KeyboardLayout::text: return letter_rows(language);
    case KeyboardLayout::email:
      return {split_keys("1234567890"), split_keys("qwertyuiop"), split_keys("asdfghjkl"), split_keys("zxcvbnm"),
              split_keys("@._-+")};
    case KeyboardLayout::numeric: return {split_keys("123"), split_keys("456"), split_keys("789"), split_keys("-0")};
    case KeyboardLayout::phone: return {split_keys("123"), split_keys("456"), split_keys("789"), split_keys("+0")};
    case KeyboardLayout::code:
      return {split_keys("1234567890"), split_keys("QWERTYUIOP"), split_keys("ASDFGHJKL"), split_keys("ZXCVBNM-")};
  }
  return {};
}

bool has_shift(KeyboardLayout layout) {
  return layout == KeyboardLayout::text || layout == KeyboardLayout::email;
}

std::string upper(const std::string& key) {
  std::u32string c = decode_utf8(key);
  for (char32_t& ch : c) {
    if ((ch >= U'a' && ch <= U'z') || (ch >= 0xE0 && ch <= 0xFE && ch != 0xF7))  // ASCII and Latin-1 lower case
      ch -= 32;
  }
  return encode_utf8(c);
}

}  // namespace

void erase_last_character(std::string& text) {
  if (text.empty()) return;
  std::size_t i = text.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;  // continuation bytes
  text.erase(i);
}

std::size_t character_count(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

namespace {

// A short screen (1366x768, large text) has no room for every row at a fingertip's height: the
// digits of a letter keyboard then move to a page of their own behind a "123" key, as on a phone.
bool digits_on_own_page(KeyboardLayout layout, const Rows& rows, float budget, float gap) {
  if (layout != KeyboardLayout::text && layout != KeyboardLayout::email) return false;
  float all_rows = static_cast<float>(rows.size() + 1);
  return all_rows * kMinTarget + (all_rows - 1) * gap > budget;
}

Rows digits_page() {
  return {split_keys("1234567890"), split_keys("@#&()/:;.,"), split_keys("?!'\"-+*=_")};
}

}  // namespace

KeyboardResult keyboard(std::string& text, KeyboardLayout layout, Language language, std::size_t max_chars, float width,
                        std::string_view ok_label) {
  static bool shift = false;
  static bool digits = false;  // the "123" page is showing
  KeyboardResult result;
  bool pad = layout == KeyboardLayout::numeric || layout == KeyboardLayout::phone;
  Rows rows = rows_for(layout, language);
  float budget = ImGui::GetIO().DisplaySize.y * 0.46f;
  bool paged = digits_on_own_page(layout, rows, budget, px(10));
  if (paged) rows = digits ? digits_page() : Rows(rows.begin() + 1, rows.end());
  std::size_t widest = 0;
  for (const auto& row : rows) widest = std::max(widest, row.size());
  if (pad && width > px(560)) {  // a number pad keeps a hand's width, centred
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (width - px(560)) / 2);
    width = px(560);
  }
  float gap = px(10);
  float key_w = (width - gap * static_cast<float>(widest - 1)) / static_cast<float>(widest);
  // At most about 46% of the screen, so the field being typed in and its question stay in view;
  // never below a fingertip's target.
  float rows_with_last = static_cast<float>(rows.size() + 1);
  float fit = (budget - gap * (rows_with_last - 1)) / rows_with_last;
  float key_h = std::max(kMinTarget, std::min({key_w, px(76), fit}));
  bool auto_shift = layout == KeyboardLayout::text && text.empty();
  bool capitals = has_shift(layout) && (shift || auto_shift) && !(paged && digits);

  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  float left = ImGui::GetCursorPosX();
  for (const auto& row : rows) {
    float row_w = static_cast<float>(row.size()) * (key_w + gap) - gap;
    ImGui::SetCursorPosX(left + (width - row_w) / 2);
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) ImGui::SameLine();
      std::string key = capitals ? upper(row[i]) : row[i];
      if (button(key, ImVec2(key_w, key_h), ButtonKind::secondary, "key " + key) && character_count(text) < max_chars) {
        text += key;
        shift = false;
        result.changed = true;
      }
    }
  }
  // The last row: (123,) shift, space, backspace, OK.
  ImGui::SetCursorPosX(left);
  float wide = (width - 3 * gap) / 4;
  if (paged) {
    wide = (width - 4 * gap) / 5;
    if (button(digits ? "abc" : "123", ImVec2(wide, key_h), ButtonKind::secondary, "key 123")) digits = !digits;
    ImGui::SameLine();
  }
  if (has_shift(layout)) {
    if (button(capitals ? "⇧ ABC" : "⇧ abc", ImVec2(wide, key_h),
               capitals ? ButtonKind::primary : ButtonKind::secondary, "key shift"))
      shift = !shift;
    ImGui::SameLine();
  }
  if (layout == KeyboardLayout::text) {
    if (button(tr(language, "Space"), ImVec2(wide, key_h), ButtonKind::secondary, "key space") &&
        character_count(text) < max_chars && !text.empty() && text.back() != ' ') {
      text += ' ';
      result.changed = true;
    }
    ImGui::SameLine();
  } else if (layout == KeyboardLayout::email) {
    if (button(".com", ImVec2(wide, key_h), ButtonKind::secondary, "key .com") &&
        character_count(text) + 4 <= max_chars) {
      text += ".com";
      result.changed = true;
    }
    ImGui::SameLine();
  }
  float rest = has_shift(layout) ? wide : (width - gap) / 2;
  if (!has_shift(layout) && layout != KeyboardLayout::text) rest = (width - gap) / 2;
  if (button("⌫", ImVec2(rest, key_h), ButtonKind::secondary, "key backspace") && !text.empty()) {
    erase_last_character(text);
    result.changed = true;
  }
  ImGui::SameLine();
  if (button(ok_label, ImVec2(rest, key_h), ButtonKind::primary, "key ok")) result.enter = true;
  ImGui::PopStyleVar();
  return result;
}

}  // namespace aftersales::ui
