#include "kiosk_app.h"

#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

#include "core/printing/receipt.h"
#include "flows/scan_input.h"
#include "kiosk_text.h"
#include "screens/screens.h"
#include "ui/fonts.h"
#include "ui/hit_map.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace aftersales::kiosk {
namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr auto kCornerHold = std::chrono::seconds(3);
constexpr auto kBackendRetry = std::chrono::seconds(10);

constexpr ImGuiWindowFlags kFullWindow = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;

bool is_input(const SDL_Event& e) {
  return e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP || e.type == SDL_FINGERDOWN ||
         e.type == SDL_MOUSEMOTION || e.type == SDL_FINGERMOTION || e.type == SDL_KEYDOWN || e.type == SDL_TEXTINPUT ||
         e.type == SDL_MOUSEWHEEL;
}

// Each overlay card's content height in the last frame: the card fits its content (in every
// language and text size), centred, and scrolls only when the screen is too short for it.
std::map<std::string, float>& overlay_heights() {
  static std::map<std::string, float> heights;
  return heights;
}

// Dims what is behind and takes every tap: a modal card in the middle of the screen.
void begin_overlay(const char* id, float width, float first_height_share) {
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0, 0, 0, 0.6f));
  ImGui::Begin(id, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  ui::hit_map().overlay();
  width = std::min(width, io.DisplaySize.x - ui::px(40));
  auto known = overlay_heights().find(id);
  float height = known != overlay_heights().end() ? known->second : io.DisplaySize.y * first_height_share;
  height = std::min(height, io.DisplaySize.y - ui::px(40));
  ImGui::SetCursorPos(ImVec2((io.DisplaySize.x - width) / 2, (io.DisplaySize.y - height) / 2));
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(ui::palette().surface));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::px(40), ui::px(32)));
  ImGui::BeginChild("card", ImVec2(width, height), true, ImGuiWindowFlags_AlwaysUseWindowPadding);
  ui::scroll_by_drag();
}

void end_overlay(const char* id) {
  float content = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y - ImGui::GetStyle().ItemSpacing.y;
  float& known = overlay_heights()[id];
  if (known != content) {
    known = content;
    ui::hit_map().unsettled();
  }
  ui::hit_map().leave_scroll();
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  ImGui::End();
}

}  // namespace

KioskApp::KioskApp(const Config& cfg, std::filesystem::path database, ui::Shell& app_shell)
    : config(cfg),
      language(parse_language(cfg.kiosk.default_language).value_or(Language::en)),
      shell(app_shell),
      database_(std::move(database)),
      inactivity_(std::chrono::seconds(cfg.kiosk.idle_seconds), std::chrono::seconds(cfg.kiosk.warning_seconds)),
      staff_unlock_(cfg.kiosk.staff_pin_hash) {
  printer_ = std::make_unique<PrintQueue>(config.printer, [] { ui::Shell::wake(); });
  inactivity_.touched(SteadyClock::now());
  ui::apply_theme(ui::Contrast::standard, 1.0f);
  open_backend();
}

KioskApp::~KioskApp() {
  wipe();
}

void KioskApp::open_backend() {
  auto opened = KioskBackend::open(database_, config);
  if (opened) {
    backend_ = std::move(*opened);
    staff_unlock_.attach(&backend_->db);
    backend_error_.clear();
    if (screen == Screen::unavailable) screen = Screen::home;
    return;
  }
  if (backend_error_ != opened.error().message)
    std::fprintf(stderr, "aftersales-kiosk: database unavailable: %s\n", opened.error().message.c_str());
  backend_error_ = opened.error().message;
  screen = Screen::unavailable;
  next_backend_try_ = SteadyClock::now() + kBackendRetry;
}

