#include "gallery.h"

#include <fmt/format.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "backoffice_app.h"
#include "core/base/calendar.h"
#include "core/base/text.h"
#include "core/notify/outbox.h"
#include "core/services/demo_data.h"
#include "core/storage/csv_import.h"
#include "core/storage/database.h"
#include "ui/gallery_shot.h"
#include "ui/hit_map.h"
#include "ui/theme.h"

namespace aftersales::backoffice {

// The cases the gallery made in its demo store, one per state worth seeing.
struct GalleryCases {
  std::string new_repair;        // checked in at the kiosk this morning, no messages agreed
  std::string diagnosing;        // on the bench, assigned, a diagnosis typed
  std::string awaiting;          // an estimate sent, the customer has not answered
  std::string ready;             // repaired out of warranty: a fee and the approved repair to pay
  std::string completed;         // collected and rated
  std::string return_requested;  // to receive and inspect
  std::string return_received;   // inspected, to decide
  std::string return_approved;   // a refund to give
};

// One picture: the app set up on a view, with `field` (a text field's target name) being typed in.
struct View {
  std::string name;
  std::string field;  // "none": no text field has the keyboard
  std::function<void()> setup;
};

using Millis = std::chrono::steady_clock::duration;

class Gallery {
 public:
  Gallery(BackofficeApp& app, ui::Shell& shell, const GalleryOptions& options, GalleryCases cases, Millis demo_time)
      : app_(app), shell_(shell), options_(options), cases_(std::move(cases)), demo_(demo_time) {
    hooks_.draw = [this] { app_.draw(); };
  }

  int run();

 private:
  std::vector<View> views();
  void frames(int n, bool present_last = false);
  void shoot(const View& view);
  void signed_out();
  void signed_in();  // the manager at the queue, no filter, nothing open
  void as_headquarters();
  void with_bench_work();
  bool with_parts_list();
  void with_parts_on(const std::string& code);
  CaseScreen& open(const std::string& code);

