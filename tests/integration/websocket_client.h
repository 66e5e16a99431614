// A minimal blocking WebSocket client (RFC 6455) for tests: handshake, masked text frames out,
// text frames in. Plain sockets, so the test suite does not pay Beast's compile time twice.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace x8::testing {

class WebSocketClient {
 public:
  ~WebSocketClient();
  // Returns the HTTP status of the handshake answer (101 on success), or -1 when unreachable.
  int Connect(uint16_t port, const std::string& path, const std::string& extra_headers = "");
  bool SendText(const std::string& text);
  // The next text frame's payload; nullopt on close, error or timeout.
  std::optional<std::string> ReadText(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  void Close();

 private:
  bool ReadExact(void* buffer, size_t n, std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::string pending_;  // bytes read past the handshake
};

}  // namespace x8::testing
