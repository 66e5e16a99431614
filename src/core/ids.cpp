#include "core/ids.h"

#include <sys/random.h>

#include <array>
#include <chrono>
#include <vector>

namespace x8 {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

uint64_t RandomWord() {
  uint64_t word = 0;
  while (getrandom(&word, sizeof word, 0) != sizeof word) {
  }
  return word;
}

}  // namespace

std::string NewId(std::string_view prefix, int64_t unix_millis) {
  std::array<uint8_t, 16> bytes{};
  auto ms = static_cast<uint64_t>(unix_millis);
  for (int i = 5; i >= 0; --i) {
    bytes[i] = static_cast<uint8_t>(ms & 0xFF);
    ms >>= 8;
  }
  uint64_t r1 = RandomWord(), r2 = RandomWord();
  for (int i = 6; i < 16; ++i) {
    bytes[i] = static_cast<uint8_t>((i < 11 ? r1 : r2) >> ((i % 5) * 8));
  }
  // 128 bits -> 26 base32 characters (the first carries 3 bits).
  std::string out(prefix);
  out.push_back('_');
  unsigned __int128 value = 0;
  for (uint8_t b : bytes) value = (value << 8) | b;
  char buf[26];
  for (int i = 25; i >= 0; --i) {
    buf[i] = kCrockford[static_cast<int>(value & 0x1F)];
    value >>= 5;
  }
  out.append(buf, 26);
  return out;
}

std::string NewId(std::string_view prefix) {
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  return NewId(prefix, now);
}

bool IsValidId(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 27 || id.substr(0, prefix.size()) != prefix || id[prefix.size()] != '_') {
    return false;
  }
  for (char c : id.substr(prefix.size() + 1)) {
    if (std::string_view(kCrockford).find(c) == std::string_view::npos) return false;
  }
  return true;
}

std::string RandomHex(size_t bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  // getrandom(2): the kernel CSPRNG in one cheap syscall (std::random_device costs ~100 µs to construct).
  std::vector<uint8_t> buffer(bytes);
  size_t filled = 0;
  while (filled < bytes) {
    ssize_t n = getrandom(buffer.data() + filled, bytes - filled, 0);
    if (n > 0) filled += static_cast<size_t>(n);
  }
  std::string out;
  out.reserve(bytes * 2);
  for (uint8_t b : buffer) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

}  // namespace x8
