#include "platform/net/trusted_proxies.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <optional>
#include <variant>

namespace x8::net {

namespace ip = boost::asio::ip;

struct TrustedProxies::Ranges {
  std::vector<std::variant<ip::network_v4, ip::network_v6>> networks;
};

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// IPv4 clients of a dual-stack socket show up as ::ffff:a.b.c.d; they are IPv4 clients.
ip::address Normalize(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

std::optional<ip::address> ParseAddress(std::string_view text) {
  boost::system::error_code ec;
  auto address = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return Normalize(address);
}

bool AllDigits(std::string_view s, size_t max_length) {
  return !s.empty() && s.size() <= max_length &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One X-Forwarded-For entry: "192.0.2.1", "2001:db8::1", "192.0.2.1:443", "[2001:db8::1]" or
// "[2001:db8::1]:443". Anything else (empty, "unknown", obfuscated names, garbage) is nullopt.
std::optional<ip::address> ParseNode(std::string_view entry) {
  if (entry.starts_with('[')) {
    auto close = entry.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    auto rest = entry.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && AllDigits(rest.substr(1), 5))) return std::nullopt;
    auto address = ParseAddress(entry.substr(1, close - 1));
    if (!address || !address->is_v6()) return std::nullopt;
    return address;
  }
  if (auto colon = entry.find(':');
      colon != std::string_view::npos && entry.find(':', colon + 1) == entry.npos) {
    // Exactly one colon: IPv4 with a port (an IPv6 address has at least two).
    if (!AllDigits(entry.substr(colon + 1), 5)) return std::nullopt;
    auto address = ParseAddress(entry.substr(0, colon));
    if (!address || !address->is_v4()) return std::nullopt;
    return address;
  }
  return ParseAddress(entry);
}

// "10.0.0.0/8", "2001:db8::/32", or one address (a range of one).
Result<std::variant<ip::network_v4, ip::network_v6>> ParseRange(std::string_view entry) {
  auto bad = [&](const std::string& why) {
    return Error{ErrorCode::kInvalidArgument, "'" + std::string(entry) + "' " + why}.With("entry", entry);
  };
  auto slash = entry.find('/');
  if (slash == std::string_view::npos) {
    auto address = ParseAddress(entry);
    if (!address) return bad("is not an IP address or CIDR range (such as 10.0.0.0/8 or 2001:db8::/32)");
    if (address->is_v4()) return ip::network_v4(address->to_v4(), 32);
    return ip::network_v6(address->to_v6(), 128);
  }
  // Asio reads the prefix with atoi; keep it to a length where that cannot overflow.
  if (!AllDigits(entry.substr(slash + 1), 3)) return bad("has no valid prefix length after '/'");
  boost::system::error_code ec;
  std::string text(entry);
  if (entry.substr(0, slash).find(':') == std::string_view::npos) {
    auto network = ip::make_network_v4(text, ec);
    if (!ec) return network;
  } else {
    auto network = ip::make_network_v6(text, ec);
    if (!ec) return network;
  }
  return bad("is not a valid CIDR range (IPv4 prefix 0-32, IPv6 prefix 0-128)");
}

bool Contains(const std::variant<ip::network_v4, ip::network_v6>& range, const ip::address& address) {
  if (const auto* v4 = std::get_if<ip::network_v4>(&range)) {
    return address.is_v4() &&
           ip::network_v4(address.to_v4(), v4->prefix_length()).canonical() == v4->canonical();
  }
  const auto& v6 = std::get<ip::network_v6>(range);
  if (!address.is_v6()) return false;
  // Compare without the zone (fe80::1%eth0 is in fe80::/10).
  ip::address_v6 bare(address.to_v6().to_bytes());
  ip::address_v6 network_bare(v6.network().to_bytes());
  return ip::network_v6(bare, v6.prefix_length()).canonical() ==
         ip::network_v6(network_bare, v6.prefix_length()).canonical();
}

}  // namespace

TrustedProxies::TrustedProxies() : ranges_(std::make_shared<const Ranges>()) {}
TrustedProxies::~TrustedProxies() = default;
TrustedProxies::TrustedProxies(const TrustedProxies&) = default;
TrustedProxies& TrustedProxies::operator=(const TrustedProxies&) = default;

Result<TrustedProxies> TrustedProxies::Parse(std::string_view list) {
  auto ranges = std::make_shared<Ranges>();
  if (!Trim(list).empty()) {
    for (;;) {
      auto comma = list.find(',');
      auto entry = Trim(list.substr(0, comma));
      if (entry.empty()) {
        return Error{ErrorCode::kInvalidArgument, "an entry is empty (a stray comma?)"};
      }
      auto range = ParseRange(entry);
      if (!range) return range.error();
      ranges->networks.push_back(*range);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  TrustedProxies out;
  out.ranges_ = std::move(ranges);
  return out;
}

bool TrustedProxies::empty() const { return ranges_->networks.empty(); }

bool TrustedProxies::Trusts(std::string_view address) const {
  if (empty()) return false;
  auto parsed = ParseAddress(Trim(address));
  if (!parsed) return false;
  return std::any_of(ranges_->networks.begin(), ranges_->networks.end(),
                     [&](const auto& range) { return Contains(range, *parsed); });
}

std::string TrustedProxies::ClientAddress(std::string_view peer,
                                          const std::vector<std::string_view>& forwarded_for) const {
  std::string fallback(peer);
  if (forwarded_for.empty() || !Trusts(peer)) return fallback;
  // Right to left over every entry of every header, the last header's last entry first.
  std::optional<ip::address> client;
  for (auto header = forwarded_for.rbegin(); header != forwarded_for.rend(); ++header) {
    std::string_view rest = *header;
    for (;;) {
      auto comma = rest.rfind(',');
      auto entry = Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
      auto address = ParseNode(entry);
      if (!address) return fallback;
      client = *address;
      bool trusted = std::any_of(ranges_->networks.begin(), ranges_->networks.end(),
                                 [&](const auto& range) { return Contains(range, *address); });
      if (!trusted) return client->to_string();
      if (comma == std::string_view::npos) break;
      rest = rest.substr(0, comma);
    }
  }
  return client ? client->to_string() : fallback;
}

}  // namespace x8::net