void KioskApp::wipe() {
  kiosk::wipe(session);
  // The kiosk left alone before a choice prints nothing: the receipt would wait in the tray, its
  // QR opening the case, for whoever comes next. The case is saved; the counter can reprint it.
  if (receipt && receipt->handout && receipt->handout->choice() == ReceiptHandout::Choice::undecided)
    std::fprintf(stderr, "aftersales-kiosk: %s: the shopper left without choosing; the receipt was not printed\n",
                 receipt->opened.code.c_str());
  receipt.reset();  // the case is saved; its code and QR leave the screen with the shopper
  focused_text_ = nullptr;
  focus(0);
  cancel_asked = false;
}

void KioskApp::go_home() {
  after_frame_.push_back([this] {
    wipe();
    screen = backend_ ? Screen::home : Screen::unavailable;
  });
}

void KioskApp::start(Screen flow, std::string carried_input) {
  after_frame_.push_back([this, flow, carried = std::move(carried_input)] {
    KioskServices* s = services();
    if (!s) return;
    wipe();
    switch (flow) {
      case Screen::return_item: session.returning.emplace(*s); break;
      case Screen::repair:
        session.repair.emplace(*s);
        if (!carried.empty()) {
          session.repair->serial_input = carried;
          session.repair->submit_serial();
        }
        break;
      case Screen::warranty: session.warranty.emplace(*s); break;
      case Screen::track:
        session.track.emplace(*s);
        if (!carried.empty()) {
          session.track->input = carried;
          session.track->submit(language);
        }
        break;
      default: break;
    }
    screen = flow;
  });
}

void KioskApp::show_receipt(const Case& opened) {
  after_frame_.push_back([this, opened] {
    ReceiptScreenState state;
    state.opened = opened;
    state.status_url = qr_status_url(config, opened.token);
    if (auto qr = encode_qr(state.status_url)) state.qr = shell.texture(qr_image(*qr, 1));
    wipe();  // the flow and what was typed go; the case is saved, the receipt screen shows it
    if (KioskServices* s = services()) state.handout.emplace(*s, opened, language);
    receipt.emplace(std::move(state));
    screen = Screen::receipt;
    print_on_receipt_screen(receipt->handout ? receipt->handout->arrival_prints()
                                             : opening_prints(opened, config, language, system_now()));
  });
}

void KioskApp::print_on_receipt_screen(std::vector<PrintDocument> documents) {
  if (!receipt || documents.empty()) return;
  auto status = printer_->submit(documents);
  receipt->prints.push_back({std::move(documents), std::move(status)});
}

void KioskApp::reprint() {
  if (!receipt) return;
  for (ReceiptScreenState::Print& print : receipt->prints) {
    if (print.status->state() != PrintState::failed) continue;
    print.status = printer_->submit(print.documents);
    print.failure_logged = false;
  }
}

void KioskApp::leave_receipt_screen() {
  if (receipt && receipt->handout) print_on_receipt_screen(receipt->handout->choose_paper());
  go_home();
}

PrintState ReceiptScreenState::print_state() const {
  bool printing = prints.empty();
  for (const Print& print : prints) {
    PrintState state = print.status->state();
    if (state == PrintState::failed) return PrintState::failed;
    printing = printing || state == PrintState::printing;
  }
  return printing ? PrintState::printing : PrintState::printed;
}

void KioskApp::set_language(Language l) {
  language = l;
}

void KioskApp::set_high_contrast(bool on) {
  high_contrast = on;
  ui::apply_theme(on ? ui::Contrast::high : ui::Contrast::standard, ui::scale());
  shell.set_font_scale(static_cast<float>(config.kiosk.text_scale) * (on ? 1.25f : 1.0f));
}

void KioskApp::screen_key(std::string_view key) {
  if (key == screen_key_) return;
  screen_key_ = key;
  new_screen_ = true;
  frames_on_screen_ = 0;
  content_height_ = 0;  // the last screen's height says nothing about this one
  focus(0);
  arrival_decided_ = false;
}

void KioskApp::focus(int index) {
  arrival_decided_ = true;  // a field chosen (by a tap, OK or an error) is never taken away
  focus_ = index;
  scroll_frames_ = kScrollFrames;
}

