#include "platform/net/trusted_proxies.h"

#include <gtest/gtest.h>

namespace x8::net {
namespace {

TrustedProxies Trust(std::string_view list) {
  auto parsed = TrustedProxies::Parse(list);
  EXPECT_TRUE(parsed) << list << ": " << (parsed ? "" : parsed.error().message);
  return parsed ? *parsed : TrustedProxies();
}

std::string ErrorOf(std::string_view list) {
  auto parsed = TrustedProxies::Parse(list);
  return parsed ? std::string("(accepted)") : parsed.error().message;
}

using Headers = std::vector<std::string_view>;

TEST(TrustedProxiesTest, ParsesAddressesAndRangesOfBothFamilies) {
  auto proxies = Trust(" 127.0.0.1 ,10.0.0.0/8,\t2001:db8::/32, ::1 ");
  EXPECT_FALSE(proxies.empty());
  EXPECT_TRUE(proxies.Trusts("127.0.0.1"));
  EXPECT_FALSE(proxies.Trusts("127.0.0.2"));
  EXPECT_TRUE(proxies.Trusts("10.255.255.255"));
  EXPECT_TRUE(proxies.Trusts("2001:db8:ffff::1"));
  EXPECT_FALSE(proxies.Trusts("2001:db9::1"));
  EXPECT_TRUE(proxies.Trusts("::1"));
  EXPECT_FALSE(proxies.Trusts("::2"));
  EXPECT_FALSE(proxies.Trusts("not an address"));
  EXPECT_FALSE(proxies.Trusts(""));
}

TEST(TrustedProxiesTest, BlankTrustsNobody) {
  for (std::string_view blank : {"", "  ", "\t"}) {
    auto proxies = Trust(blank);
    EXPECT_TRUE(proxies.empty());
    EXPECT_FALSE(proxies.Trusts("127.0.0.1"));
  }
  EXPECT_TRUE(TrustedProxies().empty());
}

TEST(TrustedProxiesTest, CidrEdges) {
  auto v4 = Trust("192.168.1.0/24");
  EXPECT_FALSE(v4.Trusts("192.168.0.255"));
  EXPECT_TRUE(v4.Trusts("192.168.1.0"));
  EXPECT_TRUE(v4.Trusts("192.168.1.255"));
  EXPECT_FALSE(v4.Trusts("192.168.2.0"));
  // Host bits in the configured range are ignored: 10.1.2.3/16 is 10.1.0.0/16.
  auto host_bits = Trust("10.1.2.3/16");
  EXPECT_TRUE(host_bits.Trusts("10.1.255.1"));
  EXPECT_FALSE(host_bits.Trusts("10.2.0.1"));
  auto odd = Trust("172.16.0.0/12");
  EXPECT_TRUE(odd.Trusts("172.31.255.255"));
  EXPECT_FALSE(odd.Trusts("172.32.0.0"));
  EXPECT_FALSE(odd.Trusts("172.15.255.255"));
  auto everything4 = Trust("0.0.0.0/0");
  EXPECT_TRUE(everything4.Trusts("203.0.113.9"));
  EXPECT_FALSE(everything4.Trusts("2001:db8::1")) << "an IPv4 range holds no IPv6 address";
  auto one = Trust("198.51.100.7/32");
  EXPECT_TRUE(one.Trusts("198.51.100.7"));
  EXPECT_FALSE(one.Trusts("198.51.100.6"));
  auto v6 = Trust("2001:db8:abcd:12::/64");
  EXPECT_TRUE(v6.Trusts("2001:db8:abcd:12:ffff:ffff:ffff:ffff"));
  EXPECT_FALSE(v6.Trusts("2001:db8:abcd:13::"));
  auto odd6 = Trust("fc00::/7");
  EXPECT_TRUE(odd6.Trusts("fdff::1"));
  EXPECT_FALSE(odd6.Trusts("fe00::1"));
  auto everything6 = Trust("::/0");
  EXPECT_TRUE(everything6.Trusts("2001:db8::1"));
  EXPECT_FALSE(everything6.Trusts("10.0.0.1"));
  auto host6 = Trust("2001:db8::1/128");
  EXPECT_TRUE(host6.Trusts("2001:db8::1"));
  EXPECT_FALSE(host6.Trusts("2001:db8::2"));
}

TEST(TrustedProxiesTest, Ipv4MappedPeersAreIpv4) {
  // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d.
  auto proxies = Trust("10.0.0.0/8");
  EXPECT_TRUE(proxies.Trusts("::ffff:10.0.0.5"));
  EXPECT_EQ(proxies.ClientAddress("::ffff:10.0.0.5", Headers{"::ffff:203.0.113.9"}), "203.0.113.9");
  auto mapped = Trust("::ffff:10.0.0.1");
  EXPECT_TRUE(mapped.Trusts("10.0.0.1"));
}

TEST(TrustedProxiesTest, LinkLocalZonesMatchTheirRange) {
  auto proxies = Trust("fe80::/10");
  EXPECT_TRUE(proxies.Trusts("fe80::1%1"));
}

TEST(TrustedProxiesTest, RejectsBadEntriesNamingThem) {
  EXPECT_NE(ErrorOf("10.0.0.256").find("'10.0.0.256'"), std::string::npos) << ErrorOf("10.0.0.256");
  EXPECT_NE(ErrorOf("127.0.0.1, proxy.internal").find("'proxy.internal'"), std::string::npos);
  EXPECT_NE(ErrorOf("10.0.0.0/33").find("'10.0.0.0/33'"), std::string::npos);
  EXPECT_NE(ErrorOf("2001:db8::/129").find("'2001:db8::/129'"), std::string::npos);
  EXPECT_NE(ErrorOf("10.0.0.0/").find("prefix"), std::string::npos);
  EXPECT_NE(ErrorOf("10.0.0.0/8x").find("prefix"), std::string::npos);
  EXPECT_NE(ErrorOf("10.0.0.0/-1").find("prefix"), std::string::npos);
  EXPECT_NE(ErrorOf("10.0.0.0/99999999999999999999").find("prefix"), std::string::npos);
  EXPECT_NE(ErrorOf("10.0.0.0/8/8").find("prefix"), std::string::npos);
  EXPECT_NE(ErrorOf("/8").find("'/8'"), std::string::npos);
  EXPECT_NE(ErrorOf("10.0.0.1,,10.0.0.2").find("empty"), std::string::npos);
  EXPECT_NE(ErrorOf("10.0.0.1,").find("empty"), std::string::npos);
  EXPECT_NE(ErrorOf("10.0.0.1 10.0.0.2").find("'10.0.0.1 10.0.0.2'"), std::string::npos);
  EXPECT_NE(ErrorOf("[::1]").find("'[::1]'"), std::string::npos);
}

TEST(TrustedProxiesTest, UntrustedPeerIsTheClientWhateverItSends) {
  auto proxies = Trust("10.0.0.0/8");
  // A spoofed header from a client that connects directly is ignored.
  EXPECT_EQ(proxies.ClientAddress("203.0.113.9", Headers{"198.51.100.1"}), "203.0.113.9");
  EXPECT_EQ(proxies.ClientAddress("203.0.113.9", Headers{"10.0.0.1"}), "203.0.113.9");
  // Nobody trusted (the default): the peer always.
  TrustedProxies nobody;
  EXPECT_EQ(nobody.ClientAddress("127.0.0.1", Headers{"198.51.100.1"}), "127.0.0.1");
}

TEST(TrustedProxiesTest, TrustedPeerWithoutHeaderIsTheClient) {
  auto proxies = Trust("127.0.0.1");
  EXPECT_EQ(proxies.ClientAddress("127.0.0.1", Headers{}), "127.0.0.1");
}

TEST(TrustedProxiesTest, WalksFromTheRightPastTrustedProxies) {
  auto proxies = Trust("10.0.0.0/8, 192.0.2.10");
  // nginx appended the client it saw.
  EXPECT_EQ(proxies.ClientAddress("10.0.0.2", Headers{"203.0.113.9"}), "203.0.113.9");
  // The client's own (spoofed) entries stay left of the first untrusted one and are not believed.
  EXPECT_EQ(proxies.ClientAddress("10.0.0.2", Headers{"1.1.1.1, 203.0.113.9"}), "203.0.113.9");
  // Two proxies: a load balancer (192.0.2.10) in front of nginx (10.0.0.2).
  EXPECT_EQ(proxies.ClientAddress("10.0.0.2", Headers{"1.1.1.1, 203.0.113.9, 192.0.2.10"}), "203.0.113.9");
  // All trusted: the leftmost.
  EXPECT_EQ(proxies.ClientAddress("10.0.0.2", Headers{"10.9.9.9, 192.0.2.10,10.0.0.3"}), "10.9.9.9");
  // Whitespace around entries is fine; the answer is the address's canonical text.
  EXPECT_EQ(proxies.ClientAddress("10.0.0.2", Headers{"  203.0.113.9\t"}), "203.0.113.9");
}

TEST(TrustedProxiesTest, SeveralHeadersAreOneList) {
  auto proxies = Trust("10.0.0.0/8");
  EXPECT_EQ(proxies.ClientAddress("10.0.0.2", Headers{"198.51.100.1", "10.0.0.7"}), "198.51.100.1");
  EXPECT_EQ(proxies.ClientAddress("10.0.0.2", Headers{"198.51.100.1", "203.0.113.9, 10.0.0.7"}),
            "203.0.113.9");
}

TEST(TrustedProxiesTest, Ipv6ClientsAndProxies) {
  auto proxies = Trust("2001:db8:1::/48, 10.0.0.1");
  EXPECT_EQ(proxies.ClientAddress("2001:db8:1::5", Headers{"2001:DB8:2::0:1"}), "2001:db8:2::1");
  EXPECT_EQ(proxies.ClientAddress("10.0.0.1", Headers{"2001:db8:2::1, 2001:db8:1::9"}), "2001:db8:2::1");
  EXPECT_EQ(proxies.ClientAddress("2001:db8:1::5", Headers{"203.0.113.9"}), "203.0.113.9");
  EXPECT_EQ(proxies.ClientAddress("2001:db8:9::5", Headers{"203.0.113.9"}), "2001:db8:9::5");
}

TEST(TrustedProxiesTest, EntriesWithPorts) {
  auto proxies = Trust("10.0.0.1");
  EXPECT_EQ(proxies.ClientAddress("10.0.0.1", Headers{"203.0.113.9:51234"}), "203.0.113.9");
  EXPECT_EQ(proxies.ClientAddress("10.0.0.1", Headers{"[2001:db8::1]:443"}), "2001:db8::1");
  EXPECT_EQ(proxies.ClientAddress("10.0.0.1", Headers{"[2001:db8::1]"}), "2001:db8::1");
}

TEST(TrustedProxiesTest, MalformedEntriesStopTheWalkAtThePeer) {
  auto proxies = Trust("10.0.0.0/8");
  for (std::string_view bad :
       {"", " ", "unknown", "_hidden", "203.0.113.9,", "203.0.113.9,,10.0.0.3", "203.0.113.256",
        "example.com", "203.0.113.9:port", "203.0.113.9:123456", "[203.0.113.9]", "[2001:db8::1",
        "[2001:db8::1]x", "2001:db8::1:443x", "203.0.113.9 198.51.100.1", "\"203.0.113.9\""}) {
    EXPECT_EQ(proxies.ClientAddress("10.0.0.2", Headers{bad}), "10.0.0.2") << "'" << bad << "'";
  }
  // A malformed entry right of the client hides it too: the walk never gets there.
  EXPECT_EQ(proxies.ClientAddress("10.0.0.2", Headers{"203.0.113.9, garbage, 10.0.0.3"}), "10.0.0.2");
  // Left of the client, garbage is never read.
  EXPECT_EQ(proxies.ClientAddress("10.0.0.2", Headers{"garbage, 203.0.113.9, 10.0.0.3"}), "203.0.113.9");
  EXPECT_EQ(proxies.ClientAddress("10.0.0.2", Headers{"garbage", "203.0.113.9"}), "203.0.113.9");
}

TEST(TrustedProxiesTest, UnparseablePeerIsKeptAsIs) {
  auto proxies = Trust("10.0.0.0/8");
  EXPECT_EQ(proxies.ClientAddress("", Headers{"203.0.113.9"}), "");
  EXPECT_EQ(proxies.ClientAddress("peer", Headers{"203.0.113.9"}), "peer");
}

TEST(TrustedProxiesTest, CopiesShareTheRanges) {
  auto proxies = Trust("10.0.0.0/8");
  TrustedProxies copy = proxies;
  EXPECT_TRUE(copy.Trusts("10.1.1.1"));
  copy = TrustedProxies();
  EXPECT_TRUE(proxies.Trusts("10.1.1.1"));
  EXPECT_FALSE(copy.Trusts("10.1.1.1"));
}

}  // namespace
}  // namespace x8::net
