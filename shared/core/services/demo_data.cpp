#include "core/services/demo_data.h"

#include <fmt/format.h>

#include <array>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/services/case_service.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

// Uniform integers straight from the engine's bits, so the same seed gives the same store on every
// standard library (std::uniform_int_distribution is not specified bit-for-bit).
class DemoRandom {
 public:
  explicit DemoRandom(std::uint64_t seed) : engine_(seed) {}
  int between(int low, int high) {  // inclusive
    auto span = static_cast<std::uint64_t>(high - low + 1);
    return low + static_cast<int>(engine_() % span);
  }
  bool chance(int percent) { return between(1, 100) <= percent; }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(between(0, static_cast<int>(items.size()) - 1))];
  }
  char symbol() { return "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"[between(0, 32)]; }

 private:
  std::mt19937_64 engine_;
};

struct Department {
  std::string category;
  int warranty_months;
  bool lifetime;
  bool serialised;
  bool plan_eligible;
  bool returnable;
  int price_low, price_high;  // whole currency units
  std::vector<std::string> brands;
  std::vector<std::string> models;
};

const std::vector<Department>& departments() {
  static const std::vector<Department> list = {
      {"phones",
       12,
       false,
       true,
       true,
       true,
       199,
       1299,
       {"Norvik", "Auriga", "Kestrel"},
       {"Nova 12", "Nova 12 Pro", "Pulse A5", "Pulse A7", "Zen Mini", "Zen Max"}},
      {"laptops",
       24,
       false,
       true,
       true,
       true,
       499,
       2499,
       {"Teralux", "Brixton", "Norvik"},
       {"AirBook 13", "AirBook 15", "WorkStation 14", "Flex 360", "Gamer X17", "Chromo 11"}},
      {"tablets",
       12,
       false,
       true,
       true,
       true,
       149,
       999,
       {"Auriga", "Kestrel", "Teralux"},
       {"Slate 8", "Slate 10", "Slate 12 Pro", "Kids Tab 7", "Draw 11"}},
      {"tvs",
       24,
       false,
       true,
       true,
       true,
       299,
       2999,
       {"Solenne", "Vireo", "Brixton"},
       {"QLED 43", "QLED 55", "QLED 65", "OLED 55", "OLED 65", "Crystal 32"}},
      {"headphones",
       12,
       false,
       true,
       true,
       true,
       29,
       449,
       {"Sonora", "Kestrel", "Volta"},
       {"Buds Lite", "Buds Pro", "Studio Over-Ear", "Sport Neckband", "Quiet ANC 700"}},
      {"speakers",
       24,
       false,
       true,
       false,
       true,
       39,
       699,
       {"Sonora", "Volta", "Vireo"},
       {"Pebble", "Boom 2", "Soundbar 300", "Soundbar 500", "Party 1000"}},
      {"cameras",
       24,
       false,
       true,
       true,
       true,
       249,
       2199,
       {"Optika", "Kestrel"},
       {"Snap 20", "Mirrorless M5", "Mirrorless M7", "Action 4K", "Vlog Z1"}},
      {"smartwatches",
       12,
       false,
       true,
       true,
       true,
       99,
       799,
       {"Auriga", "Norvik", "Volta"},
       {"Fit 3", "Fit 4", "Watch S", "Watch S Titanium", "Run GPS"}},
      {"gaming",
       12,
       false,
       true,
       true,
       true,
       49,
       599,
       {"Brixton", "Teralux"},
       {"Console One", "Console One Digital", "Handheld Go", "Pro Controller", "VR Visor"}},
      {"appliances",
       24,
       false,
       true,
       true,
       true,
       59,
       1499,
       {"Hausmann", "Cucina", "Vireo"},
       {"Espresso 900", "Bean-to-Cup 1200", "Air Fryer XL", "Stick Vacuum V8", "Robot Vacuum R3", "Blender Pro"}},
      {"kitchen",
       24,
       false,
       true,
       false,
       true,
       19,
       299,
       {"Cucina", "Hausmann"},
       {"Kettle Glass", "Toaster 4-Slot", "Hand Mixer", "Microwave 25L", "Rice Cooker"}},
      {"networking",
       36,
       false,
       true,
       false,
       true,
       29,
       399,
       {"Netora", "Brixton"},
       {"Mesh Router 3-pack", "Wi-Fi 6 Router", "Range Extender", "Powerline Kit"}},
      {"accessories",
       0,
       true,
       false,
       false,
       true,
       9,
       79,
       {"Volta", "Netora"},
       {"USB-C Cable 1m", "USB-C Cable 2m", "HDMI Cable 2m", "Lightning Cable", "Braided Cable 3m"}},
      {"accessories",
       12,
       false,
       false,
       false,
       true,
       15,
       129,
       {"Volta", "Kestrel"},
       {"Power Bank 10000", "Power Bank 20000", "65W Charger", "Wireless Pad", "Car Charger"}},
      {"software",
       0,
       false,
       false,
       false,
       false,
       19,
       249,
       {"Brightware", "Codex"},
       {"Office Suite", "Antivirus 1 Year", "Photo Studio", "Video Editor"}},
      {"gift cards",
       0,
       false,
       false,
       false,
       false,
       25,
       100,
       {"Store"},
       {"Gift Card 25", "Gift Card 50", "Gift Card 100"}},
  };
  return list;
}

