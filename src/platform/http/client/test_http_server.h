// A tiny HTTP/1.1 server on 127.0.0.1 for client tests: plain POSIX sockets, one thread per
// connection, scripted responses, and a record of what it received. Test-only.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "platform/http/client/http_client.h"

namespace x8::http::testing {

struct ScriptedResponse {
  int status = 200;
  HeaderList headers;
  std::string body;
  std::chrono::milliseconds delay{0};  // before answering
  bool close_without_response = false;
  bool close_delimited = false;  // no Content-Length: the body ends when the connection closes
};

struct ReceivedRequest {
  std::string method;
  std::string target;
  HeaderList headers;
  std::string body;
  int connection = 0;  // 1-based index of the accepted connection it arrived on
};

class TestHttpServer {
 public:
  TestHttpServer();  // listens on 127.0.0.1, an ephemeral port
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  uint16_t port() const { return port_; }
  std::string Url(std::string_view path_and_query) const;

  // Responses are used in order; once the script runs out, every request gets 200 with the body
  // "<METHOD> <target>".
  void Enqueue(ScriptedResponse response);
  std::vector<ReceivedRequest> requests() const;
  int accepted_connections() const { return accepted_connections_.load(); }

 private:
  void AcceptLoop();
  void Serve(int fd, int connection);
  // Reads one request from `buffer`/`fd` and answers it; false when the connection should close.
  bool ServeOne(int fd, int connection, std::string& buffer);
  ScriptedResponse NextResponse(const ReceivedRequest& request);
  bool WaitUnlessStopping(std::chrono::milliseconds delay);

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_connections_{0};
  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;
  std::deque<ScriptedResponse> script_;
  std::vector<ReceivedRequest> requests_;
  std::vector<int> open_fds_;
  std::vector<std::thread> connection_threads_;
  std::thread accept_thread_;
};

}  // namespace x8::http::testing
