#include "backoffice_app.h"

#include <fmt/format.h>
#include <imgui.h>
#include <unistd.h>

#include <array>

#include "core/services/case_transfer.h"
#include "queue_export.h"
#include "store_table.h"
#include "ui/hit_map.h"

namespace aftersales::backoffice {
namespace {

constexpr auto kRefreshEvery = std::chrono::seconds(2);  // kiosk cases show up within this
constexpr auto kArrivalNoticeFor = std::chrono::seconds(20);

bool is_input(const SDL_Event& e) {
  return e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_KEYDOWN || e.type == SDL_TEXTINPUT ||
         e.type == SDL_MOUSEWHEEL || e.type == SDL_MOUSEMOTION;
}

// The terminal a sign-in is counted and recorded against: this computer's host name.
std::string this_computer() {
  std::array<char, 256> name{};
  if (gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') return "this computer";
  return name.data();
}

// The field asked to take the keyboard: once it has it, it is brought up from the edge of its
// column. ImGui scrolls a newly focused field only just into view, which a field near the end of
// a long form leaves partly under the column's edge.
std::string& field_to_bring_up() {
  static std::string name;
  return name;
}

}  // namespace

void take_focus_if_asked(BackofficeApp& app, std::string_view field) {
  if (app.focus_field.empty() || app.focus_field != field) return;
  app.focus_field.clear();
  field_to_bring_up() = field;
  ImGui::SetKeyboardFocusHere();
  ImGui::SetScrollHereY(0.3f);
}

void mark_field(std::string_view name) {
  ui::mark(name);
  if (!ImGui::IsItemActive() || !ImGui::GetIO().WantTextInput) return;
  ui::hit_map().focus(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  if (field_to_bring_up() == name) {
    ImGui::SetScrollHereY(0.3f);  // after the item: it places this field, not the line before
    field_to_bring_up().clear();
  }
}

float button_width(std::string_view label) {
  return ImGui::CalcTextSize(label.data(), label.data() + label.size(), true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

void same_line_if_fits(float width) {
  float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

void mark_error() {
  ui::hit_map().error(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

BackofficeApp::BackofficeApp(const Config& cfg, std::unique_ptr<Services> services, ui::Shell& app_shell)
    : config(cfg), shell(app_shell), services_(std::move(services)), printer_(cfg.printer, [] { ui::Shell::wake(); }) {
  services_->listen_for_changes([this] {
    change_arrived_ = true;
    ui::Shell::wake();
  });
}

BackofficeApp::~BackofficeApp() {
  services_->feed.reset();  // its thread calls back into this app: stop it first
}

bool BackofficeApp::on_event(const SDL_Event& event) {
  if (is_input(event)) last_input_ = SteadyClock::now();
  return false;  // a desktop: ImGui gets the keyboard
}

std::optional<ui::Clock::time_point> BackofficeApp::next_wake() {
  if (!user_) return std::nullopt;
  if (change_arrived_) return SteadyClock::now();  // a change committed elsewhere: refresh now
  auto wake = std::min(next_refresh_, last_input_ + lock_after());
  if (arrivals_until > SteadyClock::now()) wake = std::min(wake, arrivals_until);
  return wake;
}

// Refreshes what is on screen from the database; draws only when that changed something.
bool BackofficeApp::on_timer() {
  auto now = SteadyClock::now();
  if (!user_) return false;
  if (now - last_input_ >= lock_after()) {
    end_session();
    sign_in_form.notice =
        fmt::format("Signed out after {} minutes without use. Sign in to go on.", config.backoffice.lock_after_minutes);
    return true;
  }
  bool notice_ended = !recent_arrivals.empty() && now >= arrivals_until;
  if (notice_ended) recent_arrivals.clear();
  if (now < next_refresh_ && !change_arrived_) return notice_ended;
  std::string before = case_screen ? case_fingerprint() : "";
  std::string message_before = queue_message;
  refresh_queue();
  if (case_screen && !case_screen->pending) reload_case();  // a customer's decision may have arrived
  bool case_changed = case_screen && case_fingerprint() != before;
  bool queue_changed = queue && queue->changed() && !case_screen && !dashboard;
  return notice_ended || case_changed || queue_changed || queue_message != message_before;
}

std::string BackofficeApp::case_fingerprint() const {
  if (!case_screen || !case_screen->loaded) return "none";
  const CaseScreen& s = *case_screen;
  std::string sent;
  for (const OutboxMessage& m : s.notices) sent += fmt::format("{}{}", m.attempts, m.sent_at.has_value());
  return fmt::format("{}|{}|{}|{}|{}", format_instant(s.loaded->updated_at), to_string(s.loaded->status),
                     s.events.size(), sent, s.feedback_rating.value_or(0));
}

void BackofficeApp::sign_in() {
  static const std::string terminal = this_computer();
  auto member = services_->staff.sign_in(sign_in_form.username, sign_in_form.secret, terminal);
  sign_in_form.secret.assign(sign_in_form.secret.size(), '\0');
  sign_in_form.secret.clear();
  if (!member) {
    sign_in_form.message = member.error().message;
    return;
  }
  user_ = *member;
  sign_in_form = {};
  queue.emplace(services_->cases, user_->username);
  refresh_queue();
}

void BackofficeApp::end_session() {
  sign_out_requested_ = false;
  user_.reset();
  queue.reset();
  case_screen.reset();
  dashboard.reset();
  selected_row.reset();
  recent_arrivals.clear();
}

std::chrono::minutes BackofficeApp::lock_after() const {
  return std::chrono::minutes(config.backoffice.lock_after_minutes);
}

void BackofficeApp::open_dashboard() {
  bool show_bench = dashboard && dashboard->show_bench;  // a refresh stays on the section it was on
  dashboard.emplace();
  auto figures = dashboard_figures(services_->db, config, services_->cases.now());
  if (!figures) {
    dashboard->message = figures.error().message;
    return;
  }
  dashboard->stats = std::move(figures->service);
  dashboard->chain = std::move(figures->chain);
  if (!dashboard->stats) return;
  auto bench = bench_figures(services_->db, config, services_->cases.now());
  if (!bench) {
    dashboard->bench_message = bench.error().message;
    dashboard->bench_message_is_error = true;
    return;
  }
  dashboard->bench = std::move(*bench);
  dashboard->show_bench = show_bench;
}

void BackofficeApp::export_bench(BenchReport which) {
  if (!dashboard || !dashboard->bench) return;
  auto saved = export_csv(bench_file_word(which), bench_csv(*dashboard->bench, which), config, services_->cases.now(),
                          export_directory(config));
  dashboard->bench_message_is_error = !saved;
  dashboard->bench_message = saved ? fmt::format("Saved to {}", saved->string()) : saved.error().message;
}

void BackofficeApp::export_queue() {
  if (!queue) return;
  auto saved = backoffice::export_queue(queue->rows(), config, services_->cases.now(), export_directory(config));
  queue_message_is_error = !saved;
  queue_message =
      saved ? fmt::format("Saved {} cases to {}", queue->rows().size(), saved->string()) : saved.error().message;
}

void BackofficeApp::print(std::vector<PrintDocument> documents, std::string what) {
  if (!case_screen) return;
  case_screen->printing = printer_.submit(std::move(documents));
  case_screen->printing_what = std::move(what);
}

void BackofficeApp::refresh_queue() {
  change_arrived_ = false;  // this refresh reads every change committed so far
  if (!queue) return;
  if (auto done = queue->refresh(); !done) {
    queue_message = done.error().message;
    queue_message_is_error = true;
  } else {
    if (queue_message_is_error) queue_message.clear();
    if (!queue->arrived().empty()) {
      recent_arrivals = queue->arrived();
      arrivals_until = SteadyClock::now() + kArrivalNoticeFor;
    }
  }
  next_refresh_ = SteadyClock::now() + kRefreshEvery;
}

void BackofficeApp::open_case(const std::string& code) {
  case_screen.emplace();
  case_screen->code = code;
  if (auto stores = CaseTransfers(services_->db).destinations()) case_screen->transfer_destinations = *stores;
  reload_case();
}

void BackofficeApp::reload_case() {
  if (!case_screen) return;
  auto c = services_->cases.find_by_code(case_screen->code);
  if (!c) {
    case_screen->message = c.error().message;
    case_screen->loaded.reset();
    return;
  }
  case_screen->loaded = *c;
  case_screen->code = c->code;
  if (auto events = services_->cases.events(c->id)) case_screen->events = *events;
  if (auto notices = services_->outbox.for_case(c->id)) case_screen->notices = *notices;
  if (auto lines = services_->cases.estimate(c->id)) case_screen->estimate = *lines;
  if (auto why = services_->cases.estimate_explanation(c->id)) case_screen->estimate_explanation = *why;
  if (auto rating = services_->cases.feedback_rating(c->id)) case_screen->feedback_rating = *rating;
  if (auto line = sold_line_of(services_->db, *c)) case_screen->sold_line = *line;
  case_screen->unit_history.clear();
  if (c->serial && !c->serial->empty())
    if (auto history = device_history(services_->db, *c->serial))
      case_screen->unit_history = unit_history_summary(*history, *c, config.time_zone);
  case_screen->return_holds.clear();
  if (c->kind == CaseKind::return_item)
    if (auto holds = services_->cases.return_holds(c->id)) case_screen->return_holds = return_holds_summary(*c, *holds);
  case_screen->money.reset();
  case_screen->payments.clear();
  case_screen->parts_used.clear();
  case_screen->part_orders.clear();
  if (c->kind == CaseKind::repair) {
    if (auto money = services_->cases.money(*c)) case_screen->money = *money;
    if (auto payments = services_->cases.payments(c->id)) case_screen->payments = *payments;
    PartsService parts(services_->db);
    if (auto used = parts.used_on(c->id)) case_screen->parts_used = *used;
    if (auto orders = parts.orders_for(c->id)) case_screen->part_orders = *orders;
  }
  if (auto loan = services_->cases.current_loan(c->id)) case_screen->loan = *loan;
  case_screen->free_loaners.clear();
  if (c->kind == CaseKind::repair && c->is_open() && !(case_screen->loan && case_screen->loan->open()))
    if (auto all = services_->cases.loaners())
      for (const Loaner& l : *all)
        if (l.available()) case_screen->free_loaners.push_back(l);
  CaseworkForms& forms = case_screen->forms;
  if (!forms.diagnosis_seeded) {
    forms.diagnosis = c->diagnosis;
    forms.assign_to = c->assigned_to.value_or("");
    forms.diagnosis_seeded = true;
  }
}

void BackofficeApp::draw() {
  ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("backoffice", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (!user_)
    draw_sign_in(*this);
  else if (case_screen)
    draw_case(*this);
  else if (dashboard)
    draw_dashboard(*this);
  else
    draw_queue(*this);
  ImGui::End();
  if (sign_out_requested_) {
    end_session();
    shell.redraw(2);
  }
}

}  // namespace aftersales::backoffice
