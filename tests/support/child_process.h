// A program a test starts on 127.0.0.1 port 0: it is told to write its bound port to a file
// (`--port-file`), its output goes to a log in a private temporary directory, and it is killed when
// the test is done. The x8 server and the emulators both run this way.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace x8::testing {

class ChildProcess {
 public:
  // `dir_prefix` names the temporary directory, e.g. "x8-it" → /tmp/x8-it-XXXXXX.
  explicit ChildProcess(const std::string& dir_prefix);
  ~ChildProcess();  // SIGKILL if still running; removes the directory
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Runs `binary args… --port-file <dir>/port` in `dir()` with `env` (nullopt: inherit ours) and waits
  // until the port file appears. False when the process exited or the timeout passed (see log()).
  bool Start(const std::filesystem::path& binary, const std::vector<std::string>& args,
             const std::optional<std::map<std::string, std::string>>& env, std::chrono::milliseconds timeout);
  // SIGTERM, then Wait(). Returns the exit status, -signal, or INT_MIN on timeout / not running.
  int Terminate(std::chrono::milliseconds timeout);
  int Wait(std::chrono::milliseconds timeout);
  void Kill();

  uint16_t port() const { return port_; }
  std::string Url(std::string_view path) const;  // http://127.0.0.1:<port><path>
  std::string log() const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

}  // namespace x8::testing
