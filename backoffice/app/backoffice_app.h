#pragma once
// The back office's state: the signed-in staff member, the queue, the open case. Views
// (*_view.cpp) draw it and call these services; the app keeps time (refresh, inactivity lock).
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench_model.h"
#include "case_presenter.h"
#include "case_queue.h"
#include "core/config/config.h"
#include "core/notify/outbox.h"
#include "core/printing/print_queue.h"
#include "core/services/case_service.h"
#include "core/services/parts_service.h"
#include "core/services/service_stats.h"
#include "core/services/staff.h"
#include "core/services/stats_by_store.h"
#include "core/storage/change_feed.h"
#include "core/storage/database.h"
#include "ui/shell.h"

namespace aftersales::backoffice {

using SteadyClock = std::chrono::steady_clock;

struct Services {
  Services(Database opened, const Config& config) : db(std::move(opened)), cases(db, config), staff(db), outbox(db) {}
  // PostgreSQL tells the queue of a change the moment it commits; the timer's poll stays as a fallback.
  void listen_for_changes(std::function<void()> on_change) {
    feed = ChangeFeed::listen(db.path(), std::move(on_change));
  }
  Database db;
  CaseService cases;
  StaffService staff;
  Outbox outbox;
  std::unique_ptr<ChangeFeed> feed;  // last: it stops (and stops calling back) first
};

struct SignInForm {
  std::string username;
  std::string secret;
  std::string message;  // why signing in failed
  std::string notice;   // why the screen is here (locked after a while without use)
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
// Money taken or given back at the counter (money_view.cpp).
struct MoneyForm {
  bool open = false;  // the form shows once the counter asks for it
  int kind = 1;       // index into deposit, payment, refund
  int method = 0;     // index into card, cash, bank transfer, other
  std::string amount;
  std::string note;
};

// A repair's parts (parts_view.cpp): one to take from stock, one to order, an order being cancelled.
struct PartsForm {
  std::string use_sku;
  int use_quantity = 1;
  PartOrderDraft order;
  std::string cancelling;  // the reference of the order whose reason is being typed
  std::string cancel_reason;
};

struct CaseworkForms {
  std::string assign_to;
  std::string diagnosis;
  bool diagnosis_seeded = false;
  std::vector<EstimateLineForm> estimate{EstimateLineForm{}};
  std::string estimate_why;      // the line for the customer, sent with the estimate (explain_estimate)
  int inspected_condition = -1;  // index into sealed, opened, damaged
  std::string inspection_notes;
  int decision = -1;  // index into refund, exchange, store credit, reject
  std::string decision_reason;
  std::string transfer_to;  // a store of the chain
  std::string transfer_note;
  std::string replacement_serial;  // the new unit's, when a unit is swapped under warranty
  std::string loaner_tag;          // the loaner to lend (loaner_view.cpp)
  std::string loaner_condition;    // as it came back
  std::string loaner_waiver;       // a manager's reason to let the repair go without it
  MoneyForm money;
  PartsForm parts;
};

struct CaseScreen {
  std::string code;
  std::optional<Case> loaded;
  std::vector<CaseEvent> events;
  std::vector<OutboxMessage> notices;
  std::vector<EstimateLine> estimate;
  std::string estimate_explanation;  // as saved: what the customer reads with the estimate
  std::optional<int> feedback_rating;
  std::optional<SoldLine> sold_line;  // the receipt line a return (or a repair) came from
  std::string unit_history;           // the unit's other cases and swaps (unit_history_summary)
  std::string return_holds;           // why a return waits for a manager (return_holds_summary)
  std::optional<CaseMoney> money;     // a repair's: what it charges and what was paid
  std::vector<Payment> payments;
  std::vector<UsedPart> parts_used;  // a repair's, with what was put back
  std::vector<PartOrder> part_orders;
  std::optional<Loan> loan;          // a loaner still out with the repair
  std::vector<Loaner> free_loaners;  // the store's loaners on the shelf, for an open repair without one
  // The chain's other stores, where a repair may be transferred; empty outside a chain.
  std::vector<std::string> transfer_destinations;
  NoteForm note;
  bool focus_note = false;
  // A case opens at its top (customer, notice, status buttons), not where the last one was scrolled.
  bool scroll_to_top = true;
  std::optional<PendingMove> pending;
  CaseworkForms forms;
  std::shared_ptr<const PrintStatus> printing;
  std::string printing_what;
  std::string message;  // what went wrong, or what was just done
  bool message_is_error = false;
  // The form the message is about ("estimate"): it is shown there, by the button that was pressed,
  // not at the top of a column scrolled away. Empty: the line above the status buttons.
  std::string message_about;
  void say(std::string text, bool error = false, std::string about = {}) {
    message = std::move(text);
    message_is_error = error;
    message_about = std::move(about);
  }
};

struct DashboardScreen {
  std::optional<ServiceStats> stats;  // a store, or a single PC
  std::optional<StatsByStore> chain;  // at a chain's headquarters: every store side by side
  std::string message;
  // A store's bench (technicians, time per status, parts), shown instead of the service's figures.
  std::optional<BenchFigures> bench;
  bool show_bench = false;
  std::string bench_message;  // where an export went, or why it did not
  bool bench_message_is_error = false;
};

class BackofficeApp {
 public:
  BackofficeApp(const Config& config, std::unique_ptr<Services> services, ui::Shell& shell);
  ~BackofficeApp();
  BackofficeApp(const BackofficeApp&) = delete;
  BackofficeApp& operator=(const BackofficeApp&) = delete;

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
  // A text field to put the keyboard in on the next frame, by its target name ("note", "search").
  std::string focus_field;

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
  void export_bench(BenchReport which);
  // Prints on the worker; the case screen shows "Printing", then done or why not.
  void print(std::vector<PrintDocument> documents, std::string what);

