#include "gallery.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "core/services/case_service.h"
#include "core/services/demo_data.h"
#include "core/storage/database.h"
#include "kiosk_app.h"
#include "ui/gallery_shot.h"
#include "ui/hit_map.h"

namespace aftersales::kiosk {

// What the gallery needs from the demo store: a receipt with a phone on it, a serial under warranty.
struct GalleryData {
  std::string receipt;
  std::string serial;
  std::string case_code;
};

// Sets the app up on one screen; the gallery then shows it with each of its fields focused.
struct Scene {
  std::string name;
  std::vector<std::string> fields;  // empty: the screen has no text field
  int first_field = 0;              // the index the first of `fields` has on its screen
  std::function<void(KioskApp&)> setup;
  bool as_arrived = false;  // shown with the focus the screen gives itself on arrival
};

class Gallery {
 public:
  Gallery(KioskApp& app, ui::Shell& shell, const GalleryOptions& options, GalleryData data)
      : app_(app), shell_(shell), options_(options), data_(std::move(data)) {
    hooks_.draw = [this] { app_.draw(); };
  }

  int run();

 private:
  std::vector<Scene> scenes();
  void frames(int n, bool draw_last = false);
  void shoot(const Scene& scene, int field, std::string_view lang);
  void fresh(Screen flow);
  RepairFlow& repair() { return *app_.session.repair; }
  ReturnFlow& returning() { return *app_.session.returning; }
  void repair_to(RepairFlow::Step step);
  void return_to(ReturnFlow::Step step);
  // A repair checked in and its receipt screen open; then the prints of the choice made, done.
  void open_repair_receipt();
  void wait_for_printing();

  KioskApp& app_;
  ui::Shell& shell_;
  const GalleryOptions& options_;
  GalleryData data_;
  ui::ShellHooks hooks_;
  bool keep_touching_ = true;  // off for the "Are you still there?" screen
  int problems_ = 0;
  int shots_ = 0;
  std::chrono::steady_clock::duration drawing_{}, saving_{};
};

namespace {

const char* kName = "María-José Castellanos Núñez";
const char* kPhone = "+34 612 345 678";
const char* kEmail = "maria.jose.castellanos@correo-ejemplo.es";
const char* kProblem =
    "It switches itself off after ten minutes, even on the charger. The screen flickers before it goes dark. "
    "It started after the last update, two weeks ago. Sometimes it gets very warm near the camera.";

// The long name with accents, a phone and an e-mail, and yes to messages.
template <typename Flow>
void fill_contact(Flow& f) {
  f.contact.name = kName;
  f.contact.phone = kPhone;
  f.contact.email = kEmail;
  f.answer_notify(true);
}

std::string one_value(Database& db, const char* sql) {
  auto q = db.prepare(sql);
  return q.step() ? q.get_text(0) : std::string();
}

}  // namespace

// `n` frames of layout; only the last is drawn, when it is the one to be saved.
void Gallery::frames(int n, bool draw_last) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    if (keep_touching_) app_.inactivity_.touched(std::chrono::steady_clock::now());
    shell_.draw_once(hooks_, draw_last && i == n - 1);
  }
  drawing_ += std::chrono::steady_clock::now() - start;
}

void Gallery::fresh(Screen flow) {
  app_.screen = Screen::home;
  app_.cancel_asked = false;
  app_.staff_ = StaffExit{};
  app_.start(flow);
  frames(1);
}

void Gallery::open_repair_receipt() {
  repair_to(RepairFlow::Step::signature);
  repair().signature.add_point(100, 500);
  repair().signature.add_point(600, 520);
  repair().confirm();
  if (repair().opened()) app_.show_receipt(*repair().opened());
  frames(1);
}

