// A receipt sent instead of printed (case_service.h): the receipt as the printer draws it, attached
// to an e-mail, or its link by SMS, written to the outbox for the sender to deliver.
#include <algorithm>

#include "core/notify/outbox.h"
#include "core/printing/receipt.h"
#include "core/printing/receipt_image.h"
#include "core/services/case_service.h"
#include "core/storage/database.h"

namespace aftersales {
namespace {

Result<std::string> receipt_png(const Receipt& receipt, const Config& config) {
  auto image = render_image(layout_receipt(receipt), ImageOptions{PaperWidth::from_mm(config.printer.paper_width_mm)});
  if (!image) return std::unexpected(image.error());
  auto png = encode_png(*image);
  if (!png) return std::unexpected(png.error());
  return std::string(png->begin(), png->end());
}

}  // namespace

Result<void> CaseService::send_receipt(const Case& c, const std::vector<std::string>& channels, Language language) {
  Instant now = clock_();
  Receipt receipt = build_receipt(c, config_, language, now);
  ReceiptMessage message{
      trf(language, "Your receipt: {} {}", receipt.title, c.code),
      trf(language, "Here is your receipt for case {}: {}. Follow your case here:", c.code, receipt.title),
      {}};
  if (std::ranges::find(channels, "email") != channels.end()) {
    auto png = receipt_png(receipt, config_);
    if (!png) return std::unexpected(png.error());
    message.png = std::move(*png);
  }
  return storage_guard<void>([&]() -> Result<void> {
    WriteTransaction tx(db_);
    for (const std::string& channel : channels)
      if (auto queued = queue_receipt_message(db_, config_, c, channel, message, language, now); !queued) return queued;
    tx.commit();
    return {};
  });
}

}  // namespace aftersales
