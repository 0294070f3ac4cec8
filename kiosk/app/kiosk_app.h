#pragma once
// The kiosk app's state and the services its screens use. Screens (screens/*.cpp) are functions of
// this state: they draw it and call the flows; the app routes input, keeps time and moves between
// screens. Everything a shopper entered lives in `session` and is wiped when they leave.
#include <SDL.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/base/translation.h"
#include "core/config/config.h"
#include "core/printing/print_queue.h"
#include "flows/inactivity.h"
#include "flows/lookup_flows.h"
#include "flows/repair_flow.h"
#include "flows/return_flow.h"
#include "flows/session.h"
#include "flows/staff_unlock.h"
#include "kiosk_backend.h"
#include "receipt_handout.h"
#include "speech.h"
#include "ui/keyboard.h"
#include "ui/shell.h"
#include "ui/texture.h"

namespace aftersales::kiosk {

enum class Screen { home, return_item, repair, warranty, track, receipt, unavailable };

// The receipt screen of a case just opened: its QR on screen, how the receipt leaves (printed, or
// sent: receipt_handout.h) and how the printing is going.
struct ReceiptScreenState {
  // A print job of this screen (a repair's label; the receipt) and how it is going.
  struct Print {
    std::vector<PrintDocument> documents;  // what "Try printing again" prints again, if this failed
    std::shared_ptr<const PrintStatus> status;
    bool failure_logged = false;
  };
  Case opened;
  std::string status_url;
  ui::Texture qr;
  std::optional<ReceiptHandout> handout;
  std::vector<Print> prints;
  std::string send_error;  // why "no paper" did not work, in the shopper's words

  // All jobs printed; any failed; else printing (also before any job).
  PrintState print_state() const;
};

// What the staff pad shows: closing it forgets all of this, but not the wrong PINs and the lock,
// which StaffUnlock keeps (in the database) across the pad, Cancel and restarts.
struct StaffExit {
  bool open = false;      // the PIN pad is showing
  bool unlocked = false;  // the PIN was right: the staff menu is showing
  std::string pin;
  std::string message;
  std::optional<std::chrono::steady_clock::time_point> corner_pressed_at;
};

class KioskApp {
 public:
  KioskApp(const Config& config, std::filesystem::path database, ui::Shell& shell);
  ~KioskApp();

  bool on_event(const SDL_Event& event);  // true: handled here, not for ImGui
  void draw();
  std::optional<ui::Clock::time_point> next_wake();

  // What screens use.
  const Config& config;
  Language language;
  Session session;
  std::optional<ReceiptScreenState> receipt;  // the case just opened, on the receipt screen
  Screen screen = Screen::home;
  bool high_contrast = false;
  bool cancel_asked = false;  // "Cancel and clear what you entered?" is showing
  Speech speech;

  KioskServices* services() { return backend_ ? &backend_->services : nullptr; }
  // Moving between screens happens after the frame is drawn, so a screen never outlives its flow.
  void go_home();  // wipes the session
  void start(Screen flow, std::string carried_input = {});
  void show_receipt(const Case& opened);
  void print_on_receipt_screen(std::vector<PrintDocument> documents);
  void reprint();  // the receipt screen's jobs that failed
  // Done on the receipt screen: a shopper who chose nothing takes the receipt on paper.
  void leave_receipt_screen();
  void set_language(Language l);
  void set_high_contrast(bool on);

