#pragma once
// Spoken prompts for shoppers who cannot read the screen: each new prompt is spoken by espeak-ng
// (Debian's speech synthesiser) in the shopper's language, cutting off the one before. Dear ImGui
// is invisible to screen readers, so the kiosk speaks for itself.
#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/translation.h"

namespace aftersales::kiosk {

class Speech {
 public:
  // Starts the synthesiser with these arguments (argv[0] is the program) and returns its process id,
  // or -1 when it could not be started. The kiosk spawns it (spawn_quietly); tests count the calls.
  using Launcher = std::function<pid_t(const std::vector<std::string>& argv)>;

  Speech();  // espeak-ng from PATH, started with spawn_quietly
  Speech(std::string program, Launcher launcher);
  ~Speech();
  Speech(const Speech&) = delete;
  Speech& operator=(const Speech&) = delete;

  bool available() const { return !program_.empty(); }
  bool enabled() const { return enabled_; }
  void set_enabled(bool on);
  // Speaks `text` unless it is what was spoken last (screens call this every frame).
  void prompt(std::string_view text, Language language);
  void stop();

  // posix_spawn without a shell (nothing in the arguments is ever interpreted), output to /dev/null.
  static pid_t spawn_quietly(const std::vector<std::string>& argv);

 private:
  void reap();
  std::string program_;
  Launcher launcher_;
  bool enabled_ = false;
  std::string last_;
  pid_t child_ = -1;
};

}  // namespace aftersales::kiosk
