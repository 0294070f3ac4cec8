#pragma once
// Writing to a pipe or socket whose reader has gone raises SIGPIPE, which would end the process.
// Block it on this thread while writing, and swallow one that arrived.
#include <pthread.h>
#include <signal.h>

namespace aftersales {

class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigset_t pipe_only = only_sigpipe();
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old_);
  }
  ~SigpipeGuard() {
    sigset_t pipe_only = only_sigpipe();
    timespec zero{0, 0};
    while (sigtimedwait(&pipe_only, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  static sigset_t only_sigpipe() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    return set;
  }
  sigset_t old_;
};

}  // namespace aftersales
