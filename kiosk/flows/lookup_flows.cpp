#include "lookup_flows.h"

#include "scan_input.h"

namespace aftersales::kiosk {

void WarrantyLookupFlow::submit() {
  card_.reset();
  error_.reset();
  auto info = services_.warranty.by_serial(clean_scan(serial_input), services_.cases.now());
  if (info)
    card_ = std::move(*info);
  else
    error_ = info.error();
}

void TrackFlow::submit(Language language) {
  status_.reset();
  error_.reset();
  std::string token;
  if (auto link = parse_status_link(input)) {
    token = link->token;
  } else {
    auto c = services_.cases.find_by_code(clean_scan(input));
    if (!c) {
      error_ = c.error();
      return;
    }
    token = c->token;
  }
  auto view = build_status_view(services_.cases, token, services_.config, language);
  if (view)
    status_ = std::move(*view);
  else
    error_ = view.error();
}

}  // namespace aftersales::kiosk
