#pragma once
// The back office's state: the signed-in staff member, the queue, the open case. Views
// (*_view.cpp) draw it and call these services; the app keeps time (refresh, inactivity lock).
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "case_presenter.h"
#include "case_queue.h"
#include "core/case_service.h"
#include "core/config.h"
#include "core/outbox.h"
#include "core/print_queue.h"
#include "core/service_stats.h"
#include "core/sqlite.h"
#include "core/staff.h"
#include "ui/shell.h"

namespace aftersales::backoffice {

using SteadyClock = std::chrono::steady_clock;

struct Services {
  Services(Database opened, const Config& config)
      : db(std::move(opened)), cases(db, config), staff(db), outbox(db) {}
  Database db;
  CaseService cases;
  StaffService staff;
  Outbox outbox;
};

struct SignInForm {
  std::string username;
  std::string secret;
  std::string message;
};

// A status change waiting for the user to confirm (final moves) or give a reason (cancel, reject).
struct PendingMove {
  CaseStatus to = CaseStatus::completed;
  std::string reason;
};

struct EstimateLineForm {
  int kind = 0;  // 0 part, 1 labour
  std::string description;
  int quantity = 1;
  std::string price;  // as typed: "12.50"
};

// What the user is typing into the case's forms; kept while the case reloads every two seconds.
struct CaseworkForms {
  std::string assign_to;
  std::string diagnosis;
  bool diagnosis_seeded = false;
  std::vector<EstimateLineForm> estimate{EstimateLineForm{}};
  int inspected_condition = -1;  // index into sealed, opened, damaged
  std::string inspection_notes;
  int decision = -1;  // index into refund, exchange, store credit, reject
  std::string decision_reason;
};

struct CaseScreen {
  std::string code;
  std::optional<Case> loaded;
  std::vector<CaseEvent> events;
  std::vector<OutboxMessage> notices;
  std::vector<EstimateLine> estimate;
  std::optional<int> feedback_rating;
  std::optional<SoldLine> sold_line;  // the receipt line a return (or a repair) came from
  NoteForm note;
  bool focus_note = false;
  std::optional<PendingMove> pending;
  CaseworkForms forms;
  std::shared_ptr<const PrintStatus> printing;
  std::string printing_what;
  std::string message;  // what went wrong, or what was just done
  bool message_is_error = false;
  void say(std::string text, bool error = false) {
    message = std::move(text);
    message_is_error = error;
  }
};

struct DashboardScreen {
  std::optional<ServiceStats> stats;
  std::string message;
};

class BackofficeApp {
 public:
  BackofficeApp(const Config& config, std::unique_ptr<Services> services, ui::Shell& shell);

  bool on_event(const SDL_Event& event);
  void draw();
  std::optional<ui::Clock::time_point> next_wake();
  bool on_timer();

  const Config& config;
  ui::Shell& shell;
  Services& services() { return *services_; }
  const std::optional<StaffMember>& user() const { return user_; }

  SignInForm sign_in_form;
  std::optional<CaseQueue> queue;
  std::optional<CaseScreen> case_screen;
  std::optional<DashboardScreen> dashboard;
  std::optional<std::size_t> selected_row;  // moved with the arrow keys, opened with Enter
  bool focus_search = false;
  std::string queue_message;
  bool queue_message_is_error = false;
  std::vector<Case> recent_arrivals;
  SteadyClock::time_point arrivals_until{};

  void sign_in();
  // Takes effect after the frame: the view calling it is still drawing the queue it would free.
  void sign_out() { sign_out_requested_ = true; }
  void open_case(const std::string& code);
  void close_case() { case_screen.reset(); }
  void reload_case();
  void refresh_queue();
  void open_dashboard();
  void close_dashboard() { dashboard.reset(); }
  void export_queue();
  // Prints on the worker; the case screen shows "Printing", then done or why not.
  void print(std::vector<PrintDocument> documents, std::string what);

 private:
  std::unique_ptr<Services> services_;
  PrintQueue printer_;
  void end_session();
  std::chrono::minutes lock_after() const;
  std::string case_fingerprint() const;

  std::optional<StaffMember> user_;
  bool sign_out_requested_ = false;
  SteadyClock::time_point last_input_ = SteadyClock::now();
  SteadyClock::time_point next_refresh_{};
};

void draw_sign_in(BackofficeApp& app);
void draw_queue(BackofficeApp& app);
void draw_case(BackofficeApp& app);
void draw_casework(BackofficeApp& app, CaseScreen& screen, const Case& c);
void draw_dashboard(BackofficeApp& app);

}  // namespace aftersales::backoffice