void Gallery::wait_for_printing() {
  for (int i = 0;
       i < 100 && app_.receipt && !app_.receipt->prints.empty() && app_.receipt->print_state() == PrintState::printing;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

void Gallery::repair_to(RepairFlow::Step step) {
  using Step = RepairFlow::Step;
  fresh(Screen::repair);
  RepairFlow& f = repair();
  if (step == Step::identify) return;
  f.serial_input = data_.serial;
  f.submit_serial();
  if (step == Step::coverage) return;
  f.accept_coverage(true);
  if (step == Step::problem) return;
  f.choose_problem("Does not turn on");
  f.problem_text = kProblem;
  if (step == Step::describe) return;
  f.submit_problem();
  f.accessories_left = {"Charger", "Case"};
  f.visible_condition = {"Scratches", "Cracked screen"};
  if (step == Step::accessories) return;
  f.submit_accessories();
  fill_contact(f);
  if (step == Step::contact) return;
  f.submit_contact();
  if (step == Step::loaner) return;
  if (f.step() == Step::loaner) f.answer_loaner(true);
  if (step == Step::review) return;
  f.accept_review();
}

void Gallery::return_to(ReturnFlow::Step step) {
  using Step = ReturnFlow::Step;
  fresh(Screen::return_item);
  ReturnFlow& f = returning();
  f.receipt_input = data_.receipt;
  if (step == Step::receipt) return;
  f.submit_receipt();
  app_.session.return_line = 0;
  if (step == Step::item) return;
  f.choose_item(0, 1);
  if (step == Step::serial) return;
  if (f.step() == Step::serial) {  // an item sold with a serial: the one brought back is the one sold
    f.serial_input = f.lines().front().line.serial.value_or("");
    f.submit_serial();
  }
  if (step == Step::reason) return;
  f.choose_reason(ReturnReason::changed_mind);
  if (step == Step::condition) return;
  f.choose_condition(ItemCondition::opened);
  if (step == Step::answer) return;
  f.accept_answer();
  fill_contact(f);
  if (step == Step::contact) return;
  f.submit_contact();
}

std::vector<Scene> Gallery::scenes() {
  using RStep = RepairFlow::Step;
  using TStep = ReturnFlow::Step;
  std::vector<std::string> contact = {"Name", "Phone", "E-mail"};
  return {
      {"home",
       {},
       0,
       [this](KioskApp&) {
         app_.go_home();
         frames(1);
       }},
      {"repair-serial",
       {"Serial number"},
       0,
       [this](KioskApp&) {
         repair_to(RStep::identify);
         repair().serial_input = "5CD1234XY2";
       }},
      {"repair-serial-error",
       {"Serial number"},
       0,
       [this](KioskApp&) {
         repair_to(RStep::identify);
         repair().submit_serial();
       }},
      {"repair-receipt",
       {"Receipt number"},
       0,
       [this](KioskApp&) {
         repair_to(RStep::identify);
         repair().set_by_receipt(true);
       }},
      {"repair-pick-line",
       {},
       0,
       [this](KioskApp&) {
         repair_to(RStep::identify);
         repair().receipt_input = data_.receipt;
         repair().submit_receipt();
       }},
      {"repair-unknown-serial",
       {},
       0,
       [this](KioskApp&) {
         repair_to(RStep::identify);
         repair().serial_input = "5CD1234XY2";
         repair().submit_serial();
       }},
      {"repair-coverage", {}, 0, [this](KioskApp&) { repair_to(RStep::coverage); }},
      {"repair-not-ours",
       {"Product"},
       0,
       [this](KioskApp&) {
         repair_to(RStep::identify);
         repair().serial_input = "5CD1234XY2";
         repair().submit_serial();
         repair().serial_is_right();
         repair().product_description = "Hausmann Küchenmaschine Pro 1200, grau";
       }},
      {"repair-not-ours-fee-error",
       {},
       0,
       [this](KioskApp&) {
         repair_to(RStep::identify);
         repair().serial_input = "5CD1234XY2";
         repair().submit_serial();
         repair().serial_is_right();
         repair().product_description = "Hausmann Küchenmaschine Pro 1200, grau";
         repair().accept_coverage(false);
       }},
      {"repair-problem", {}, 0, [this](KioskApp&) { repair_to(RStep::problem); }},
      {"repair-describe", {"Describe it"}, 0, [this](KioskApp&) { repair_to(RStep::describe); }},
      {"repair-describe-error",
       {"Describe it"},
       0,
       [this](KioskApp&) {
         repair_to(RStep::describe);
         repair().problem_text = "no";
         repair().submit_problem();
       }},
      {"repair-accessories-error",
       {},
       0,
       [this](KioskApp&) {
         repair_to(RStep::accessories);
         repair().visible_condition = {"No visible damage", "Scratches"};
         repair().submit_accessories();
       }},
      {"repair-contact", contact, 0, [this](KioskApp&) { repair_to(RStep::contact); }},
      // After a refused Next the keyboard goes to the field the error is about, as the app does.
      {"repair-contact-error",
       {"E-mail"},
       2,
       [this](KioskApp&) {
         repair_to(RStep::contact);
         repair().contact.email = "maria.jose@correo";
         repair().submit_contact();
       }},
      // As a shopper arrives from the checklist: the keyboard was down on the screen before.
      {"repair-contact-arriving",
       {},
       0,
       [this](KioskApp&) {
         repair_to(RStep::accessories);
         frames(3);
         repair().submit_accessories();
         repair().contact = {};
         repair().notify_answer.reset();
       },
       true},
      {"repair-contact-unanswered",
       {},
       0,
       [this](KioskApp&) {
         repair_to(RStep::contact);
         repair().notify_answer.reset();
         repair().submit_contact();
       }},
      // The store offers loaners at the kiosk and one is free (run_gallery's config and demo store).
      {"repair-loaner", {}, 0, [this](KioskApp&) { repair_to(RStep::loaner); }},
      {"repair-review", {}, 0, [this](KioskApp&) { repair_to(RStep::review); }},
      {"repair-signature-error",
       {},
       0,
       [this](KioskApp&) {
         repair_to(RStep::signature);
         repair().confirm();
       }},
      // The server went away as the shopper signed: the second try asks for the counter.
      {"repair-save-failed",
       {},
       0,
       [this](KioskApp&) {
         repair_to(RStep::signature);
         repair().signature.add_point(100, 500);
         repair().signature.add_point(600, 520);
         Database& db = app_.backend_->db;
         db.exec("CREATE TEMP TRIGGER refuse_case BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'gone'); END");
         repair().confirm();
         repair().confirm();
         db.exec("DROP TRIGGER refuse_case");
       }},
      // The store sends receipts on request (run_gallery's config): the shopper chooses first.
      {"receipt-choice", {}, 0, [this](KioskApp&) { open_repair_receipt(); }},
      {"receipt",
       {},
       0,
       [this](KioskApp&) {
         open_repair_receipt();
         if (app_.receipt && app_.receipt->handout) app_.print_on_receipt_screen(app_.receipt->handout->choose_paper());
         wait_for_printing();
       }},
      {"receipt-sent",
       {},
       0,
       [this](KioskApp&) {
         open_repair_receipt();
         if (app_.receipt && app_.receipt->handout) (void)app_.receipt->handout->choose_sent({"email", "sms"});
         wait_for_printing();
       }},
      {"return-receipt", {"Receipt number"}, 0, [this](KioskApp&) { return_to(TStep::receipt); }},
      {"return-item", {}, 0, [this](KioskApp&) { return_to(TStep::item); }},
      {"return-reason", {}, 0, [this](KioskApp&) { return_to(TStep::reason); }},
      {"return-condition", {}, 0, [this](KioskApp&) { return_to(TStep::condition); }},
      {"return-answer", {}, 0, [this](KioskApp&) { return_to(TStep::answer); }},
      {"return-contact", contact, 0, [this](KioskApp&) { return_to(TStep::contact); }},
      {"return-review", {}, 0, [this](KioskApp&) { return_to(TStep::review); }},
      // A store with return controls (here a blocklist entry in force while the step opens): the
      // contact cannot be skipped (no Skip), and Next with none given is answered by the phone field.
      {"return-contact-required",
       {"Phone"},
       1,
       [this](KioskApp&) {
         Database& db = app_.backend_->db;
         db.exec(
             "INSERT INTO return_blocklist (phone, email, reason, added_by, added_at) "
             "VALUES ('10000000000', '', 'gallery', 'gallery', '2026-01-01T00:00:00Z')");
         return_to(TStep::contact);
         db.exec("DELETE FROM return_blocklist WHERE reason = 'gallery'");
         returning().contact = {};
         returning().notify_answer.reset();
         returning().submit_contact();
       }},
      {"warranty-serial",
       {"Serial number"},
       0,
       [this](KioskApp&) {
         fresh(Screen::warranty);
         app_.session.warranty->serial_input = data_.serial;
       }},
      {"warranty-card",
       {},
       0,
       [this](KioskApp&) {
         fresh(Screen::warranty);
         app_.session.warranty->serial_input = data_.serial;
         app_.session.warranty->submit();
       }},
      {"track-code-error",
       {"Case code"},
       0,
       [this](KioskApp&) {
         fresh(Screen::track);
         app_.session.track->input = "R7K-4PQ-92Y";
         app_.session.track->submit(app_.language);
       }},
      {"track-status",
       {},
       0,
       [this](KioskApp&) {
         fresh(Screen::track);
         app_.session.track->input = data_.case_code;
         app_.session.track->submit(app_.language);
       }},
      {"cancel-question",
       {},
       0,
       [this](KioskApp&) {
         repair_to(RStep::contact);
         app_.focus(KioskApp::kNoFocus);
         app_.cancel_asked = true;
       }},
      {"still-there",
       {},
       0,
       [this](KioskApp&) {
         repair_to(RStep::describe);
         auto idle = std::chrono::seconds(app_.config.kiosk.idle_seconds + 5);
         app_.inactivity_.touched(std::chrono::steady_clock::now() - idle);
         keep_touching_ = false;
       }},
      {"staff-menu",
       {},
       0,
       [this](KioskApp&) {
         app_.go_home();
         frames(1);
         app_.staff_.open = true;
         app_.staff_.unlocked = true;
       }},
      {"staff-pin",
       {},
       0,
       [this](KioskApp&) {
         app_.go_home();
         frames(1);
         app_.staff_ = StaffExit{};
         app_.staff_.open = true;
       }},
  };
}

void Gallery::shoot(const Scene& scene, int field, std::string_view lang) {
  frames(1);  // a new screen takes its first frame to start (and resets the focus)
  if (!scene.as_arrived) app_.focus(field < 0 ? KioskApp::kNoFocus : scene.first_field + field);
  frames(5, true);  // the keyboard's height and the scroll settle over a few frames
  std::string field_name = scene.as_arrived ? "as-arrived"
                           : field < 0      ? "none"
                                            : scene.fields[static_cast<std::size_t>(field)];
  for (char& c : field_name)
    if (c == ' ') c = '_';
  std::string stem = fmt::format("{}-{}-{}-{}-{}x{}", scene.name, field_name, lang,
                                 options_.large ? "large" : "standard", shell_.width(), shell_.height());
  std::filesystem::path base = options_.directory / stem;
  ui::GalleryShot shot = ui::save_gallery_shot(shell_, base.string(), stem);
  problems_ += shot.problems;
  saving_ += shot.saving;
  ++shots_;
}

int Gallery::run() {
  ui::hit_map().record();
  std::filesystem::create_directories(options_.directory);
  if (options_.large) app_.set_high_contrast(true);
  for (Language lang : kAllLanguages) {
    app_.set_language(lang);
    for (const Scene& scene : scenes()) {
      int fields = static_cast<int>(scene.fields.size());
      for (int field = fields == 0 ? -1 : 0; field < std::max(fields, 0); ++field) {
        keep_touching_ = true;
        scene.setup(app_);
        shoot(scene, field, language_code(lang));
      }
    }
  }
  auto ms = [](auto d) {
    return static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
  };
  std::fprintf(stderr, "gallery: %d screens in %s, %d problems (drawing %lld ms, saving %lld ms)\n", shots_,
               options_.directory.c_str(), problems_, ms(drawing_), ms(saving_));
  return problems_;
}

int run_gallery(const Config& base_config, ui::Shell& shell, const GalleryOptions& options) {
  // A demo store of its own, so the gallery shows the same content wherever it runs.
  std::filesystem::path work = std::filesystem::temp_directory_path() / fmt::format("aftersales-gallery-{}", getpid());
  std::filesystem::create_directories(work);
  Config config = base_config;
  config.store.name = "Electrónica Hausmann · Servicio técnico Málaga-Centro";
  config.printer.connection = "file:" + (work / "printer.out").string();
  config.loaners.offer_at_kiosk = true;              // the repair check-in shows its loaner question
  config.kiosk.send_receipts_by = {"email", "sms"};  // the receipt screen asks: printed or sent
  std::filesystem::path db_path = work / "gallery.db";
  GalleryData data;
  {
    auto db = Database::open(db_path);
    if (!db) {
      std::fprintf(stderr, "gallery: %s\n", db.error().message.c_str());
      return 1;
    }
    DemoOptions demo;
    demo.sales = 2000;
    demo.now = system_now();
    if (auto made = generate_demo(*db, config, demo); !made) {
      std::fprintf(stderr, "gallery: %s\n", made.error().message.c_str());
      return 1;
    }
    data.receipt = one_value(*db,
                             "SELECT s.receipt_number FROM sales s JOIN sale_lines l ON l.sale_id = s.id "
                             "GROUP BY s.id HAVING count(*) >= 3 ORDER BY s.sold_at DESC LIMIT 1");
    data.serial = one_value(*db,
                            "SELECT l.serial FROM sales s JOIN sale_lines l ON l.sale_id = s.id JOIN products p "
                            "ON p.id = l.product_id WHERE p.category = 'phones' AND l.serial IS NOT NULL AND "
                            "s.sold_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-200 days') ORDER BY s.sold_at "
                            "DESC LIMIT 1");
    data.case_code = one_value(*db, "SELECT code FROM cases WHERE status = 'awaiting_approval' LIMIT 1");
    if (auto added = CaseService(*db, config).add_loaner({"L-07", "iPhone 8", "", ""}); !added) {
      std::fprintf(stderr, "gallery: %s\n", added.error().message.c_str());
      return 1;
    }
  }
  int problems = 0;
  {
    KioskApp app(config, db_path, shell);
    Gallery gallery(app, shell, options, data);
    problems = gallery.run();
  }
  std::error_code ec;
  std::filesystem::remove_all(work, ec);
  return problems;
}

}  // namespace aftersales::kiosk