  // Text boxes: the focused one gets the on-screen keyboard and what a scanner types. `id` names it
  // for tests and the gallery (English, stable); `label` is what the shopper reads. The focused
  // field (with its label, and the error above it) is kept in view above the keyboard.
  bool field(int index, std::string_view id, std::string_view label, std::string& value, ui::KeyboardLayout layout,
             std::size_t max_chars, std::string_view placeholder, int lines = 1);
  void focus(int index);
  static constexpr int kNoFocus = -1;  // the keyboard is down: the whole screen can be seen
  int focused() const { return focus_; }
  // The error banner drawn this frame, so the focused field can be scrolled into view with it.
  void error_shown(ImVec2 min, ImVec2 max);
  // A question that belongs with the fields under it (consent above the contact fields): kept in
  // view with the focused field when both fit.
  void keep_together(ImVec2 min, ImVec2 max) { together_rect_ = std::pair(min, max); }
  // Whether that question is wholly in the flow's scroll region now (call from inside it).
  bool together_in_view() const;
  // True once per screen, in the first frame in which its layout (keyboard, scroll) has come to
  // rest, unless the shopper already chose a field: the moment to decide whether the keyboard stays.
  bool settled_on_arrival() {
    if (arrival_decided_ || frames_on_screen_ < kScrollFrames || scroll_frames_ > 0) return false;
    arrival_decided_ = true;
    return true;
  }
  // The text of the error showing: a new one is brought into view.
  void note_error(std::string_view text);
  // With no field focused, a new error message is scrolled into view (call at the end of the content).
  void keep_error_in_view();
  // True once after a new screen began (its content starts scrolled to the top).
  bool take_new_screen() { return std::exchange(new_screen_, false); }
  // The flow screen's scroll region changed size: bring the focused field back into view.
  void content_resized() { scroll_frames_ = kScrollFrames; }
  // The content's height in the last frame, so the keyboard can sit right under a short form.
  float content_height() const { return content_height_; }
  void set_content_height(float h) { content_height_ = h; }
  // Asks for the on-screen keyboard under the content (for the focused field), with `ok_label` on
  // its OK key; true when OK or the scanner's Enter was pressed since the last frame.
  bool keyboard(std::string_view ok_label);
  // The frame draws the keyboard pinned above the footer; its height is kept for the next frame's layout.
  void draw_pinned_keyboard();
  float keyboard_height() const { return keyboard_height_; }
  bool take_enter();  // Enter from the scanner or a physical keyboard, since the last frame
  // Called by each screen with its name and step so focus and speech follow the screen.
  void screen_key(std::string_view key);
  void say(std::string_view text) { speech.prompt(text, language); }

  ui::Shell& shell;

 private:
  friend class Gallery;  // sets up each screen directly (gallery.cpp)
  void open_backend();
  void draw_inactivity_warning();
  void draw_staff_exit();
  void draw_cancel_question();
  void wipe();

  std::filesystem::path database_;
  std::unique_ptr<KioskBackend> backend_;
  std::string backend_error_;
  std::chrono::steady_clock::time_point next_backend_try_{};
  std::unique_ptr<PrintQueue> printer_;
  InactivityTimer inactivity_;
  StaffExit staff_;
  StaffUnlock staff_unlock_;  // after backend_: it keeps a pointer to backend_->db
  void keep_in_view(ImVec2 min, ImVec2 max);
  int lines_that_fit() const;
  static constexpr int kScrollFrames = 3;  // layout settles a frame late: keep the field in view that long

  int focus_ = 0;
  int scroll_frames_ = kScrollFrames;  // frames left in which the focused field is brought into view
  std::optional<std::pair<ImVec2, ImVec2>> error_rect_;
  std::optional<std::pair<ImVec2, ImVec2>> together_rect_;
  int frames_on_screen_ = 0;
  bool arrival_decided_ = false;
  bool field_drawn_ = false;  // the focused field was drawn this frame
  bool new_screen_ = true;
  std::string last_error_;
  float content_height_ = 0;
  std::string* focused_text_ = nullptr;
  std::size_t focused_max_ = 0;
  ui::KeyboardLayout focused_layout_ = ui::KeyboardLayout::text;
  bool enter_pressed_ = false;
  std::string keyboard_ok_;
  bool keyboard_wanted_ = false;
  float keyboard_height_ = 0;
  std::string screen_key_;
  std::vector<std::function<void()>> after_frame_;
};

}  // namespace aftersales::kiosk