  BackofficeApp& app_;
  ui::Shell& shell_;
  const GalleryOptions& options_;
  GalleryCases cases_;
  ui::ShellHooks hooks_;
  int problems_ = 0;
  int shots_ = 0;
  Millis demo_{}, signing_in_{}, drawing_{}, saving_{};
  bool bench_parts_used_ = false;
};

namespace {

constexpr const char* kUser = "maria.jose";
constexpr const char* kSecret = "counter-pass-2026";

std::string one_value(Database& db, const std::string& sql) {
  auto q = db.prepare(sql);
  std::string value = q.step() ? q.get_text(0) : std::string();
  return value;
}

std::vector<std::string> column(Database& db, const std::string& sql) {
  auto q = db.prepare(sql);
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.get_text(0));
  return out;
}

long long ms(Millis d) {
  return static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

// A serial we sold, not yet in a case, sold between `newest` and `oldest` days ago.
std::string free_serial(Database& db, int newest, int oldest) {
  return one_value(db, fmt::format("SELECT l.serial FROM sale_lines l JOIN sales s ON s.id = l.sale_id JOIN products p "
                                   "ON p.id = l.product_id WHERE p.category = 'phones' AND l.serial IS NOT NULL AND "
                                   "s.sold_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-{} days') AND s.sold_at > "
                                   "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-{} days') AND NOT EXISTS (SELECT 1 FROM "
                                   "cases c WHERE c.serial = l.serial) ORDER BY s.sold_at DESC LIMIT 1",
                                   newest, oldest));
}

// Opens the gallery's own cases on the demo store, with a clock that walks through the days, so
// the timeline, ages and promises read as they would at a real counter.
Result<GalleryCases> make_cases(Database& db, const Config& config) {
  Instant now = system_now();
  Instant clock = now;
  CaseService cases(db, config, [&clock] { return clock; });
  auto at = [&](std::chrono::hours ago) { clock = now - ago; };
  using std::chrono::hours;
  GalleryCases made;

  auto repair = [&](std::string serial, CustomerContact who, std::string category, std::string problem,
                    std::string accessories, std::string condition) -> Result<Case> {
    RepairDraft draft;
    draft.serial = std::move(serial);
    draft.customer = std::move(who);
    draft.problem_category = std::move(category);
    draft.problem = std::move(problem);
    draft.accessories = std::move(accessories);
    draft.condition_notes = std::move(condition);
    draft.accepts_diagnostic_fee = true;
    return cases.open_repair(draft, "kiosk-1");
  };
  auto step = [](Result<Case> done) -> Result<void> {
    if (!done) return std::unexpected(done.error());
    return {};
  };

  // New this morning, from the kiosk: no messages agreed, so the counter has to call.
  at(hours{3});
  auto fresh = repair(
      free_serial(db, 30, 200),
      {"María-José Castellanos Núñez", "+34 612 345 678", "maria.jose.castellanos@correo-ejemplo.es", false, "es"},
      "power",
      "Se apaga sola a los diez minutos, incluso en el cargador. La pantalla parpadea antes de quedarse "
      "negra. Empezó después de la última actualización, hace dos semanas. A veces se calienta mucho "
      "cerca de la cámara.",
      "Charger, USB-C cable, blue silicone case", "Light scratches on the back; small dent near the camera");
  if (!fresh) return std::unexpected(fresh.error());
  made.new_repair = fresh->code;

  // On the bench: assigned, a diagnosis typed, no estimate yet.
  at(hours{50});
  auto bench = repair(
      free_serial(db, 30, 300),
      {"Anne-Sophie Beaumont-Échevarría", "+33 6 12 34 56 78", "anne-sophie.beaumont@exemple-courriel.fr", true, "fr"},
      "charging", "Le port de charge est desserré : il ne charge que si le câble est tenu en biais.", "Charger",
      "No visible damage");
  if (!bench) return std::unexpected(bench.error());
  made.diagnosing = bench->code;
  at(hours{30});
  if (auto r = step(cases.advance(made.diagnosing, CaseStatus::diagnosing, {"tech.sam", "", true})); !r)
    return std::unexpected(r.error());
  if (auto r = step(cases.assign(made.diagnosing, "tech.sam", kUser)); !r) return std::unexpected(r.error());
  if (auto r = step(cases.record_diagnosis(made.diagnosing,
                                           "Charging port worn, lint packed in; battery health 71 %. Port and battery "
                                           "to replace.",
                                           "tech.sam"));
      !r)
    return std::unexpected(r.error());

  // An estimate sent two days ago: the customer agreed to messages; nothing has answered yet.
  at(hours{24 * 6});
  auto waiting = repair(
      free_serial(db, 400, 900),
      {"Jean-Baptiste Lefèvre-Delacroix", "+33 7 98 76 54 32", "jb.lefevre-delacroix@exemple-courriel.fr", true, "fr"},
      "screen", "L'écran clignote puis devient noir au bout de quelques minutes ; des lignes vertes apparaissent.", "",
      "Cracked screen corner, bottom left");
  if (!waiting) return std::unexpected(waiting.error());
  made.awaiting = waiting->code;
  at(hours{24 * 5});
  if (auto r = step(cases.advance(made.awaiting, CaseStatus::diagnosing, {"tech.sam", "", true})); !r)
    return std::unexpected(r.error());
  (void)cases.add_note(made.awaiting,
                       {"tech.sam", "Customer called: keep the old screen for them, they want it back.", false});
  at(hours{24 * 2});
  if (auto r =
          step(cases.record_estimate(made.awaiting,
                                     {{"part", "Display assembly, original (OLED, with frame and adhesive)", 1, 18900},
                                      {"part", "Battery, original", 1, 4990},
                                      {"labour", "Labour: screen and battery, tested", 1, 6750}},
                                     "tech.sam"));
      !r)
    return std::unexpected(r.error());
  if (auto estimate = cases.find_by_code(made.awaiting)) {  // the sender sent the e-mail a minute later
    Outbox outbox(db);
    if (auto sent = outbox.for_case(estimate->id))
      for (const OutboxMessage& m : *sent) (void)outbox.mark_sent(m.id, clock + std::chrono::minutes(1));
  }

  // Repaired out of warranty: the diagnostic fee and the approved estimate to pay, accessories to hand back.
  at(hours{24 * 9});
  auto fixed = repair(free_serial(db, 400, 900), {"Zoë Ødegård-Fernández", "+47 912 34 567", "", false, "en"},
                      "battery", "Battery drains from full to empty in about two hours, even with the screen off.",
                      "Charger, leather case", "No visible damage");
  if (!fixed) return std::unexpected(fixed.error());
  made.ready = fixed->code;
  at(hours{24 * 8});
  if (auto r = step(cases.advance(made.ready, CaseStatus::diagnosing, {"tech.sam", "", true})); !r)
    return std::unexpected(r.error());
  at(hours{24 * 7});
  if (auto r = step(cases.record_estimate(
          made.ready, {{"part", "Battery, original", 1, 4990}, {"labour", "Labour", 1, 3000}}, "tech.sam"));
      !r)
    return std::unexpected(r.error());
  at(hours{24 * 6});  // approved: the repair goes ahead
  if (auto r = step(cases.decide_estimate(made.ready, true, "clerk.ana")); !r) return std::unexpected(r.error());
  at(hours{5});
  if (auto r = step(cases.advance(made.ready, CaseStatus::ready_for_pickup,
                                  {"tech.sam", "New battery fitted, charged and tested for two hours", true}));
      !r)
    return std::unexpected(r.error());

  // Collected last week and rated.
  at(hours{24 * 12});
  auto done = repair(free_serial(db, 30, 300),
                     {"Ngozi Adébáyọ̀-Okonkwo", "+1 555 201 7788", "ngozi.adebayo@example.com", true, "en"}, "audio",
                     "No sound from the left speaker; calls are fine with headphones.", "", "No visible damage");
  if (!done) return std::unexpected(done.error());
  made.completed = done->code;
  for (auto [to, days] : {std::pair{CaseStatus::diagnosing, 11}, std::pair{CaseStatus::repairing, 10},
                          std::pair{CaseStatus::ready_for_pickup, 8}, std::pair{CaseStatus::completed, 7}}) {
    at(hours{24 * days});
    if (auto r = step(cases.advance(made.completed, to, {"tech.sam", "", true})); !r) return std::unexpected(r.error());
  }
  at(hours{24 * 6});
  (void)cases.record_feedback(
      done->token, 4, "Good repair and the text message was handy, but I had to ask twice when it would be ready.");

  // Returns from recent receipts: one to receive, one inspected to decide, one approved for a refund.
  std::vector<std::string> lines =
      column(db,
             "SELECT s.receipt_number || '|' || COALESCE(l.serial, p.sku) FROM sale_lines l JOIN sales s ON s.id = "
             "l.sale_id JOIN products p ON p.id = l.product_id WHERE p.returnable = 1 AND s.sold_at < "
             "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 days') AND NOT EXISTS (SELECT 1 FROM cases c WHERE "
             "c.sale_line_id = l.id) ORDER BY s.sold_at DESC LIMIT 60");
  std::vector<CustomerContact> returners = {
      {"Łukasz Wiśniewski-Kowalczyk", "+48 601 234 567", "lukasz.wisniewski@przyklad-poczta.pl", true, "en"},
      {"Siobhán Ní Bhriain-O'Sullivan", "+353 87 123 4567", "", false, "en"},
      {"Françoise Lemaître-Bélanger", "+33 6 55 44 33 22", "francoise.lemaitre@exemple-courriel.fr", true, "fr"},
  };
  std::vector<std::string> opened;
  at(hours{20});
  for (const std::string& line : lines) {
    if (opened.size() == returners.size()) break;
    ReturnDraft draft;
    draft.receipt_number = line.substr(0, line.find('|'));
    draft.sku_or_serial = line.substr(line.find('|') + 1);
    draft.reason = opened.size() == 1 ? ReturnReason::changed_mind : ReturnReason::defective;
    draft.condition = ItemCondition::opened;
    draft.details = opened.empty() ? "It switches itself off after a few minutes and then will not charge; I reset "
                                     "it twice as the manual says."
                                   : "";
    draft.customer = returners[opened.size()];
    auto r = cases.open_return(draft, "kiosk-1");
    if (!r) {
      if (r.error().kind == ErrorKind::refused) continue;  // outside the policy: another line
      return std::unexpected(r.error());
    }
    opened.push_back(r->code);
  }
  if (opened.size() < returners.size()) return fail(ErrorKind::not_found, "gallery: not enough recent sales to return");
  made.return_requested = opened[0];
  made.return_received = opened[1];
  made.return_approved = opened[2];
  at(hours{6});
  for (const std::string& code : {made.return_received, made.return_approved})
    if (auto r = step(cases.inspect_return(code, ItemCondition::opened,
                                           "Complete, in its box; a small scuff on the lid", "clerk.ana"));
        !r)
      return std::unexpected(r.error());
  auto approved = cases.find_by_code(made.return_approved);
  if (!approved) return std::unexpected(approved.error());
  if (auto r = step(cases.decide_return(made.return_approved, {approved->return_outcomes.front(), ""}, "clerk.ana"));
      !r)
    return std::unexpected(r.error());
  return made;
}

}  // namespace

void Gallery::frames(int n, bool present_last) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) shell_.draw_once(hooks_, present_last && i == n - 1);
  drawing_ += std::chrono::steady_clock::now() - start;
}

