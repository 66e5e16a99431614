// Integration-test harness: runs the real `x8 serve` binary on 127.0.0.1 port 0 against a fresh
// database, and talks to it over real HTTP with the product's own HTTP client.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>

#include "platform/http/client/http_client.h"
#include "tests/support/child_process.h"

namespace x8::testing {

struct ServerOptions {
  std::string database_url;                // required
  std::map<std::string, std::string> env;  // extra X8_* settings
  std::filesystem::path web_root;          // empty: a temp dir with a tiny index.html
};

class ServerProcess {
 public:
  explicit ServerProcess(ServerOptions options);
  ~ServerProcess();  // SIGKILL if still running

  // Starts and waits until the port is bound (or the process died). Returns false with the log in
  // failure_log() when it did not come up.
  bool Start(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // SIGTERM and wait; returns the exit status (or -signal).
  int Terminate(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  void Kill();
  // Waits for the process to exit on its own; returns the exit status or INT_MIN on timeout.
  int Wait(std::chrono::milliseconds timeout);

  uint16_t port() const { return process_.port(); }
  std::string Url(std::string_view path) const { return process_.Url(path); }
  std::string log() const { return process_.log(); }  // what the server printed

  // Convenience calls with the product's HTTP client (no retries: tests see every answer).
  Result<http::HttpResponse> Get(std::string_view path, http::HeaderList headers = {});
  Result<http::HttpResponse> Post(std::string_view path, std::string body,
                                  std::string content_type = "application/json",
                                  http::HeaderList headers = {});
  Result<http::HttpResponse> Send(const http::HttpRequest& request);

 private:
  ServerOptions options_;
  ChildProcess process_;
  http::HttpClient client_;
};

std::filesystem::path X8Binary();

}  // namespace x8::testing