void KioskApp::error_shown(ImVec2 min, ImVec2 max) {
  error_rect_ = std::pair(min, max);
}

void KioskApp::note_error(std::string_view text) {
  if (text == last_error_) return;
  last_error_ = text;
  scroll_frames_ = kScrollFrames;
}

bool KioskApp::together_in_view() const {
  if (!together_rect_) return true;
  float top = ImGui::GetWindowPos().y, bottom = top + ImGui::GetWindowHeight();
  return together_rect_->first.y >= top - 1 && together_rect_->second.y <= bottom + 1;
}

void KioskApp::keep_error_in_view() {
  if (!field_drawn_ && error_rect_ && scroll_frames_ > 0) keep_in_view(error_rect_->first, error_rect_->second);
}

// Scrolls the flow's content as little as needed to show [min, max], and the error above it when
// both fit: the shopper sees what they type and what was wrong without dragging.
void KioskApp::keep_in_view(ImVec2 min, ImVec2 max) {
  // What is seen: the window's clip rectangle, which leaves out its border and padding.
  float top = ImGui::GetWindowDrawList()->GetClipRectMin().y, bottom = ImGui::GetWindowDrawList()->GetClipRectMax().y;
  float margin = std::min(ui::px(8), std::max(0.0f, (bottom - top - (max.y - min.y)) / 2));
  float want_top = min.y - margin, want_bottom = max.y + margin;
  // What belongs above the field comes along when there is room: first the error about it, then
  // the question it answers (consent above the contact form).
  // On a short screen, a few pixels too many go under the top edge, from the error's border (as
  // layout_check's slack allows), rather than hiding the error: the field stays whole.
  constexpr float kUnderTheEdge = 3;
  for (const auto& above : {error_rect_, together_rect_}) {
    if (!above || above->second.y > min.y) continue;
    float span = max.y - std::min(want_top, above->first.y);
    if (span > bottom - top + kUnderTheEdge) continue;
    float m = std::min(margin, (bottom - top - span) / 2);
    want_top = std::min(want_top, std::max(above->first.y - m, max.y - (bottom - top)));
  }
  float delta = 0;
  if (want_top < top)
    delta = want_top - top;
  else if (want_bottom > bottom)
    delta = std::min(want_bottom - bottom, want_top - top);
  if (delta != 0) ImGui::SetScrollY(ImGui::GetScrollY() + delta);
}

// How many lines a wrapping field can have and still be seen whole with its label and the error
// above it, in the flow's scroll region.
int KioskApp::lines_that_fit() const {
  const ui::Fonts& f = ui::fonts();
  float line = f.body->FontSize * 1.15f;
  float error = error_rect_ ? error_rect_->second.y - error_rect_->first.y : 0;
  float fixed =
      f.bold->FontSize + ImGui::GetStyle().ItemSpacing.y * 3 + std::max(ui::kMinTarget, ui::px(80)) + ui::px(16);
  return 1 + static_cast<int>((ImGui::GetWindowHeight() - error - fixed) / line);
}

bool KioskApp::field(int index, std::string_view id, std::string_view label, std::string& value,
                     ui::KeyboardLayout layout, std::size_t max_chars, std::string_view placeholder, int lines) {
  bool focused = index == focus_;
  if (lines > 1) lines = std::max(1, std::min(lines, lines_that_fit()));
  ImGui::BeginGroup();
  bool tapped = ui::text_box(label, value, focused, placeholder, 0, id, lines);
  ImGui::EndGroup();
  if (tapped && !focused) focus(index);
  if (!focused) return false;
  field_drawn_ = true;
  ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ui::hit_map().focus(id, min, max);
  if (scroll_frames_ > 0) keep_in_view(min, max);
  focused_text_ = &value;
  focused_max_ = max_chars;
  focused_layout_ = layout;
  return true;
}

bool KioskApp::keyboard(std::string_view ok_label) {
  keyboard_wanted_ = true;
  keyboard_ok_ = ok_label;
  return take_enter();
}

