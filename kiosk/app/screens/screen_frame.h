#pragma once
// The frame every flow screen shares: a header with the store's name and the step indicator, one
// question in a centred column that scrolls by dragging, and a footer with Back, Cancel and the
// step's main action. Cancel asks first once something was entered.
#include <string_view>

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

}  // namespace aftersales::kiosk