struct PlanSpec {
  std::string sku, name;
  int months;
  bool lifetime;
  std::string covers;
};

const std::vector<PlanSpec>& plan_specs() {
  static const std::vector<PlanSpec> list = {
      {"CARE-2Y", "CarePlus 2 years", 24, false, "Breakdowns and accidental damage, battery below 80%"},
      {"CARE-3Y", "CarePlus 3 years", 36, false, "Breakdowns and accidental damage, battery below 80%"},
      {"SCREEN-1Y", "Screen Guard 1 year", 12, false, "One screen replacement after accidental damage"},
      {"LIFE-TECH", "Lifetime Breakdown Cover", 0, true, "Breakdowns from normal use, for as long as you own it"},
  };
  return list;
}

const std::vector<std::string> kFirstNames = {"Ana",   "James", "Lucía", "Chloé",  "Mohammed", "Emma",   "Noah",
                                              "Sofia", "Liam",  "Marta", "Hugo",   "Aisha",    "Pierre", "Olivia",
                                              "Mateo", "Zoe",   "Ravi",  "Ingrid", "Kenji",    "Fatima"};
const std::vector<std::string> kLastNames = {"García", "Smith", "Dubois", "Okafor", "Novak",    "Fernández", "Brown",
                                             "Martin", "Rossi", "Khan",   "Müller", "Silva",    "Johansson", "Moreau",
                                             "Tanaka", "López", "Wilson", "Haddad", "Kowalski", "Evans"};
const std::vector<std::array<std::string, 2>> kProblems = {
    {"power", "Does not switch on at all, even after charging overnight"},
    {"screen", "Screen flickers and goes black after a few minutes"},
    {"battery", "Battery drains from full to empty in about two hours"},
    {"audio", "No sound from the left side"},
    {"connectivity", "Wi-Fi keeps disconnecting every few minutes"},
    {"noise", "Makes a loud grinding noise while running"},
    {"charging", "Charging port is loose and only charges at an angle"},
    {"overheating", "Gets very hot and shuts down by itself"},
};

struct DemoLine {
  std::int64_t id;
  Instant sold_at;
  std::string receipt;
  std::string sku;
  std::string serial;
  bool returnable;
};

struct Catalog {
  struct Item {
    std::int64_t id;
    std::string sku;
    const Department* department;
    int price_cents;
  };
  std::vector<Item> items;
  std::vector<std::int64_t> plan_ids;
};

