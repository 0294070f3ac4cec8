#include "session.h"

#include <sodium.h>

#include <memory>

namespace aftersales::kiosk {

void scrub(std::string& text) {
  text.resize(text.capacity());
  sodium_memzero(text.data(), text.size());
  text.clear();
}

void scrub(CustomerContact& contact) {
  scrub(contact.name);
  scrub(contact.phone);
  scrub(contact.email);
}

void wipe(Session& session) {
  if (session.returning) session.returning->wipe();
  if (session.repair) session.repair->wipe();
  if (session.warranty) scrub(session.warranty->serial_input);
  if (session.track) scrub(session.track->input);
  scrub(session.scan_buffer);
  // Flows hold references to the services, so a session cannot be assigned: end it and start anew.
  std::destroy_at(&session);
  std::construct_at(&session);
}

}  // namespace aftersales::kiosk
