#pragma once
// "Warranty lookup" (serial -> coverage card -> start a repair with it) and "Track my case"
// (scan the receipt's QR or type the case code -> the same status as the phone page).
#include <optional>
#include <string>

#include "core/present/status_view.h"
#include "kiosk_services.h"

namespace aftersales::kiosk {

class WarrantyLookupFlow {
 public:
  explicit WarrantyLookupFlow(KioskServices& services) : services_(services) {}
  std::string serial_input;
  void submit();
  const std::optional<WarrantyInfo>& card() const { return card_; }
  const std::optional<Error>& error() const { return error_; }
  // The serial to carry into a repair check-in.
  std::string serial_for_repair() const { return card_ ? card_->serial : std::string(); }

 private:
  KioskServices& services_;
  std::optional<WarrantyInfo> card_;
  std::optional<Error> error_;
};

class TrackFlow {
 public:
  explicit TrackFlow(KioskServices& services) : services_(services) {}
  std::string input;  // a typed case code, or a scanned status URL
  void submit(Language language);
  const std::optional<StatusView>& status() const { return status_; }
  const std::optional<Error>& error() const { return error_; }

 private:
  KioskServices& services_;
  std::optional<StatusView> status_;
  std::optional<Error> error_;
};

}  // namespace aftersales::kiosk
