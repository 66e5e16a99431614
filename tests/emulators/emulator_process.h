// Runs the x8_emulators binary on 127.0.0.1 port 0 for a test and talks to its control endpoints.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "platform/http/client/http_client.h"
#include "tests/support/child_process.h"

namespace x8::testing {

class EmulatorProcess {
 public:
  explicit EmulatorProcess(std::vector<std::string> args = {});
  ~EmulatorProcess();  // SIGKILL if still running
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  // Starts and waits until the port is bound; false (see log()) when it did not come up.
  bool Start(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  void Kill();

  uint16_t port() const { return process_.port(); }
  std::string Url(std::string_view path) const {
    return process_.Url(path);
  }  // http://127.0.0.1:<port><path>
  std::string log() const { return process_.log(); }

  // POST a JSON body to a control endpoint; returns the HTTP status (0 when unreachable).
  int Control(std::string_view path, const boost::json::object& body = {});
  // GET a control endpoint's JSON object ({} when unreachable or not JSON).
  boost::json::object ControlGet(std::string_view path);

 private:
  std::vector<std::string> args_;
  ChildProcess process_;
  http::HttpClient client_;
};

std::filesystem::path EmulatorsBinary();

}  // namespace x8::testing
