// The client address of a request that may have come through reverse proxies (nginx, a load
// balancer). The socket's peer is the client unless it is a trusted proxy; then the client is read
// from X-Forwarded-For, walking from the right (the entry the nearest proxy appended) past further
// trusted proxies. Entries left of the first untrusted one are whatever the client sent, so they are
// never believed. Asio parses every address and range; this header keeps Asio out of its includers.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace x8::net {

class TrustedProxies {
 public:
  TrustedProxies();  // trusts nobody: the peer is always the client
  ~TrustedProxies();
  TrustedProxies(const TrustedProxies&);
  TrustedProxies& operator=(const TrustedProxies&);

  // A comma-separated list of IPv4/IPv6 addresses and CIDR ranges, e.g.
  // "127.0.0.1, 10.0.0.0/8, 2001:db8::/32". Blank trusts nobody. The error names the bad entry.
  static Result<TrustedProxies> Parse(std::string_view list);

  bool empty() const;
  // Whether `address` (text; IPv4-mapped IPv6 counts as its IPv4 address) is a trusted proxy.
  // Anything that does not parse as an address is not trusted.
  bool Trusts(std::string_view address) const;

  // The client address for a request from socket peer `peer` carrying these X-Forwarded-For header
  // values (in the order received; several headers are one comma-separated list). The peer, as
  // given, when it is not trusted, when there is no X-Forwarded-For, or when an entry reached in
  // the walk is not an address; otherwise the first untrusted entry from the right, or the leftmost
  // when all are trusted. Entries may carry a port ("192.0.2.1:443", "[2001:db8::1]:443").
  std::string ClientAddress(std::string_view peer, const std::vector<std::string_view>& forwarded_for) const;

 private:
  struct Ranges;
  std::shared_ptr<const Ranges> ranges_;
};

}  // namespace x8::net