void KioskApp::draw_pinned_keyboard() {
  float before = ImGui::GetCursorPosY();
  if (keyboard_wanted_ && focused_text_) {
    float width = std::min(ImGui::GetContentRegionAvail().x, ui::px(1500));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - width) / 2);
    ImGui::BeginGroup();
    auto result = ui::keyboard(*focused_text_, focused_layout_, language, focused_max_, width, keyboard_ok_);
    ImGui::EndGroup();
    ui::hit_map().keyboard(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (result.enter) enter_pressed_ = true;
    if (result.changed) scroll_frames_ = kScrollFrames;  // typing brings a field dragged away back
  }
  float height = ImGui::GetCursorPosY() - before;
  if (height != keyboard_height_) {
    shell.redraw(3);  // ImGui decides on scroll bars from the frame before
    ui::hit_map().unsettled();
  }
  keyboard_height_ = height;
  keyboard_wanted_ = false;
}

bool KioskApp::take_enter() {
  return std::exchange(enter_pressed_, false);
}

bool KioskApp::on_event(const SDL_Event& event) {
  auto now = SteadyClock::now();
  bool warning = inactivity_.phase(now) == InactivityTimer::Phase::warning && screen != Screen::home;
  if (is_input(event) && !warning) inactivity_.touched(now);

  if (event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_MOUSEBUTTONUP || event.type == SDL_MOUSEMOTION) {
    bool down =
        event.type == SDL_MOUSEBUTTONDOWN || (event.type == SDL_MOUSEMOTION && (event.motion.state & SDL_BUTTON_LMASK));
    int x = event.type == SDL_MOUSEMOTION ? event.motion.x : event.button.x;
    int y = event.type == SDL_MOUSEMOTION ? event.motion.y : event.button.y;
    float corner = std::max(96.0f, ui::px(110));
    bool in_corner = static_cast<float>(x) < corner && static_cast<float>(y) < corner;
    if (down && in_corner && event.type == SDL_MOUSEBUTTONDOWN) staff_.corner_pressed_at = now;
    if (!down || !in_corner) staff_.corner_pressed_at.reset();
    return false;
  }
  // Keys come from the barcode scanner (it types like a keyboard) or a service keyboard. None of them
  // reach ImGui: there is no keyboard navigation and no shortcut out of the kiosk.
  if (event.type == SDL_TEXTINPUT) {
    std::string* target = focused_text_ ? focused_text_ : &session.scan_buffer;
    std::size_t limit = focused_text_ ? focused_max_ : 512;
    std::string_view typed = event.text.text;
    if (ui::character_count(*target) + ui::character_count(typed) <= limit) *target += typed;
    if (focused_text_) scroll_frames_ = kScrollFrames;
    if (warning) inactivity_.touched(now);
    return true;
  }
  if (event.type == SDL_KEYDOWN) {
    SDL_Keycode key = event.key.keysym.sym;
    if (key == SDLK_RETURN || key == SDLK_KP_ENTER || key == SDLK_TAB) {
      if (screen == Screen::home && !session.scan_buffer.empty()) {
        std::string scanned = clean_scan(session.scan_buffer);
        scrub(session.scan_buffer);
        start(Screen::track, scanned);  // a receipt's QR (or a case code) scanned at Home: show that case
      } else {
        enter_pressed_ = true;
      }
    } else if (key == SDLK_BACKSPACE && focused_text_) {
      ui::erase_last_character(*focused_text_);
    }
    return true;
  }
  return event.type == SDL_KEYUP || event.type == SDL_TEXTEDITING;
}

std::optional<ui::Clock::time_point> KioskApp::next_wake() {
  auto now = SteadyClock::now();
  std::optional<ui::Clock::time_point> wake;
  auto sooner = [&](ui::Clock::time_point t) {
    if (!wake || t < *wake) wake = t;
  };
  bool pristine = screen == Screen::home && !high_contrast && !speech.enabled() &&
                  language == parse_language(config.kiosk.default_language).value_or(Language::en);
  if (!pristine) sooner(inactivity_.next_wake(now));
  if (staff_.corner_pressed_at) sooner(*staff_.corner_pressed_at + kCornerHold);
  if (!backend_) sooner(next_backend_try_);
  // The locked pad counts down every second.
  if (staff_.open && !staff_.unlocked && staff_unlock_.set_up() && staff_unlock_.locked_for())
    sooner(now + std::chrono::seconds(1));
  return wake;
}

