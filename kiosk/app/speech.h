#pragma once
// Spoken prompts for shoppers who cannot read the screen: each new prompt is spoken by espeak-ng
// (Debian's speech synthesiser) in the shopper's language, cutting off the one before. Dear ImGui
// is invisible to screen readers, so the kiosk speaks for itself.
#include <sys/types.h>

#include <string>
#include <string_view>

#include "core/translation.h"

namespace aftersales::kiosk {

class Speech {
 public:
  Speech();
  ~Speech();
  Speech(const Speech&) = delete;
  Speech& operator=(const Speech&) = delete;

  bool available() const { return !program_.empty(); }
  bool enabled() const { return enabled_; }
  void set_enabled(bool on);
  // Speaks `text` unless it is what was spoken last (screens call this every frame).
  void prompt(std::string_view text, Language language);
  void stop();

 private:
  void reap();
  std::string program_;
  bool enabled_ = false;
  std::string last_;
  pid_t child_ = -1;
};

}  // namespace aftersales::kiosk