void Gallery::signed_out() {
  if (app_.user_) app_.end_session();
  app_.sign_in_form = {};
}

void Gallery::signed_in() {
  if (!app_.user_) {
    auto start = std::chrono::steady_clock::now();
    app_.sign_in_form = {kUser, kSecret, "", ""};
    app_.sign_in();  // the real sign-in, Argon2id and all
    signing_in_ += std::chrono::steady_clock::now() - start;
    if (!app_.user_) std::fprintf(stderr, "gallery: cannot sign in: %s\n", app_.sign_in_form.message.c_str());
  }
  app_.case_screen.reset();
  app_.dashboard.reset();
  app_.selected_row.reset();
  app_.recent_arrivals.clear();
  app_.queue_message.clear();
  app_.queue_message_is_error = false;
  if (app_.queue) {
    app_.queue->filters = QueueFilters{};
    app_.refresh_queue();
  }
  app_.last_input_ = SteadyClock::now();
}

// The store's parts list, once: the demo store has none.
bool Gallery::with_parts_list() {
  Database& db = app_.services().db;
  if (one_value(db, "SELECT count(*) FROM parts") != "0") return true;
  std::istringstream parts(
      "sku,name,cost_cents,price_cents,stock,low_at,supplier\n"
      "SCR-OLED-61,\"Screen assembly, 6.1\"\" OLED with frame and adhesive\",6400,12900,500,5,Acme Parts\n"
      "BAT-4000,Battery 4000 mAh,1500,4900,500,5,Acme Parts\n"
      "PORT-USBC,USB-C charging port,300,2900,500,5,\n"
      "CAM-REAR,Rear camera module,2800,6900,500,5,Lens & Co\n"
      "SPK-LOUD,Loudspeaker,450,2400,500,5,\n"
      "FLEX-NOVA9,Charging port flex cable for Auriga Nova 9,600,2490,0,2,Ricambi Europa\n");
  if (auto imported = import_csv(db, ImportKind::parts, parts, app_.config.time_zone); !imported) {
    std::fprintf(stderr, "gallery: cannot import parts: %s\n", imported.error().message.c_str());
    return false;
  }
  return true;
}

