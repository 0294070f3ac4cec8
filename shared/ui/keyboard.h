#pragma once
// The on-screen keyboard. It edits a string the app owns (never ImGui's keyboard focus), in UTF-8.
// Layouts: letters with the accents of the chosen language (AZERTY for French), e-mail, a numeric
// pad for receipt numbers, a phone pad, and capitals and digits for case codes and serial numbers.
#include <imgui.h>

#include <cstddef>
#include <string>

#include "core/base/translation.h"

namespace aftersales::ui {

enum class KeyboardLayout { text, email, numeric, phone, code };

struct KeyboardResult {
  bool changed = false;
  bool enter = false;  // the keyboard's OK key
};

// Draws the keyboard in `width` (height follows) and applies taps to `text` (at most `max_chars`
// characters). `ok_label` is the text of the OK key.
KeyboardResult keyboard(std::string& text, KeyboardLayout layout, Language language, std::size_t max_chars, float width,
                        std::string_view ok_label);

// UTF-8 helpers the keyboard and physical scanner input share.
void erase_last_character(std::string& text);
std::size_t character_count(std::string_view text);

}  // namespace aftersales::ui
