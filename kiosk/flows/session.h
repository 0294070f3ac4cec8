#pragma once
// Everything one shopper entered at the kiosk, from Home to Home. When they leave (Done, Cancel, or
// the inactivity countdown) wipe() overwrites what they typed before freeing it, so the next shopper
// (or anyone reading the process's memory) finds nothing of it.
#include <optional>
#include <string>

#include "lookup_flows.h"
#include "repair_flow.h"
#include "return_flow.h"

namespace aftersales::kiosk {

struct Session {
  std::optional<ReturnFlow> returning;
  std::optional<RepairFlow> repair;
  std::optional<WarrantyLookupFlow> warranty;
  std::optional<TrackFlow> track;
  int return_line = -1;  // the receipt line picked on the item step
  int return_quantity = 1;
  std::string scan_buffer;  // what a scanner typed on a screen with no text box (Home)

  bool empty() const { return !returning && !repair && !warranty && !track && scan_buffer.empty(); }
};

// Overwrites the string's whole buffer, then empties it (the buffer stays allocated, zeroed).
void scrub(std::string& text);
void scrub(CustomerContact& contact);
// Scrubs every text the shopper entered, then ends the session's flows.
void wipe(Session& session);

}  // namespace aftersales::kiosk