// A repair on the bench with a part from stock and one ordered from a supplier, due in six days.
void Gallery::with_parts_on(const std::string& code) {
  if (!with_parts_list()) return;
  CaseService& cases = app_.services().cases;
  if (auto used = cases.use_part(code, "SCR-OLED-61", 1, "tech.sam"); !used)
    std::fprintf(stderr, "gallery: the part was refused: %s\n", used.error().message.c_str());
  Date due = add_days(app_.config.time_zone.local_date(cases.now()), 6);
  PartOrderDraft order{.sku = "FLEX-NOVA9", .quantity = 1, .reference = "RE-40931", .expected = format_date(due)};
  if (auto ordered = cases.order_part(code, order, "tech.sam"); !ordered)
    std::fprintf(stderr, "gallery: the order was refused: %s\n", ordered.error().message.c_str());
}

// The demo store's repairs shared out among seven technicians (long names among them: the chart
// names five and "Others"), and parts taken from stock for the repairs on the bench, once.
void Gallery::with_bench_work() {
  Database& db = app_.services().db;
  db.exec(
      "UPDATE cases SET assigned_to = CASE id % 9 WHEN 0 THEN 'tech.sam' WHEN 1 THEN 'tech.sam' WHEN 2 THEN "
      "'maria.jose.castellanos' WHEN 3 THEN 'li.wei' WHEN 4 THEN 'oluwaseun.adeyemi-okafor' WHEN 5 THEN 'tech.sam' "
      "WHEN 6 THEN 'ana.lucia' WHEN 7 THEN 'pat' ELSE 'jo' END WHERE kind = 'repair'");
  if (bench_parts_used_ || !with_parts_list()) return;
  bench_parts_used_ = true;
  static constexpr std::pair<const char*, int> kUses[] = {{"SCR-OLED-61", 1}, {"BAT-4000", 1}, {"PORT-USBC", 2},
                                                          {"BAT-4000", 1},    {"CAM-REAR", 1}, {"SPK-LOUD", 1}};
  Statement on_bench = db.prepare("SELECT code FROM cases WHERE status IN ('diagnosing', 'repairing') ORDER BY id");
  std::vector<std::string> codes;
  while (on_bench.step()) codes.push_back(on_bench.get_text(0));
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const auto& [sku, quantity] = kUses[i % std::size(kUses)];
    (void)app_.services().cases.use_part(codes[i], sku, quantity, "tech.sam");  // a part short is no matter here
  }
}