void KioskApp::draw() {
  auto now = SteadyClock::now();
  focused_text_ = nullptr;
  error_rect_.reset();
  together_rect_.reset();
  field_drawn_ = false;
  ++frames_on_screen_;
  if (scroll_frames_ > 0) {
    --scroll_frames_;
    shell.redraw(1);
  }
  if (!backend_ && now >= next_backend_try_) open_backend();

  // Nobody there: back Home, everything wiped, and the next shopper gets the kiosk as it started.
  if (inactivity_.phase(now) == InactivityTimer::Phase::expired && !staff_.open) {
    if (screen != Screen::home && screen != Screen::unavailable) {
      wipe();
      screen = Screen::home;
    }
    Language start_language = parse_language(config.kiosk.default_language).value_or(Language::en);
    if (language != start_language) set_language(start_language);
    if (high_contrast) set_high_contrast(false);
    if (speech.enabled()) speech.set_enabled(false);
  }
  if (staff_.corner_pressed_at && now - *staff_.corner_pressed_at >= kCornerHold) {
    staff_.corner_pressed_at.reset();
    staff_ = StaffExit{};
    staff_.open = true;
  }

  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("kiosk", nullptr, kFullWindow);
  switch (screen) {
    case Screen::home: draw_home(*this); break;
    case Screen::return_item: draw_return(*this); break;
    case Screen::repair: draw_repair(*this); break;
    case Screen::warranty: draw_warranty(*this); break;
    case Screen::track: draw_track(*this); break;
    case Screen::receipt: draw_receipt(*this); break;
    case Screen::unavailable: draw_unavailable(*this); break;
  }
  ImGui::End();

  if (cancel_asked) draw_cancel_question();
  if (inactivity_.phase(now) == InactivityTimer::Phase::warning && screen != Screen::home && !staff_.open)
    draw_inactivity_warning();
  if (staff_.open) draw_staff_exit();

  auto pending = std::move(after_frame_);
  after_frame_.clear();
  for (auto& step : pending) step();
  if (!pending.empty()) shell.redraw(2);
}

void KioskApp::draw_cancel_question() {
  Language lang = language;
  begin_overlay("cancel", ui::px(1100), 0.45f);
  ui::hit_map().screen("cancel_question");
  ui::heading(tr(lang, "Cancel and clear everything you entered?"));
  ui::paragraph(tr(lang, "Nothing has been saved yet."));
  ImGui::Dummy(ImVec2(1, ui::px(30)));
  float w = (ImGui::GetContentRegionAvail().x - ui::px(20)) / 2;
  if (ui::button(tr(lang, "No, keep going"), ImVec2(w, ui::px(100)), ui::ButtonKind::secondary, "Keep going"))
    cancel_asked = false;
  ImGui::SameLine();
  if (ui::button(tr(lang, "Yes, cancel"), ImVec2(w, ui::px(100)), ui::ButtonKind::danger, "Yes, cancel")) go_home();
  end_overlay("cancel");
}

void KioskApp::draw_inactivity_warning() {
  Language lang = language;
  auto now = SteadyClock::now();
  begin_overlay("still_there", ui::px(1100), 0.6f);
  ui::hit_map().screen("still_there");
  ui::heading(tr(lang, "Are you still there?"));
  int left = inactivity_.seconds_left(now);
  say(tr(lang, "Are you still there? Touch the screen to continue."));
  ImGui::PushFont(ui::fonts().huge);
  ui::center_next(ImGui::CalcTextSize("00").x);
  ImGui::Text("%d", left);
  ImGui::PopFont();
  ui::paragraph(tr(lang,
                   "To keep your details private, the kiosk will go back to the start and clear what you "
                   "entered."));
  ImGui::Dummy(ImVec2(1, ui::px(24)));
  bool here = ui::button(tr(lang, "I'm still here"), ImVec2(0, ui::px(110)), ui::ButtonKind::primary, "Still here");
  // A tap anywhere on the card counts too.
  if (here || (ImGui::IsWindowHovered() && ImGui::IsMouseReleased(ImGuiMouseButton_Left))) inactivity_.touched(now);
  end_overlay("still_there");
}

