// receipt: render a case's receipt (and staff label) as ESC/POS bytes or PNG, or print it.
#include <fmt/format.h>

#include <fstream>
#include <memory>

#include "cli_context.h"
#include "core/printing/escpos.h"
#include "core/printing/payment_receipt.h"
#include "core/printing/printer.h"
#include "core/printing/receipt.h"
#include "core/printing/receipt_image.h"
#include "core/services/case_service.h"

namespace aftersales::cli {
namespace {

struct Options {
  std::string code, png, escpos, language = "en";
  int width_mm = 0;  // 0: from the configuration
  bool print = false, label = false, with_label = false, raster = false, payments = false;
};

// The customer's receipt as printed now: with the loaner still out, and what was paid and what is
// left, for a repair.
Result<Receipt> customer_receipt(CaseService& cases, const Case& c, const Config& config, Language lang) {
  auto loan = cases.current_loan(c.id);
  if (!loan) return std::unexpected(loan.error());
  Receipt r = build_receipt(c, config, lang, cases.now(), *loan);
  if (c.kind != CaseKind::repair) return r;
  auto money = cases.money(c);
  if (!money) return std::unexpected(money.error());
  add_money_details(r, c, *money);
  return r;
}

Result<Receipt> payments_receipt(CaseService& cases, const Case& c, const Config& config, Language lang) {
  if (c.kind != CaseKind::repair)
    return fail(ErrorKind::refused, "Only repairs take money here; a return's refund is made at the till.", "code");
  auto money = cases.money(c);
  if (!money) return std::unexpected(money.error());
  auto payments = cases.payments(c.id);
  if (!payments) return std::unexpected(payments.error());
  return build_payments_receipt(c, *payments, *money, config, lang, cases.now());
}

Result<void> write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!file) return fail(ErrorKind::io, fmt::format("Cannot write {}", path));
  return {};
}

Result<void> run_receipt(CliContext& ctx, const Options& o) {
  auto config = ctx.config();
  if (!config) return std::unexpected(config.error());
  auto db = ctx.database();
  if (!db) return std::unexpected(db.error());
  auto language = parse_language(o.language);
  if (!language) return fail(ErrorKind::invalid_input, "Languages: en, es, fr.", "lang");
  CaseService cases(**db, **config);
  auto c = cases.find_by_code(o.code);
  if (!c) return std::unexpected(c.error());

  std::vector<PrintDocument> documents;
  if (o.label) {
    documents.push_back(layout_staff_label(build_staff_label(*c, **config)));
  } else {
    auto receipt = o.payments ? payments_receipt(cases, *c, **config, *language)
                              : customer_receipt(cases, *c, **config, *language);
    if (!receipt) return std::unexpected(receipt.error());
    documents.push_back(layout_receipt(*receipt));
    if (o.with_label && c->kind == CaseKind::repair)
      documents.push_back(layout_staff_label(build_staff_label(*c, **config)));
  }
  const PrintDocument& document = documents.front();
  PaperWidth paper = PaperWidth::from_mm(o.width_mm ? o.width_mm : (*config)->printer.paper_width_mm);
  EscPosOptions escpos{paper, (*config)->printer.native_qr && !o.raster};
  auto bytes = render_escpos(documents, escpos);
  if (!bytes) return std::unexpected(bytes.error());

  nlohmann::json json = {{"code", c->code}, {"bytes", bytes->size()}, {"paper_dots", paper.dots}};
  if (!o.escpos.empty()) {
    if (auto w = write_bytes(o.escpos, *bytes); !w) return w;
    json["escpos"] = o.escpos;
  }
  if (!o.png.empty()) {
    auto image = render_image(document, {paper, escpos.qr_module_dots});
    if (!image) return std::unexpected(image.error());
    if (auto w = write_png(*image, o.png); !w) return w;
    json["png"] = o.png;
  }
  if (o.print) {
    if (auto printed = send_to_printer((*config)->printer, *bytes); !printed)
      return fail(ErrorKind::io,
                  printed.error().message + " The case is saved; print it again when the printer is ready.");
    json["printed"] = (*config)->printer.connection;
  }
  ctx.print(json, [&] {
    fmt::print("{} for {}: {} bytes of ESC/POS for {} mm paper\n",
               o.label      ? "Label"
               : o.payments ? "Payments receipt"
                            : "Receipt",
               c->code, bytes->size(), paper.dots == 384 ? 58 : 80);
    if (!o.escpos.empty()) fmt::print("  ESC/POS written to {}\n", o.escpos);
    if (!o.png.empty()) fmt::print("  picture written to {}\n", o.png);
    if (o.print) fmt::print("  printed on {}\n", (*config)->printer.connection);
  });
  return {};
}

}  // namespace

void add_receipt_commands(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("receipt", "Render or print a case's receipt (or its staff label)");
  auto o = std::make_shared<Options>();
  cmd->add_option("code", o->code, "Case code")->required();
  cmd->add_option("--png", o->png, "Write a picture of the paper to this PNG file");
  cmd->add_option("--escpos", o->escpos, "Write the printer's bytes to this file");
  cmd->add_option("--width", o->width_mm, "Paper width in mm (default: printer.paper_width_mm)")
      ->check(CLI::IsMember({58, 80}));
  cmd->add_option("--lang", o->language, "Language of the receipt: en, es or fr");
  cmd->add_flag("--label", o->label, "The staff's bag label instead of the customer's receipt");
  cmd->add_flag("--with-label", o->with_label,
                "The receipt and, for a repair, the bag label after it (as at check-in)");
  cmd->add_flag("--payments", o->payments, "A repair's payments receipt: each payment, what is paid and what is left")
      ->excludes("--label")
      ->excludes("--with-label");
  cmd->add_flag("--raster", o->raster, "Print the QR as an image (for printers without a QR command)");
  cmd->add_flag("--print", o->print, "Send it to the printer from the configuration");
  ctx.on(cmd, [&ctx, o]() -> Result<void> { return run_receipt(ctx, *o); });
}

}  // namespace aftersales::cli