// The demo store's cases shared out among two dozen stores, some busier than others, as they reach
// headquarters; the database then says it is the headquarters. A SQLite file is never really one:
// only the dashboard, which reads the role and the store ids, is shown this way.
void Gallery::as_headquarters() {
  static constexpr const char* kStores[] = {"MAD01", "BCN01", "VLC01", "SEV01", "ZAZ01", "BIO01", "MAL01", "ALC01",
                                            "PMI01", "LPA01", "MAD02", "GIJ01", "VGO01", "COR01", "GRX01", "VLL01",
                                            "OVD01", "PNA01", "SDR01", "TFN01", "BCN02", "MAD03", "ALM01", "BDJ01"};
  std::string which = "CASE";
  std::size_t upto = 0;
  for (std::size_t i = 0; i < std::size(kStores); ++i) {  // the first stores get the most cases
    upto += 28 - i;
    which += fmt::format(" WHEN (id * 37) % 396 < {} THEN '{}'", upto, kStores[i]);
  }
  which += " END";
  Database& db = app_.services().db;
  db.exec("UPDATE cases SET store_id = " + which);
  db.exec(
      "INSERT INTO chain_stores (store_id, number, added_at, name, phone) VALUES "
      "('MAD01', 1, '2026-01-01T00:00:00Z', 'Madrid Centro', '+34 910 000 001'), "
      "('BCN01', 2, '2026-01-01T00:00:00Z', 'Barcelona Diagonal', '+34 930 000 002'), "
      "('VLC01', 3, '2026-01-01T00:00:00Z', 'Valencia Ruzafa', '+34 960 000 003') ON CONFLICT DO NOTHING");
  db.exec("UPDATE feedback SET store_id = (SELECT c.store_id FROM cases c WHERE c.id = feedback.case_id)");
  db.exec(
      "INSERT INTO settings (key, value) VALUES ('chain.role', 'headquarters') "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
}

CaseScreen& Gallery::open(const std::string& code) {
  signed_in();
  app_.open_case(code);
  return *app_.case_screen;
}

std::vector<View> Gallery::views() {
  const GalleryCases& k = cases_;
  return {
      {"sign-in", "user name", [this] { signed_out(); }},
      {"sign-in-error", "password",
       [this] {
         signed_out();
         app_.sign_in_form.username = kUser;
         app_.sign_in_form.secret = "counter-pass";
         app_.sign_in();
       }},
      // Left on a case with the counter unattended: the timer signs out and says why.
      {"idle-lock", "user name",
       [this, &k] {
         open(k.awaiting);
         app_.last_input_ = SteadyClock::now() - app_.lock_after() - std::chrono::seconds(1);
         app_.on_timer();
       }},
      {"queue", "none",
       [this, &k] {
         signed_in();
         for (const std::string& code : {k.new_repair, k.return_requested})
           if (auto c = app_.services().cases.find_by_code(code)) app_.recent_arrivals.push_back(*c);
         app_.arrivals_until = SteadyClock::now() + std::chrono::seconds(20);
         app_.queue_message = "Saved 64 cases to /home/maria.jose/Documentos/exportaciones/queue-2026-12-02-0412.csv";
         app_.selected_row = 2;
       }},
      {"queue-filtered", "search",
       [this] {
         signed_in();
         QueueFilters& f = app_.queue->filters;
         f.kind = CaseKind::repair;
         f.search = "García";
         app_.refresh_queue();
       }},
      {"queue-overdue-returns", "none",
       [this] {
         signed_in();
         app_.queue->filters.overdue = true;
         app_.queue->filters.kind = CaseKind::return_item;
         app_.refresh_queue();
       }},
      {"queue-no-match", "search",
       [this] {
         signed_in();
         app_.queue->filters.search = "Ødegård 5CD1234XY2";
         app_.refresh_queue();
       }},
      {"case-new-repair", "none", [this, &k] { open(k.new_repair); }},
      {"case-diagnosing", "diagnosis",
       [this, &k] {
         CaseScreen& s = open(k.diagnosing);
         s.forms.diagnosis += " Customer agreed by phone to wait for the original part.";
       }},
      // In a chain of stores: the repair about to go to the depot (a single store offers no transfer).
      {"case-transfer", "transfer note",
       [this, &k] {
         CaseScreen& s = open(k.diagnosing);
         s.transfer_destinations = {"BCN01", "VLC02"};
         s.forms.transfer_to = "BCN01";
         s.forms.transfer_note = "The board needs the depot's rework station.";
       }},
      {"estimate-bad-price", "estimate price 2",
       [this, &k] {
         CaseScreen& s = open(k.diagnosing);
         s.forms.estimate = {{0, "Charging port flex cable, original", 1, "24.90"},
                             {0, "Battery, original (3 110 mAh)", 1, "49,9O"},
                             {1, "Labour: port and battery, tested", 1, "45.00"}};
         auto lines = read_estimate(s.forms.estimate);
         if (!lines) s.say(lines.error().message, true, "estimate");  // as "Send estimate" says it
       }},
      {"case-awaiting-approval", "none", [this, &k] { open(k.awaiting); }},
      {"case-notes", "note",
       [this, &k] {
         CaseScreen& s = open(k.awaiting);
         s.note.text =
             "Customer called back: phone him before 2 pm, he will answer the estimate today (prefers French).";
         s.note.customer_visible = true;
       }},
      // Money at the counter: a deposit taken earlier, and a refund typed without its reason.
      {"case-money-refund", "money note",
       [this, &k] {
         PaymentDraft deposit{PaymentKind::deposit, PaymentMethod::card, 1000, ""};
         if (auto taken = app_.services().cases.record_payment(k.ready, deposit, kUser); !taken)
           fmt::print(stderr, "gallery: the deposit was refused: {}\n", taken.error().message);
         CaseScreen& s = open(k.ready);
         s.forms.money = MoneyForm{.open = true, .kind = 2, .method = 1, .amount = "5.00", .note = ""};
         s.say("Please say why the money goes back (the note).", true, "money");  // as record_payment says it
       }},
      // A loaner out with the repair ready for pickup: it comes back first (or a manager waives it).
      {"case-loaner-out", "loaner condition",
       [this, &k] {
         CaseService& cases = app_.services().cases;
         if (auto added = cases.add_loaner({"L-07", "Auriga Nova 9, grey", "LN-0007", "Good"}); !added)
           fmt::print(stderr, "gallery: the loaner was refused: {}\n", added.error().message);
         if (auto lent = cases.lend_loaner(k.ready, "L-07", kUser); !lent)
           fmt::print(stderr, "gallery: the loan was refused: {}\n", lent.error().message);
         CaseScreen& s = open(k.ready);
         s.forms.loaner_condition = "Scratch on the back, otherwise fine";
       }},
      {"case-ready-for-pickup", "none", [this, &k] { open(k.ready); }},
      {"confirm-pickup", "none",
       [this, &k] {
         open(k.ready).pending = PendingMove{CaseStatus::completed, {}};
       }},
      {"confirm-cancel", "reason",
       [this, &k] {
         open(k.new_repair).pending = PendingMove{
             CaseStatus::cancelled, "The customer found the receipt for a newer model and will bring that one"};
       }},
      {"case-completed", "none", [this, &k] { open(k.completed); }},
      {"case-return-receive", "inspection notes",
       [this, &k] {
         CaseScreen& s = open(k.return_requested);
         s.forms.inspected_condition = 1;
         s.forms.inspection_notes = "Switches off as described; box, charger and manuals all there";
       }},
      {"case-return-decide", "decision reason",
       [this, &k] {
         CaseScreen& s = open(k.return_received);
         s.forms.decision = 3;
         s.forms.decision_reason = "The screen has a pressure mark that the sale's photos do not show";
       }},
      {"case-return-approved", "none", [this, &k] { open(k.return_approved); }},
      // Parts on the bench: one used from stock, one on order being cancelled (its reason typed).
      {"case-parts", "order cancel reason",
       [this, &k] {
         with_parts_on(k.diagnosing);
         CaseScreen& s = open(k.diagnosing);
         s.forms.parts.cancelling = "RE-40931";
         s.forms.parts.cancel_reason = "Ricambi Europa cannot deliver before March; ordering elsewhere";
       }},
      {"dashboard", "none",
       [this] {
         signed_in();
         app_.open_dashboard();
       }},
      {"dashboard-bench", "none",
       [this] {
         signed_in();
         with_bench_work();
         app_.open_dashboard();
         app_.dashboard->show_bench = true;
       }},
      // Last: from here on the demo store is a chain's headquarters.
      {"dashboard-headquarters", "none",
       [this] {
         signed_in();
         as_headquarters();
         app_.open_dashboard();
       }},
  };
}

void Gallery::shoot(const View& view) {
  ImGui::ClearActiveID();  // the last view's field lets go of the keyboard (and of its text)
  app_.focus_field.clear();
  view.setup();
  app_.last_input_ = SteadyClock::now();
  frames(2);  // the view starts (a field the view itself focuses takes the keyboard)
  if (view.field != "none") {
    ImGui::ClearActiveID();
    app_.focus_field = view.field;
  }
  frames(5, true);  // tables, child windows and the focus settle over a few frames
  std::string field = view.field;
  for (char& c : field)
    if (c == ' ') c = '_';
  std::string stem = fmt::format("{}-{}-en-standard-{}x{}", view.name, field, shell_.width(), shell_.height());
  std::filesystem::path base = options_.directory / stem;
  ui::GalleryShot shot = ui::save_gallery_shot(shell_, base.string(), stem);
  problems_ += shot.problems;
  saving_ += shot.saving;
  if (view.field != "none" && ui::hit_map().text().find(fmt::format("focus\t{}\t", view.field)) == std::string::npos) {
    std::fprintf(stderr, "%s: the field '%s' did not take the keyboard\n", stem.c_str(), view.field.c_str());
    ++problems_;
  }
  ++shots_;
}

int Gallery::run() {
  ui::hit_map().record();
  std::filesystem::create_directories(options_.directory);
  for (const View& view : views()) shoot(view);
  std::fprintf(stderr,
               "gallery: %d screens in %s, %d problems (demo store %lld ms, signing in %lld ms, drawing %lld ms, "
               "saving %lld ms)\n",
               shots_, options_.directory.c_str(), problems_, ms(demo_), ms(signing_in_), ms(drawing_), ms(saving_));
  return problems_;
}

int run_gallery(const Config& base_config, ui::Shell& shell, const GalleryOptions& options) {
  auto started = std::chrono::steady_clock::now();
  // A demo store of its own, so the gallery shows the same content wherever it runs.
  std::filesystem::path work =
      std::filesystem::temp_directory_path() / fmt::format("aftersales-backoffice-gallery-{}", getpid());
  std::filesystem::create_directories(work);
  Config config = base_config;
  config.store.name = "Electrónica Hausmann · Servicio técnico Málaga-Centro";
  config.store.price_format = "€{}";
  config.store.currency = "EUR";
  set_price_format(config.store.price_format);
  config.printer.connection = "file:" + (work / "printer.out").string();
  config.backoffice.export_directory = work.string();
  config.notifications = {};
  config.notifications.email_command = "sendmail -t";  // e-mails go out (nothing runs it here); no SMS gateway
  auto cleanup = [&] {
    std::error_code ec;
    std::filesystem::remove_all(work, ec);
  };
  auto db = Database::open(work / "gallery.db");
  auto made = [&]() -> Result<GalleryCases> {
    if (!db) return std::unexpected(db.error());
    DemoOptions demo;
    demo.sales = 2000;
    demo.now = system_now();
    if (auto filled = generate_demo(*db, config, demo); !filled) return std::unexpected(filled.error());
    StaffService staff(*db);
    if (auto r = staff.add(kUser, "María-José Castellanos Núñez", Role::manager, kSecret); !r)
      return std::unexpected(r.error());
    if (auto r = staff.add("tech.sam", "Samuel Okonkwo-Johansson", Role::technician, "bench-pass-2026"); !r)
      return std::unexpected(r.error());
    if (auto r = staff.add("clerk.ana", "Ana Lucía Fernández", Role::clerk, "1234"); !r)
      return std::unexpected(r.error());
    return make_cases(*db, config);
  }();
  if (!made) {
    std::fprintf(stderr, "gallery: %s\n", made.error().message.c_str());
    cleanup();
    return 1;
  }
  int problems = 0;
  {
    BackofficeApp app(config, std::make_unique<Services>(std::move(*db), config), shell);
    Gallery gallery(app, shell, options, *made, std::chrono::steady_clock::now() - started);
    problems = gallery.run();
  }
  cleanup();
  return problems;
}

}  // namespace aftersales::backoffice
