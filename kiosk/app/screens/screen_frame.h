#pragma once
// The frame every flow screen shares: a header with the store's name and the step indicator, one
// question in a centred column that scrolls by dragging, and a footer with Back, Cancel and the
// step's main action. Cancel asks first once something was entered.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/error.h"
#include "core/domain/case_drafts.h"

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
// The same, only when the error is about `field` (a form shows each error above its own field).
void show_error_for(KioskApp& app, const std::optional<Error>& error, std::string_view field);
// The same, unless the error is about one of the contact questions (they show their own).
void show_error_but_contact(KioskApp& app, const std::optional<Error>& error);
// The questions several flows ask: a serial number, a receipt number. True when OK or the scanner's
// Enter was pressed.
// `alternative` (another way to answer, like "I have the receipt instead") is drawn just above the
// field and kept in view with it while typing.
bool ask_serial(KioskApp& app, std::string& input, const std::optional<Error>& error,
                const std::function<void()>& alternative = {});
bool ask_receipt(KioskApp& app, std::string& input, const std::optional<Error>& error,
                 const std::function<void()>& alternative = {});
// "Tell me when my case changes?": yes or no, with what each answer means; asked above the contact
// fields so it is seen before the keyboard comes up.
void notify_question(KioskApp& app, std::optional<bool> answer, const CustomerContact& contact,
                     const std::optional<Error>& error, const std::function<void(bool)>& choose);
// Name, phone and e-mail; the keyboard's OK goes to the next field, and after the last one it goes
// down so the whole screen can be checked.
void contact_fields(KioskApp& app, CustomerContact& contact, const std::optional<Error>& error);
// After Next was refused: the keyboard goes to the field the error is about (or down, for the
// question about messages), so the shopper sees both.
void focus_contact_error(KioskApp& app, const std::optional<Error>& error);
// The contact and the answer about messages, as the review screen shows them.
void review_contact(KioskApp& app, const CustomerContact& contact, bool asked_to_notify = true);

}  // namespace aftersales::kiosk
