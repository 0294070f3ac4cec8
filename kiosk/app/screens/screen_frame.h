#pragma once
// The frame every flow screen shares: a header with the store's name and the step indicator, one
// question in a centred column that scrolls by dragging, and a footer with Back, Cancel and the
// step's main action. Cancel asks first once something was entered.
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace aftersales::kiosk {

class KioskApp;

enum class FooterAction { none, back, next };

struct Footer {
  bool back = true;
  std::string_view next_label;  // empty: no main action on this step
  bool confirm_cancel = true;   // ask before wiping what was entered
};

void begin_flow_screen(KioskApp& app, std::string_view name, int step, int total);
FooterAction end_flow_screen(KioskApp& app, const Footer& footer);
// For screens without steps (Home, receipt): a plain full window.
void begin_plain_screen(KioskApp& app, std::string_view name);
void end_plain_screen();
float column_width();

// What went wrong, in the shopper's language, shown and (with spoken help) said.
void show_error(KioskApp& app, const std::optional<Error>& error);
// The questions several flows ask: a serial number, a receipt number. True when OK or the scanner's
// Enter was pressed.
bool ask_serial(KioskApp& app, std::string& input, const std::optional<Error>& error);
bool ask_receipt(KioskApp& app, std::string& input, const std::optional<Error>& error);

}  // namespace aftersales::kiosk
