#include "tests/integration/websocket_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <random>

namespace x8::testing {

WebSocketClient::~WebSocketClient() { Close(); }

void WebSocketClient::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

int WebSocketClient::Connect(uint16_t port, const std::string& path, const std::string& extra_headers) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
  std::string request = "GET " + path +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
                        extra_headers + "\r\n";
  if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size()))
    return -1;
  std::string response;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (response.find("\r\n\r\n") == std::string::npos) {
    char c;
    if (!ReadExact(&c, 1, deadline)) return -1;
    response.push_back(c);
  }
  if (response.size() < 12) return -1;
  int status = std::atoi(response.substr(9, 3).c_str());
  // RFC 6455 §1.3: the accept key for this sample nonce is fixed.
  if (status == 101 && response.find("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") == std::string::npos) return -2;
  return status;
}

bool WebSocketClient::SendText(const std::string& text) {
  std::string frame;
  frame.push_back(static_cast<char>(0x81));  // FIN + text
  if (text.size() < 126) {
    frame.push_back(static_cast<char>(0x80 | text.size()));
  } else if (text.size() <= 0xFFFF) {
    frame.push_back(static_cast<char>(0x80 | 126));
    frame.push_back(static_cast<char>(text.size() >> 8));
    frame.push_back(static_cast<char>(text.size() & 0xFF));
  } else {
    frame.push_back(static_cast<char>(0x80 | 127));
    for (int i = 7; i >= 0; --i) frame.push_back(static_cast<char>((text.size() >> (8 * i)) & 0xFF));
  }
  std::mt19937 rng{std::random_device{}()};
  char mask[4];
  for (char& m : mask) m = static_cast<char>(rng());
  frame.append(mask, 4);
  for (size_t i = 0; i < text.size(); ++i) frame.push_back(static_cast<char>(text[i] ^ mask[i % 4]));
  return ::send(fd_, frame.data(), frame.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(frame.size());
}

bool WebSocketClient::ReadExact(void* buffer, size_t n, std::chrono::steady_clock::time_point deadline) {
  auto* out = static_cast<char*>(buffer);
  size_t got = 0;
  while (got < n) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return false;
    ssize_t r = ::recv(fd_, out + got, n - got, 0);
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

std::optional<std::string> WebSocketClient::ReadText(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    unsigned char head[2];
    if (!ReadExact(head, 2, deadline)) return std::nullopt;
    uint64_t length = head[1] & 0x7F;
    if (length == 126) {
      unsigned char ext[2];
      if (!ReadExact(ext, 2, deadline)) return std::nullopt;
      length = (ext[0] << 8) | ext[1];
    } else if (length == 127) {
      unsigned char ext[8];
      if (!ReadExact(ext, 8, deadline)) return std::nullopt;
      length = 0;
      for (unsigned char b : ext) length = (length << 8) | b;
    }
    std::string payload(length, '\0');
    if (length && !ReadExact(payload.data(), length, deadline)) return std::nullopt;
    int opcode = head[0] & 0x0F;
    if (opcode == 0x1) return payload;
    if (opcode == 0x8) return std::nullopt;  // close
    // ping/pong/binary: not used by the server's protocol; skip.
  }
}

}  // namespace x8::testing