std::string sku_prefix(const std::string& category) {
  std::string prefix = category.substr(0, 3);
  for (char& c : prefix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return prefix;
}

Catalog insert_catalog(Database& db, DemoRandom& rng) {
  Catalog catalog;
  int number = 0;
  for (const Department& d : departments()) {
    for (const std::string& brand : d.brands) {
      for (const std::string& model : d.models) {
        std::string sku = fmt::format("{}-{:04}", sku_prefix(d.category), ++number);
        std::optional<int> return_days;
        Statement stmt = db.prepare(
            "INSERT INTO products (sku, name, brand, category, warranty_months, warranty_lifetime, return_days, "
            "returnable) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
        stmt.bind_all(sku, model, brand, d.category, d.warranty_months, d.lifetime, return_days, d.returnable);
        std::int64_t id = stmt.insert_returning_id();
        int price_cents = rng.between(d.price_low, d.price_high) * 100 - 1;  // 199 -> 198.99
        catalog.items.push_back({id, sku, &d, price_cents});
      }
    }
  }
  for (const PlanSpec& plan : plan_specs()) {
    catalog.plan_ids.push_back(
        db.prepare("INSERT INTO protection_plans (sku, name, months, lifetime, covers) VALUES (?1, ?2, ?3, ?4, ?5) "
                   "RETURNING id")
            .bind_all(plan.sku, plan.name, plan.months, plan.lifetime, plan.covers)
            .insert_returning_id());
  }
  return catalog;
}

std::vector<DemoLine> insert_sales(Database& db, const Config& config, const Catalog& catalog,
                                   const DemoOptions& options, DemoRandom& rng, int& line_count) {
  std::vector<DemoLine> lines;
  Date today = config.time_zone.local_date(options.now);
  constexpr int kDays = 3 * 365;
  for (int i = 0; i < options.sales; ++i) {
    // Spread evenly over three years, a little busier towards today; shop hours 9:00-19:59.
    int days_ago = kDays - 1 - static_cast<int>(static_cast<long long>(i) * kDays / options.sales);
    Date day = add_days(today, -days_ago);
    auto time_of_day = std::chrono::hours{rng.between(9, 19)} + std::chrono::minutes{rng.between(0, 59)} +
                       std::chrono::seconds{rng.between(0, 59)};
    Instant sold_at = config.time_zone.from_local(day, time_of_day);
    if (sold_at > options.now) sold_at = options.now - std::chrono::minutes{rng.between(5, 300)};
    std::string receipt = fmt::format("{:03}{:02}{:02}{:02}{:05}", 12, static_cast<int>(day.year()) % 100,
                                      static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()), i % 100000);
    std::string sold_text = format_instant(sold_at);
    std::int64_t sale_id =
        db.prepare("INSERT INTO sales (receipt_number, store, sold_at) VALUES (?1, ?2, ?3) RETURNING id")
            .bind_all(receipt, config.store.name, sold_text)
            .insert_returning_id();
    int line_total = rng.chance(70) ? 1 : rng.between(2, 3);
    for (int line_no = 1; line_no <= line_total; ++line_no) {
      const auto& item =
          catalog.items[static_cast<std::size_t>(rng.between(0, static_cast<int>(catalog.items.size()) - 1))];
      const Department& d = *item.department;
      std::string serial;
      if (d.serialised) {
        serial = item.sku.substr(0, 3);
        for (int k = 0; k < 9; ++k) serial.push_back(rng.symbol());
      }
      int quantity = d.serialised ? 1 : rng.between(1, 3);
      std::optional<std::int64_t> plan;
      if (d.plan_eligible && rng.chance(15)) plan = catalog.plan_ids[static_cast<std::size_t>(rng.between(0, 3))];
      std::optional<std::string_view> serial_value;
      if (!serial.empty()) serial_value = serial;
      std::int64_t line_id =
          db.prepare(
                "INSERT INTO sale_lines (sale_id, line_no, product_id, serial, quantity, price_cents, plan_id) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id")
              .bind_all(sale_id, line_no, item.id, serial_value, quantity, item.price_cents, plan)
              .insert_returning_id();
      ++line_count;
      lines.push_back({line_id, sold_at, receipt, item.sku, serial, d.returnable});
    }
  }
  return lines;
}

// Drives cases through the real service, with a clock that walks forward through their history.
class CaseScenario {
 public:
  CaseScenario(Database& db, const Config& config, const DemoOptions& options, DemoRandom& rng,
               const std::vector<DemoLine>& lines)
      : service_(db, config, [this] { return clock_; }), options_(options), rng_(rng), lines_(lines) {}

  Result<int> run() {
    using S = CaseStatus;
    const std::vector<std::vector<S>> repair_paths = {
        {},
        {S::diagnosing},
        {S::diagnosing, S::awaiting_approval},
        {S::diagnosing, S::awaiting_parts},
        {S::diagnosing, S::repairing},
        {S::diagnosing, S::repairing, S::ready_for_pickup},
        {S::diagnosing, S::repairing, S::ready_for_pickup, S::completed},
        {S::cancelled},
    };
    const std::vector<std::vector<S>> return_paths = {
        {},
        {S::received},
        {S::received, S::approved},
        {S::received, S::rejected},
        {S::received, S::approved, S::completed},
        {S::cancelled},
    };
    int opened = 0;
    for (const auto& path : repair_paths)
      for (int i = 0; i < options_.cases_per_status; ++i) {
        if (auto r = repair(path); !r) return std::unexpected(r.error());
        ++opened;
      }
    for (const auto& path : return_paths)
      for (int i = 0; i < options_.cases_per_status; ++i) {
        if (auto r = return_case(path); !r) return std::unexpected(r.error());
        ++opened;
      }
    return opened;
  }

 private:
  CustomerContact customer() {
    CustomerContact c;
    c.name = rng_.pick(kFirstNames) + " " + rng_.pick(kLastNames);
    c.phone = fmt::format("+1 555 {:03} {:04}", rng_.between(100, 999), rng_.between(0, 9999));
    if (rng_.chance(60)) c.email = fmt::format("customer{}@example.com", rng_.between(1000, 9999));
    c.notify_consent = rng_.chance(80);
    return c;
  }

  // Opens some days ago and spreads the steps over the time since.
  void set_times(int steps, int max_age_days) {
    age_ = std::chrono::hours{24 * rng_.between(1, max_age_days) + rng_.between(0, 8)};
    step_ = age_ / (steps + 1);
    clock_ = options_.now - age_;
  }

  Result<void> walk(const std::string& code, const std::vector<CaseStatus>& path) {
    bool returning = case_code_kind(code) == CaseKind::return_item;
    for (CaseStatus to : path) {
      clock_ += step_;
      Result<Case> moved;
      if (to == CaseStatus::awaiting_approval) {
        moved = service_.record_estimate(
            code,
            {{"part", "Replacement part", 1, rng_.between(20, 180) * 100}, {"labour", "Labour, one hour", 1, 4500}},
            "tech.sam");
      } else if (returning && to == CaseStatus::received) {
        moved = service_.inspect_return(code, rng_.chance(70) ? ItemCondition::opened : ItemCondition::sealed,
                                        "Complete, in its box", "clerk.ana");
      } else if (returning && to == CaseStatus::approved) {
        auto c = service_.find_by_code(code);
        if (!c) return std::unexpected(c.error());
        moved = service_.decide_return(code, {c->return_outcomes.front(), ""}, "clerk.ana");
      } else if (returning && to == CaseStatus::rejected) {
        moved = service_.decide_return(
            code, {std::nullopt, "Item shows liquid damage, which the return policy excludes"}, "clerk.ana");
      } else {
        std::string note = to == CaseStatus::cancelled          ? "Customer asked to collect it unrepaired"
                           : to == CaseStatus::ready_for_pickup ? "Repaired and tested: ready for you"
                                                                : "";
        moved = service_.advance(code, to, {"clerk.ana", note, true});
      }
      if (!moved) return std::unexpected(moved.error());
      if (to == CaseStatus::completed && rng_.chance(75)) give_feedback(moved->token);
    }
    return {};
  }

  // Most customers rate a finished case well; a few say what went wrong.
  void give_feedback(const std::string& token) {
    static const std::vector<std::pair<int, std::string>> kFeedback = {
        {5, "Fast and friendly, thank you!"},
        {5, ""},
        {4, "Good repair, but I had to call twice for news."},
        {5, "The text message when it was ready was very handy."},
        {4, ""},
        {3, "Took longer than promised."},
        {2, "Nobody told me the part was delayed."},
        {5, "Exchange done in five minutes."},
    };
    const auto& [rating, comment] = rng_.pick(kFeedback);
    clock_ += std::chrono::hours{3};
    (void)service_.record_feedback(token, rating, comment);  // once per case; a second try is refused, harmlessly
  }

  Result<void> repair(const std::vector<CaseStatus>& path) {
    set_times(static_cast<int>(path.size()), 25);
    for (int attempt = 0; attempt < 50; ++attempt) {
      const DemoLine& line = rng_.pick(lines_);
      if (line.serial.empty() || line.sold_at >= clock_) continue;
      RepairDraft draft;
      draft.serial = line.serial;
      const auto& problem =
          kProblems[static_cast<std::size_t>(rng_.between(0, static_cast<int>(kProblems.size()) - 1))];
      draft.problem_category = problem[0];
      draft.problem = problem[1];
      draft.accessories = rng_.chance(50) ? "Charger" : "";
      draft.condition_notes = rng_.chance(30) ? "Light scratches on the back" : "No visible damage";
      draft.customer = customer();
      draft.accepts_diagnostic_fee = true;
      auto opened = service_.open_repair(draft, "kiosk-1");
      if (!opened) return std::unexpected(opened.error());
      return walk(opened->code, path);
    }
    return fail(ErrorKind::not_found, "demo: no serialised sale to repair");
  }

  Result<void> return_case(const std::vector<CaseStatus>& path) {
    for (int attempt = 0; attempt < 400; ++attempt) {
      const DemoLine& line = lines_[lines_.size() - 1 - static_cast<std::size_t>(rng_.between(0, 400))];
      if (!line.returnable || used_lines_.contains(line.id)) continue;
      auto since_sale = options_.now - line.sold_at;
      if (since_sale < std::chrono::hours{48}) continue;
      age_ = std::chrono::duration_cast<std::chrono::seconds>(since_sale) - std::chrono::hours{24};
      step_ = std::chrono::hours{24} / (static_cast<int>(path.size()) + 1);
      clock_ = options_.now - age_;
      ReturnDraft draft;
      draft.receipt_number = line.receipt;
      draft.sku_or_serial = line.serial.empty() ? line.sku : line.serial;
      draft.reason = rng_.chance(60) ? ReturnReason::changed_mind : ReturnReason::defective;
      draft.condition = rng_.chance(50) ? ItemCondition::sealed : ItemCondition::opened;
      if (rng_.chance(70)) draft.customer = customer();
      auto opened = service_.open_return(draft, "kiosk-1");
      if (!opened && opened.error().field == "phone") {  // the store's return controls need a contact
        draft.customer = customer();
        opened = service_.open_return(draft, "kiosk-1");
      }
      if (!opened) {
        if (opened.error().kind == ErrorKind::refused) continue;  // outside the policy: pick another
        return std::unexpected(opened.error());
      }
      used_lines_.insert(line.id);
      return walk(opened->code, path);
    }
    return fail(ErrorKind::not_found, "demo: no recent sale that can be returned");
  }

  CaseService service_;
  const DemoOptions& options_;
  DemoRandom& rng_;
  const std::vector<DemoLine>& lines_;
  Instant clock_;
  std::chrono::seconds age_{0};
  std::chrono::seconds step_{0};
  std::set<std::int64_t> used_lines_;
};

}  // namespace

