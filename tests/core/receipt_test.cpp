#include "core/printing/receipt.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/domain/local_format.h"
#include "core/printing/escpos.h"
#include "core/printing/payment_receipt.h"
#include "core/printing/receipt_image.h"
#include "support/qr_decode.h"
#include "support/test_store.h"
#include "support/translated_literals.h"

namespace aftersales {
namespace {

using testing::at;
using testing::decode_qr_codes;

class Receipts : public testing::TestStore {
 protected:
  void SetUp() override {
    TestStore::SetUp();
    config.store.name = "Tienda Ñandú";
    config.server.public_base_url = "https://service.example.com";
    add_sale("7001", at("2026-02-01T10:00:00Z"), {{"PHONE-1", "SN-7001", 1, 49900}});
    add_sale("7002", at("2026-02-25T10:00:00Z"), {{"PHONE-1", "SN-7002", 1, 49900}});
    auto draft = repair_draft("SN-7001");
    draft.accessories = "Charger, case";
    auto opened_repair = cases->open_repair(draft, "kiosk");
    ASSERT_TRUE(opened_repair) << opened_repair.error().message;
    repair = *opened_repair;
    auto opened_return =
        cases->open_return({"7002", "SN-7002", 1, ReturnReason::changed_mind, ItemCondition::sealed, "", {}}, "kiosk");
    ASSERT_TRUE(opened_return) << opened_return.error().message;
    ret = *opened_return;
  }
  std::string url(const Case& c) { return "HTTPS://SERVICE.EXAMPLE.COM/S/" + c.token; }
  Case repair, ret;
};

TEST_F(Receipts, TheQrLinkFitsAlphanumericModeWhenTheBaseUrlIsOnlyAHost) {
  EXPECT_EQ(qr_status_url(config, "ABC"), "HTTPS://SERVICE.EXAMPLE.COM/S/ABC");
  config.server.public_base_url = "https://example.com/service";
  EXPECT_EQ(qr_status_url(config, "ABC"), "https://example.com/service/s/ABC");
}

TEST_F(Receipts, ReceiptHoldsWhatTheCustomerNeeds) {
  Receipt r = build_receipt(repair, config, Language::en, now);
  EXPECT_EQ(r.store_name, "Tienda Ñandú");
  EXPECT_EQ(r.title, "Repair check-in");
  EXPECT_EQ(r.code, repair.code);
  EXPECT_EQ(r.status_url, url(repair));
  EXPECT_EQ(r.scan_prompt, "Scan to track your case");
  std::map<std::string, std::string> details(r.details.begin(), r.details.end());
  EXPECT_EQ(details["Product"], "Acme Model PHONE-1");
  EXPECT_EQ(details["Serial"], "SN-7001");
  EXPECT_EQ(details["Bought at"], "Test, " + format_date(testing::day(2026, 2, 1), Language::en))
      << "where and when, from the sale (in a chain, maybe another store's)";
  EXPECT_EQ(details["Problem"], "Screen stays black");
  EXPECT_EQ(details["Accessories left"], "Charger, case");
  EXPECT_NE(details["Warranty"].find("manufacturer"), std::string::npos);
  // Dates as a person reads them ("12 Dec 2026"), not ISO.
  Date due = config.time_zone.local_date(repair.due_at);
  EXPECT_NE(r.next_steps.find(format_date(due, Language::en)), std::string::npos) << r.next_steps;
  EXPECT_EQ(r.next_steps.find(format_date(due)), std::string::npos) << r.next_steps;
  // Without consent the receipt promises no message: it points to the QR instead.
  Case silent = repair;
  silent.notify_consent = false;
  std::string silent_steps = build_receipt(silent, config, Language::en, now).next_steps;
  EXPECT_EQ(silent_steps.find("tell you"), std::string::npos) << silent_steps;
  EXPECT_NE(silent_steps.find("We send no messages"), std::string::npos) << silent_steps;
  Case told = repair;
  told.notify_consent = true;
  EXPECT_NE(build_receipt(told, config, Language::en, now).next_steps.find("tell you what we find"), std::string::npos);

  Receipt rr = build_receipt(ret, config, Language::en, now);
  std::map<std::string, std::string> rd(rr.details.begin(), rr.details.end());
  EXPECT_EQ(rr.title, "Return request");
  EXPECT_EQ(rd["Reason"], "Changed my mind");
  EXPECT_EQ(rd["Decision"], "Possible: refund, exchange or store credit");
  EXPECT_EQ(rd["Warranty"], "Under manufacturer's warranty");
}

TEST_F(Receipts, ReceiptSpeaksTheSessionsLanguage) {
  Receipt es = build_receipt(ret, config, Language::es, now);
  EXPECT_EQ(es.title, "Solicitud de devolución");
  EXPECT_EQ(es.scan_prompt, "Escanee para seguir su caso");
  Receipt fr = build_receipt(ret, config, Language::fr, now);
  std::map<std::string, std::string> fd(fr.details.begin(), fr.details.end());
  EXPECT_EQ(fd["Décision"], "Possible : remboursement, échange ou avoir");
  PrintDocument doc = layout_receipt(fr);
  bool french_colon = false;
  for (const auto& block : doc.blocks)
    if (auto* text = std::get_if<TextBlock>(&block)) french_colon |= text->text == "Motif : J'ai changé d'avis";
  EXPECT_TRUE(french_colon);
}

// Money on paper (payment_receipt.h): the receipt printed again says what was paid and what is
// left; the payments receipt lists each payment, a refund taken off, in the customer's language.
TEST_F(Receipts, APaymentsReceiptListsEachPaymentAndWhatIsLeft) {
  ASSERT_TRUE(cases->advance(repair.code, CaseStatus::diagnosing, {"tech", "", false}));
  ASSERT_TRUE(cases->record_estimate(repair.code, {{"part", "Screen", 1, 8900}}, "tech"));
  ASSERT_TRUE(cases->decide_estimate(repair.code, true, "clerk"));
  Receipt untouched = build_receipt(*cases->find_by_code(repair.code), config, Language::en, now);
  std::size_t plain = untouched.details.size();
  ASSERT_TRUE(cases->record_payment(repair.code, {PaymentKind::deposit, PaymentMethod::card, 3000, ""}, "clerk"));
  ASSERT_TRUE(
      cases->record_payment(repair.code, {PaymentKind::refund, PaymentMethod::cash, 500, "Price match"}, "clerk"));
  Case c = *cases->find_by_code(repair.code);
  CaseMoney money = *cases->money(c);

  Receipt again = build_receipt(c, config, Language::en, now);
  add_money_details(again, c, money);
  ASSERT_EQ(again.details.size(), plain + 2);
  EXPECT_EQ(again.details[plain], (std::pair<std::string, std::string>{"Paid", "25.00"}));
  EXPECT_EQ(again.details[plain + 1], (std::pair<std::string, std::string>{"Left to pay", "64.00"}));
  Receipt before_money = untouched;
  add_money_details(before_money, c, CaseMoney{});
  EXPECT_EQ(before_money.details.size(), plain) << "no money moved: no money lines";

  Receipt paid = build_payments_receipt(c, *cases->payments(c.id), money, config, Language::es, now);
  EXPECT_EQ(paid.title, "Pagos");
  EXPECT_EQ(paid.code, c.code);
  EXPECT_EQ(paid.status_url, url(c));
  ASSERT_EQ(paid.details.size(), 5u);
  EXPECT_EQ(paid.details[1].first, config.time_zone.format_local(now) + ", Depósito (tarjeta)");
  EXPECT_EQ(paid.details[1].second, "30.00");
  EXPECT_EQ(paid.details[2].first, config.time_zone.format_local(now) + ", Reembolso (efectivo)");
  EXPECT_EQ(paid.details[2].second, "-5.00");
  EXPECT_EQ(paid.details[4], (std::pair<std::string, std::string>{"Queda por pagar", "64.00"}));
  EXPECT_EQ(paid.next_steps, "Lo que ha pagado se descuenta de lo que queda por pagar al recoger.");
  for (unsigned char ch : encode_pc858(paid.next_steps + paid.details[1].first)) EXPECT_NE(ch, '?');

  ASSERT_TRUE(cases->record_payment(repair.code, {PaymentKind::payment, PaymentMethod::cash, 6400, ""}, "clerk"));
  c = *cases->find_by_code(repair.code);
  Receipt settled = build_payments_receipt(c, *cases->payments(c.id), *cases->money(c), config, Language::en, now);
  EXPECT_EQ(settled.next_steps, "Thank you: nothing is left to pay.");
  EXPECT_EQ(settled.details.back(), (std::pair<std::string, std::string>{"Paid", "89.00"}));
}

// Every string the receipts translate must exist in every catalog, with the same placeholders.
// Every string the receipts and status pages translate (literal ids in the sources, status labels,
// kinds) must exist in every catalog, with the same placeholders.
std::vector<std::string> translated_ids() {
  std::vector<std::string> ids;
  std::vector<std::filesystem::path> files;
  for (const char* file : {"/shared/core/printing/receipt.cpp", "/shared/core/printing/payment_receipt.cpp",
                           "/shared/core/domain/return_policy.cpp", "/shared/core/present/status_view.cpp",
                           "/shared/core/notify/outbox.cpp", "/shared/core/services/case_receipts.cpp",
                           "/backoffice/server/status_pages.cpp", "/backoffice/server/status_app.cpp"})
    files.emplace_back(std::string(AFTERSALES_SOURCE_DIR) + file);
  for (const std::string& id : testing::translated_literals(files, {"lang", "language", "r.language"}))
    ids.push_back(id);
  for (CaseStatus status : kAllStatuses) ids.emplace_back(status_label(status));
  for (const char* id :
       {"Repair", "Return", "Feedback opens once the case is completed.", "Please choose from 1 to 5 stars.",
        "Thank you: your feedback for this case is already in.", "Please keep the comment under 1000 characters."})
    ids.emplace_back(id);
  return ids;
}

TEST(Translations, CatalogsCoverEveryTranslatedString) {
  int found = 0;
  for (const std::string& id : translated_ids()) {
    ++found;
    for (Language language : {Language::es, Language::fr}) {
      auto ids = catalog_ids(language);
      EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end())
          << "missing in " << language_code(language) << ": " << id;
      std::string_view text = tr(language, id);
      auto placeholders = [](std::string_view s) { return std::count(s.begin(), s.end(), '{'); };
      EXPECT_EQ(placeholders(text), placeholders(id)) << id;
    }
  }
  EXPECT_GT(found, 80);
  EXPECT_EQ(parse_language("es-ES"), Language::es);
  EXPECT_EQ(parse_language("FR"), Language::fr);
  EXPECT_FALSE(parse_language("de"));
  EXPECT_FALSE(parse_language("esperanto"));
}

TEST_F(Receipts, PngShowsTheCodeAndAQrThatDecodesToTheExactUrl) {
  for (int mm : {58, 80}) {
    auto image =
        render_image(layout_receipt(build_receipt(repair, config, Language::en, now)), {PaperWidth::from_mm(mm), 6});
    ASSERT_TRUE(image) << image.error().message;
    EXPECT_EQ(image->width, mm == 58 ? 384 : 576);
    EXPECT_GT(image->height, 600);
    EXPECT_EQ(decode_qr_codes(*image), std::vector<std::string>{url(repair)}) << mm;
    auto png = encode_png(*image);
    ASSERT_TRUE(png);
    ASSERT_GT(png->size(), 8u);
    EXPECT_EQ(std::string(png->begin() + 1, png->begin() + 4), "PNG");
  }
}

TEST_F(Receipts, StaffLabelQrHoldsTheCaseCode) {
  StaffLabel label = build_staff_label(repair, config);
  EXPECT_EQ(label.accessories, "Charger, case");
  EXPECT_EQ(label.customer_name, "Jane Doe");
  auto image = render_image(layout_staff_label(label), {PaperWidth::from_mm(58), 6});
  ASSERT_TRUE(image);
  EXPECT_EQ(decode_qr_codes(*image), std::vector<std::string>{repair.code});
}

TEST(QrCode, IsLevelMWithQuietZoneAndReadable) {
  auto qr = encode_qr("HTTPS://SERVICE.EXAMPLE.COM/S/0123456789ABCDEFGHJKMNPQRS");
  ASSERT_TRUE(qr);
  EXPECT_LE(qr->size, 33);  // version 4 or smaller thanks to alphanumeric mode
  GrayImage image = qr_image(*qr, 5);
  EXPECT_EQ(image.width, (qr->size + 8) * 5);
  for (int x = 0; x < image.width; ++x) EXPECT_EQ(image.at(x, 4 * 5 - 1), 255);  // quiet zone row is white
  EXPECT_EQ(decode_qr_codes(image).at(0), "HTTPS://SERVICE.EXAMPLE.COM/S/0123456789ABCDEFGHJKMNPQRS");
  EXPECT_FALSE(encode_qr(""));
  EXPECT_FALSE(encode_qr(std::string(5000, 'x')));
}

// ---- ESC/POS, walked command by command ----

struct EscPosWalk {
  std::vector<std::string> lines;  // text lines as sent (PC858 bytes)
  std::vector<std::string> commands;
  std::string qr_data;
  int qr_module = 0, qr_level = 0;
  bool qr_printed = false;
  GrayImage raster;
  std::string error;
};

EscPosWalk walk(const std::vector<std::uint8_t>& bytes) {
  EscPosWalk w;
  std::string line;
  std::size_t i = 0;
  auto need = [&](std::size_t n) { return i + n <= bytes.size(); };
  while (i < bytes.size()) {
    std::uint8_t b = bytes[i];
    if (b == 0x0A) {
      w.lines.push_back(line);
      line.clear();
      ++i;
    } else if (b == 0x1B && need(2)) {
      char c = static_cast<char>(bytes[i + 1]);
      if (c == '@') {
        w.commands.push_back("init");
        i += 2;
      } else if ((c == 't' || c == 'a' || c == 'E' || c == 'd') && need(3)) {
        w.commands.push_back(std::string(1, c) + std::to_string(bytes[i + 2]));
        i += 3;
      } else {
        w.error = "unknown ESC " + std::to_string(bytes[i + 1]);
        return w;
      }
    } else if (b == 0x1D && need(3) && bytes[i + 1] == '!') {
      w.commands.push_back("size" + std::to_string(bytes[i + 2]));
      i += 3;
    } else if (b == 0x1D && need(4) && bytes[i + 1] == 'V') {
      w.commands.push_back("cut");
      i += 4;
    } else if (b == 0x1D && need(8) && bytes[i + 1] == '(' && bytes[i + 2] == 'k') {
      std::size_t length = bytes[i + 3] | (bytes[i + 4] << 8);
      std::uint8_t fn = bytes[i + 6];
      if (!need(5 + length)) break;
      if (fn == 67) w.qr_module = bytes[i + 7];
      if (fn == 69) w.qr_level = bytes[i + 7];
      if (fn == 80)
        w.qr_data.assign(bytes.begin() + static_cast<long>(i + 8), bytes.begin() + static_cast<long>(i + 5 + length));
      if (fn == 81) w.qr_printed = true;
      w.commands.push_back("qr" + std::to_string(fn));
      i += 5 + length;
    } else if (b == 0x1D && need(8) && bytes[i + 1] == 'v' && bytes[i + 2] == '0') {
      int width_bytes = bytes[i + 4] | (bytes[i + 5] << 8), height = bytes[i + 6] | (bytes[i + 7] << 8);
      i += 8;
      if (!need(static_cast<std::size_t>(width_bytes * height))) break;
      w.raster = {width_bytes * 8, height,
                  std::vector<std::uint8_t>(static_cast<std::size_t>(width_bytes * 8 * height), 255)};
      for (int y = 0; y < height; ++y)
        for (int x = 0; x < width_bytes * 8; ++x)
          if (bytes[i + static_cast<std::size_t>(y * width_bytes + x / 8)] & (0x80 >> (x % 8)))
            w.raster.pixels[static_cast<std::size_t>(y * width_bytes * 8 + x)] = 0;
      i += static_cast<std::size_t>(width_bytes * height);
      w.commands.push_back("raster");
    } else if (b < 0x20) {
      w.error = "stray control byte " + std::to_string(b);
      return w;
    } else {
      line.push_back(static_cast<char>(b));
      ++i;
    }
  }
  if (!line.empty()) w.error = "text after the last line feed";
  return w;
}

TEST_F(Receipts, EscPosWithNativeQrHasTheRightStructure) {
  Receipt r = build_receipt(repair, config, Language::en, now);
  auto bytes = render_escpos(layout_receipt(r), {PaperWidth::from_mm(80), true, 6});
  ASSERT_TRUE(bytes);
  EscPosWalk w = walk(*bytes);
  ASSERT_TRUE(w.error.empty()) << w.error;
  ASSERT_GE(w.commands.size(), 4u);
  EXPECT_EQ(w.commands[0], "init");
  EXPECT_EQ(w.commands[1], "t19");  // code page PC858
  EXPECT_EQ(w.commands.back(), "cut");
  EXPECT_EQ(w.commands[w.commands.size() - 2], "d4");
  EXPECT_EQ(w.qr_data, url(repair));
  EXPECT_EQ(w.qr_module, 6);
  EXPECT_EQ(w.qr_level, 49);  // M
  EXPECT_TRUE(w.qr_printed);
  EXPECT_NE(std::find(w.commands.begin(), w.commands.end(), "size17"), w.commands.end());  // double size code
  EXPECT_NE(std::find(w.lines.begin(), w.lines.end(), repair.code), w.lines.end());
  EXPECT_NE(std::find(w.lines.begin(), w.lines.end(), encode_pc858("Tienda Ñandú")), w.lines.end());
  for (const auto& line : w.lines) EXPECT_LE(line.size(), 48u) << line;
}

TEST_F(Receipts, EscPosRasterQrDecodesFromTheBitsSentToThePrinter) {
  for (int mm : {58, 80}) {
    auto bytes = render_escpos(layout_receipt(build_receipt(repair, config, Language::en, now)),
                               {PaperWidth::from_mm(mm), false, 6});
    ASSERT_TRUE(bytes);
    EscPosWalk w = walk(*bytes);
    ASSERT_TRUE(w.error.empty()) << w.error;
    EXPECT_TRUE(w.qr_data.empty());
    ASSERT_GT(w.raster.width, 0);
    EXPECT_EQ(w.raster.width, mm == 58 ? 384 : 576);
    EXPECT_EQ(decode_qr_codes(w.raster), std::vector<std::string>{url(repair)});
    for (const auto& line : w.lines) EXPECT_LE(line.size(), mm == 58 ? 32u : 48u) << line;
  }
}

TEST_F(Receipts, ARepairCheckInPrintsTheReceiptThenTheLabelEachCutOff) {
  auto bytes = render_escpos(opening_prints(repair, config, Language::en, now), {PaperWidth::from_mm(80), false, 6});
  ASSERT_TRUE(bytes);
  EscPosWalk w = walk(*bytes);
  ASSERT_TRUE(w.error.empty()) << w.error;
  EXPECT_EQ(std::count(w.commands.begin(), w.commands.end(), "cut"), 2);
  EXPECT_EQ(std::count(w.commands.begin(), w.commands.end(), "raster"), 2);
  EXPECT_EQ(decode_qr_codes(w.raster), std::vector<std::string>{repair.code});  // the last raster is the label's
  EXPECT_EQ(opening_prints(ret, config, Language::en, now).size(), 1u);         // returns have no bag label
}

TEST(EscPos, TextOutsideTheCodePageDegradesReadably) {
  EXPECT_EQ(encode_pc858("Café"), "Caf\x82");
  EXPECT_EQ(encode_pc858("ñ €5"),
            "\xA4 \xD5"
            "5");
  EXPECT_EQ(encode_pc858("Łódź “quoted” …"),
            "L\xA2"
            "dz \"quoted\" ...");
  EXPECT_EQ(encode_pc858("😀"), "?");
  EXPECT_EQ(encode_pc858("a\xFF"
                         "b"),
            "a?b");  // invalid UTF-8
  EXPECT_EQ(encode_pc858("tab\there\n"), "tab here?");
  for (unsigned char c : encode_pc858("Œuvre — Zoë’s «naïve» café ½")) EXPECT_GE(c, 0x20);
}

TEST(EscPos, LargeTextWrapsAtHalfTheColumns) {
  PrintDocument doc;
  doc.text(std::string(40, 'X'), Align::center, true, true).text("word " + std::string(60, 'y'));
  auto bytes = render_escpos(doc, {PaperWidth::from_mm(58), true, 6});
  ASSERT_TRUE(bytes);
  EscPosWalk w = walk(*bytes);
  ASSERT_TRUE(w.error.empty());
  EXPECT_EQ(w.lines[0], std::string(16, 'X'));
  EXPECT_EQ(w.lines[3], "word");
  EXPECT_EQ(w.lines[4], std::string(32, 'y'));
}

}  // namespace
}  // namespace aftersales
