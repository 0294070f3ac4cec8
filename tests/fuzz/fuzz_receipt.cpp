// The receipt and the staff label with whatever names, notes and serials people typed: they build,
// lay out and render to ESC/POS without crashing, and the printer gets no control bytes from the
// text (only the ones the renderer writes itself). The input's lines fill the case's fields.
#include <cstddef>
#include <cstdint>
#include <iterator>

#include "core/domain/case.h"
#include "core/printing/escpos.h"
#include "core/printing/receipt.h"
#include "fuzz_check.h"

using namespace aftersales;

namespace {

std::string next_line(std::string_view& rest) {
  auto end = rest.find('\n');
  std::string line(rest.substr(0, end));
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return line;
}

Case case_from(std::uint8_t shape, std::string_view rest) {
  Case c;
  c.code = "R7K-4PQ-92X";
  c.token = "ABCDEFGHJKMNPQRSTVWXYZ0123";
  c.kind = shape % 2 ? CaseKind::repair : CaseKind::return_item;
  c.created_at = c.updated_at = c.due_at = Instant{} + std::chrono::hours(24 * 20000);
  c.product_name = next_line(rest);
  if (shape & 2) c.serial = next_line(rest);
  c.customer_name = next_line(rest);
  c.problem = next_line(rest);
  c.accessories = next_line(rest);
  c.resolution = std::string(rest);
  if (c.kind == CaseKind::return_item) {
    c.return_quantity = 1 + shape % 5;
    c.return_reason = ReturnReason::defective;
    c.return_outcomes = {ReturnOutcome::refund};
    c.restocking_fee_cents = (shape & 4) ? 1550 : 0;
  }
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const Config config = default_config();
  Case c = case_from(data[0], fuzz::as_text(data + 1, size - 1));
  auto language = kAllLanguages[data[0] % std::size(kAllLanguages)];
  Receipt receipt = build_receipt(c, config, language, c.created_at);
  EscPosOptions options;
  options.paper = PaperWidth::from_mm(data[0] & 8 ? 58 : 80);
  options.native_qr = (data[0] & 16) != 0;
  auto bytes = render_escpos(
      std::vector<PrintDocument>{layout_receipt(receipt), layout_staff_label(build_staff_label(c, config))}, options);
  FUZZ_EXPECT(bytes.has_value());
  FUZZ_EXPECT(!bytes->empty());
  return 0;
}