 private:
  friend class Gallery;  // gallery.cpp sets the app up on each view
  std::unique_ptr<Services> services_;
  PrintQueue printer_;
  void end_session();
  std::chrono::minutes lock_after() const;
  std::string case_fingerprint() const;

  std::optional<StaffMember> user_;
  bool sign_out_requested_ = false;
  SteadyClock::time_point last_input_ = SteadyClock::now();
  SteadyClock::time_point next_refresh_{};
  std::atomic<bool> change_arrived_{false};  // set by the change feed's thread
};

// Before a text field: it takes the keyboard (and scrolls into view) when app.focus_field names it.
void take_focus_if_asked(BackofficeApp& app, std::string_view field);
// After an ImGui item: marks it as a target (ui/hit_map.h), and as the field being typed in while
// it has the keyboard.
void mark_field(std::string_view name);
// A button's width for its label, and before an item that wide: on the line of the last one when
// it fits there, else on a line of its own (a narrow column wraps its buttons, never clips them).
float button_width(std::string_view label);
void same_line_if_fits(float width);
// After a message drawn in the danger colour: the map knows where an error is shown.
void mark_error();

// The estimate's lines as typed, or the first line that cannot be read (its number and what to fix).
Result<std::vector<EstimateLine>> read_estimate(const std::vector<EstimateLineForm>& rows);

void draw_sign_in(BackofficeApp& app);
// The case's message line, marked as `target` for the hit map (a form's own message has its own name).
void draw_case_message(const CaseScreen& screen, std::string_view target = "case message");
void draw_queue(BackofficeApp& app);
void draw_case(BackofficeApp& app);
void draw_casework(BackofficeApp& app, CaseScreen& screen, const Case& c);
// A form's heading, in bold, with a little space above.
void form_section(const char* title);
// A repair's loaner: lend one, take it back, or (a manager) let the repair go without it.
void draw_loaner(BackofficeApp& app, CaseScreen& screen, const Case& c);
// A repair's parts used and on order; taking, ordering, receiving and cancelling only when `may_work`.
void draw_parts(BackofficeApp& app, CaseScreen& screen, const Case& c, bool may_work);
// A repair's money; the form to record some only when `may_take`.
void draw_money(BackofficeApp& app, CaseScreen& screen, const Case& c, bool may_take);
void draw_dashboard(BackofficeApp& app);
void draw_bench(BackofficeApp& app, const BenchFigures& bench);

}  // namespace aftersales::backoffice