Result<DemoSummary> generate_demo(Database& db, const Config& config, const DemoOptions& options) {
  if (options.sales < 500 || options.sales > 5'000'000)
    return fail(ErrorKind::invalid_input, "The demo needs from 500 to 5,000,000 sales.", "sales");
  return storage_guard<DemoSummary>([&]() -> Result<DemoSummary> {
    bool has_data = [&] {
      Statement existing = db.prepare("SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM sales)");
      existing.step();
      return existing.get_int(0) > 0;
    }();
    if (has_data)
      return fail(ErrorKind::conflict,
                  "This database already holds products or sales; the demo only fills an empty database. Use "
                  "another --db path.");
    DemoRandom rng(options.seed);
    DemoSummary summary;
    std::vector<DemoLine> lines;
    {
      WriteTransaction tx(db);
      Catalog catalog = insert_catalog(db, rng);
      summary.products = static_cast<int>(catalog.items.size());
      summary.plans = static_cast<int>(catalog.plan_ids.size());
      lines = insert_sales(db, config, catalog, options, rng, summary.sale_lines);
      summary.sales = options.sales;
      tx.commit();
    }
    CaseScenario scenario(db, config, options, rng, lines);
    auto cases = scenario.run();
    if (!cases) return std::unexpected(cases.error());
    summary.cases = *cases;
    return summary;
  });
}

}  // namespace aftersales