void KioskApp::draw_staff_exit() {
  Language lang = language;
  // The PIN pad and the menu are cards of their own heights.
  const char* card = staff_.unlocked ? "staff_menu" : "staff_pin";
  begin_overlay(card, ui::px(1000), 0.86f);
  ui::hit_map().screen(card);
  if (staff_.unlocked) {
    ui::heading("Staff menu");
    ui::label_value("Version", AFTERSALES_VERSION);
    ui::label_value("Database", database_.string());
    ui::label_value("Printer", config.printer.connection);
    ui::label_value("Config", config.source.empty() ? std::string("built-in defaults") : config.source.string());
    if (!backend_error_.empty()) ui::label_value("Database problem", backend_error_);
    ImGui::Dummy(ImVec2(1, ui::px(20)));
    if (ui::button("Print a test receipt", ImVec2(0, ui::px(90)), ui::ButtonKind::secondary) && services()) {
      // The newest case's receipt again: shows the printer works end to end.
      CaseFilter filter;
      filter.limit = 1;
      if (auto cases = services()->cases.list(filter); cases && !cases->empty()) {
        printer_->submit(opening_prints(cases->front(), config, language, services()->cases.now()));
        staff_.message = "Sent to " + config.printer.connection;
      } else {
        staff_.message = "There is no case to print yet.";
      }
    }
    if (!staff_.message.empty()) ui::muted(staff_.message);
    if (ui::button("Exit the kiosk", ImVec2(0, ui::px(90)), ui::ButtonKind::danger)) shell.quit();
    if (ui::button("Back to the kiosk", ImVec2(0, ui::px(90)), ui::ButtonKind::primary)) staff_ = StaffExit{};
    end_overlay(card);
    return;
  }
  ui::heading("Staff PIN");
  if (config.kiosk.staff_pin_hash.empty()) {
    ui::paragraph(
        "No staff PIN is set up. Run `aftersales kiosk-pin` and put its line under [kiosk] in the "
        "config file.");
    if (ui::button(tr(lang, "Back"), ImVec2(0, ui::px(90)), ui::ButtonKind::primary, "Close")) staff_ = StaffExit{};
    end_overlay(card);
    return;
  }
  std::string lock = staff_unlock_.lock_message();
  bool locked = !lock.empty();
  std::string shown(staff_.pin.size(), '*');
  ui::text_box("", shown, true, "PIN", 0, "pin");
  if (locked)
    ui::error_banner(lock);
  else if (!staff_.message.empty())
    ui::error_banner(staff_.message);
  auto result = ui::keyboard(staff_.pin, ui::KeyboardLayout::numeric, lang, StaffUnlock::kMaxPinDigits,
                             ImGui::GetContentRegionAvail().x, "OK");
  if (result.enter && !locked) {
    StaffUnlock::Answer answer = staff_unlock_.try_pin(staff_.pin);
    staff_.unlocked = answer.outcome == StaffUnlock::Outcome::opened;
    // While locked the pad shows the lock's own countdown; once it ends, no stale "try again in".
    staff_.message = answer.outcome == StaffUnlock::Outcome::locked ? std::string() : answer.message;
    scrub(staff_.pin);
  }
  if (ui::button(tr(lang, "Cancel"), ImVec2(0, ui::px(90)), ui::ButtonKind::quiet, "Close PIN")) staff_ = StaffExit{};
  end_overlay(card);
}

}  // namespace aftersales::kiosk
