#pragma once
// The back office's state: the signed-in staff member, the queue, the open case. Views
// (*_view.cpp) draw it and call these services; the app keeps time (refresh, inactivity lock).
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "case_queue.h"
#include "core/case_service.h"
#include "core/config.h"
#include "core/outbox.h"
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

struct CaseScreen {
  std::string code;
  std::optional<Case> loaded;
  std::vector<CaseEvent> events;
  std::vector<OutboxMessage> notices;
  std::string note;
  bool note_visible = true;
  std::optional<PendingMove> pending;
  std::string message;  // what went wrong, or what was just done
};

class BackofficeApp {
 public:
  BackofficeApp(const Config& config, std::unique_ptr<Services> services, ui::Shell& shell);

  bool on_event(const SDL_Event& event);
  void draw();
  std::optional<ui::Clock::time_point> next_wake();

  const Config& config;
  ui::Shell& shell;
  Services& services() { return *services_; }
  const std::optional<StaffMember>& user() const { return user_; }

  SignInForm sign_in_form;
  std::optional<CaseQueue> queue;
  std::optional<CaseScreen> case_screen;
  std::string queue_message;
  std::vector<Case> recent_arrivals;
  SteadyClock::time_point arrivals_until{};

  void sign_in();
  // Takes effect after the frame: the view calling it is still drawing the queue it would free.
  void sign_out() { sign_out_requested_ = true; }
  void open_case(const std::string& code);
  void close_case() { case_screen.reset(); }
  void reload_case();
  void refresh_queue();

 private:
  std::unique_ptr<Services> services_;
  void end_session();

  std::optional<StaffMember> user_;
  bool sign_out_requested_ = false;
  SteadyClock::time_point last_input_ = SteadyClock::now();
  SteadyClock::time_point next_refresh_{};
};

void draw_sign_in(BackofficeApp& app);
void draw_queue(BackofficeApp& app);
void draw_case(BackofficeApp& app);

}  // namespace aftersales::backoffice
