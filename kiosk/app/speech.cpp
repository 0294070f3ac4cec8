#include "speech.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

extern char** environ;

namespace aftersales::kiosk {
namespace {

std::string find_program(const char* name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::filesystem::path candidate = std::filesystem::path(dirs.substr(start, end - start)) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return {};
}

}  // namespace

Speech::Speech() : program_(find_program("espeak-ng")) {}

Speech::~Speech() {
  stop();
}

void Speech::set_enabled(bool on) {
  enabled_ = on && available();
  last_.clear();
  if (!enabled_) stop();
}

void Speech::reap() {
  if (child_ > 0 && ::waitpid(child_, nullptr, WNOHANG) == child_) child_ = -1;
}

void Speech::stop() {
  reap();
  if (child_ > 0) {
    ::kill(child_, SIGTERM);
    ::waitpid(child_, nullptr, 0);
    child_ = -1;
  }
}

void Speech::prompt(std::string_view text, Language language) {
  if (!enabled_ || text.empty() || text == last_) return;
  last_ = text;
  stop();
  std::string voice(language_code(language));
  std::string words(text);
  // No shell: the text goes as one argument, so nothing in it is ever interpreted.
  std::vector<char*> argv = {program_.data(),          const_cast<char*>("-v"), voice.data(), const_cast<char*>("-s"),
                             const_cast<char*>("150"), const_cast<char*>("--"), words.data(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  if (posix_spawn(&pid, program_.c_str(), &actions, nullptr, argv.data(), environ) == 0) child_ = pid;
  posix_spawn_file_actions_destroy(&actions);
}

}  // namespace aftersales::kiosk
