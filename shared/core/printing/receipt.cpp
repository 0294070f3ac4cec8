#include "core/printing/receipt.h"

#include "core/base/text.h"
#include "core/domain/local_format.h"

namespace aftersales {
namespace {

std::string outcome_words(const std::vector<ReturnOutcome>& outcomes, Language lang) {
  std::string words;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (i > 0) words += i + 1 == outcomes.size() ? std::string(tr(lang, " or ")) : std::string(", ");
    switch (outcomes[i]) {
      case ReturnOutcome::refund: words += tr(lang, "refund"); break;
      case ReturnOutcome::exchange: words += tr(lang, "exchange"); break;
      case ReturnOutcome::store_credit: words += tr(lang, "store credit"); break;
    }
  }
  return words;
}

std::string warranty_words(const Case& c, Language lang) {
  switch (c.warranty) {
    case CoverageStatus::manufacturer:
      return std::string(tr(lang, "Under manufacturer's warranty: no charge for covered faults"));
    case CoverageStatus::plan: return std::string(tr(lang, "Covered by your protection plan"));
    case CoverageStatus::workmanship: return std::string(tr(lang, "Covered by our repair warranty"));
    case CoverageStatus::expired:
    case CoverageStatus::unknown_serial:
      return trf(lang, "Out of warranty: diagnostic fee {} accepted", format_price(c.diagnostic_fee_cents));
  }
  return {};
}

// For a return the warranty line says only whether the item is still covered.
std::string return_warranty_words(const Case& c, Language lang) {
  switch (c.warranty) {
    case CoverageStatus::manufacturer: return std::string(tr(lang, "Under manufacturer's warranty"));
    case CoverageStatus::plan: return std::string(tr(lang, "Covered by your protection plan"));
    case CoverageStatus::workmanship: return std::string(tr(lang, "Covered by our repair warranty"));
    case CoverageStatus::expired:
    case CoverageStatus::unknown_serial: return std::string(tr(lang, "Out of warranty"));
  }
  return {};
}

std::string next_steps(const Case& c, const Config& config, Language lang, Instant now) {
  std::string promised = format_date(config.time_zone.local_date(c.promised_at(now)), lang);
  if (c.kind == CaseKind::repair && !c.notify_consent)
    return trf(lang,
               "We will check your item. We send no messages: scan the QR code below to see what we find and "
               "answer any estimate. We aim to have it ready by {}. Bring this receipt to collect it.",
               promised);
  if (c.kind == CaseKind::repair)
    return trf(lang,
               "We will check your item and tell you what we find. We aim to have it ready by {}. Bring this "
               "receipt to collect it.",
               promised);
  return trf(lang,
             "Bring the item with all its parts and this receipt to the service counter. We check it and confirm "
             "your {} by {}.",
             outcome_words(c.return_outcomes, lang), promised);
}

}  // namespace

std::string qr_status_url(const Config& config, const std::string& token) {
  const std::string& base = config.server.public_base_url;
  auto scheme_end = base.find("://");
  bool host_only = scheme_end != std::string::npos && base.find('/', scheme_end + 3) == std::string::npos;
  if (!host_only) return base + "/s/" + token;
  return to_upper_ascii(base) + "/S/" + token;
}

std::string receipt_terms(Language lang) {
  return std::string(tr(lang, "Items not collected within 90 days may be recycled. Terms at the service counter."));
}

Receipt build_receipt(const Case& c, const Config& config, Language lang, Instant now,
                      const std::optional<Loan>& loan) {
  Receipt r;
  r.language = lang;
  r.store_name = config.store.name;
  r.store_address = config.store.address;
  r.store_phone = config.store.phone;
  r.title = std::string(c.kind == CaseKind::repair ? tr(lang, "Repair check-in") : tr(lang, "Return request"));
  r.code = c.code;
  r.issued_at = config.time_zone.format_local(c.created_at);
  r.details.emplace_back(tr(lang, "Product"), c.product_name);
  if (c.serial && !c.serial->empty()) r.details.emplace_back(tr(lang, "Serial"), *c.serial);
  if (!c.sold_by_store.empty() && c.sold_at)  // in a chain the sale may be another store's
    r.details.emplace_back(tr(lang, "Bought at"), trf(lang, "{}, {}", c.sold_by_store,
                                                      format_date(config.time_zone.local_date(*c.sold_at), lang)));
  if (c.kind == CaseKind::repair) {
    r.details.emplace_back(tr(lang, "Problem"), c.problem);
    if (!c.accessories.empty()) r.details.emplace_back(tr(lang, "Accessories left"), c.accessories);
    r.details.emplace_back(tr(lang, "Warranty"), warranty_words(c, lang));
    // Waived by a manager, or the repair collected: no longer asked back at pickup.
    if (loan && loan->blocks_pickup() && c.is_open())
      r.details.emplace_back(tr(lang, "Loaner"), trf(lang, "{} {}, to return at pickup", loan->tag, loan->description));
  } else {
    if (c.return_reason) r.details.emplace_back(tr(lang, "Reason"), return_reason_words(*c.return_reason, lang));
    if (c.return_quantity) r.details.emplace_back(tr(lang, "Quantity"), std::to_string(*c.return_quantity));
    std::string decision = trf(lang, "Possible: {}", outcome_words(c.return_outcomes, lang));
    if (c.restocking_fee_cents > 0)
      decision += ". " + trf(lang, "A restocking fee of {} applies to a refund", format_price(c.restocking_fee_cents));
    r.details.emplace_back(tr(lang, "Decision"), decision);
    r.details.emplace_back(tr(lang, "Warranty"), return_warranty_words(c, lang));
  }
  r.next_steps = next_steps(c, config, lang, now);
  r.terms = receipt_terms(lang);
  r.status_url = qr_status_url(config, c.token);
  r.scan_prompt = std::string(tr(lang, "Scan to track your case"));
  return r;
}

StaffLabel build_staff_label(const Case& c, const Config& config) {
  return {c.code,
          c.customer_name,
          c.product_name,
          c.serial.value_or(""),
          format_date(config.time_zone.local_date(c.created_at)),
          c.accessories};
}

PrintDocument layout_receipt(const Receipt& r) {
  PrintDocument doc;
  doc.text(r.store_name, Align::center, true)
      .text(r.store_address, Align::center)
      .text(r.store_phone, Align::center)
      .rule()
      .text(r.title, Align::center, true)
      .text(r.code, Align::center, true, true)
      .text(r.issued_at, Align::center)
      .rule();
  for (const auto& [label, value] : r.details) doc.text(trf(r.language, "{}: {}", label, value));
  doc.rule()
      .text(r.next_steps)
      .space()
      .qr(r.status_url)
      .text(r.scan_prompt, Align::center, true)
      .text(r.code, Align::center, true)
      .rule()
      .text(r.terms);
  return doc;
}

PrintDocument layout_staff_label(const StaffLabel& l) {
  PrintDocument doc;
  doc.text(l.code, Align::center, true, true).qr(l.code).text(l.customer_name, Align::center, true).text(l.product);
  if (!l.serial.empty()) doc.text("S/N " + l.serial);
  doc.text(l.checked_in);
  if (!l.accessories.empty()) doc.text("+ " + l.accessories);
  return doc;
}

std::vector<PrintDocument> opening_prints(const Case& c, const Config& config, Language language, Instant now,
                                          const std::optional<Loan>& loan) {
  std::vector<PrintDocument> prints{layout_receipt(build_receipt(c, config, language, now, loan))};
  if (c.kind == CaseKind::repair) prints.push_back(layout_staff_label(build_staff_label(c, config)));
  return prints;
}

}  // namespace aftersales
