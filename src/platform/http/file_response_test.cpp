#include "platform/http/file_response.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <fstream>

namespace x8::http {
namespace {

using Kind = RangeRequest::Kind;

RangeRequest Partial(uint64_t first, uint64_t last) {
  return {.kind = Kind::kPartial, .first = first, .last = last};
}
constexpr RangeRequest kWhole{};
constexpr RangeRequest kUnsatisfiable{.kind = Kind::kUnsatisfiable};

TEST(ParseRange, TheThreeForms) {
  EXPECT_EQ(ParseRange("bytes=0-499", 10000), Partial(0, 499));
  EXPECT_EQ(ParseRange("bytes=500-999", 10000), Partial(500, 999));
  EXPECT_EQ(ParseRange("bytes=9500-", 10000), Partial(9500, 9999));
  EXPECT_EQ(ParseRange("bytes=-500", 10000), Partial(9500, 9999));
  EXPECT_EQ(ParseRange("bytes=0-0", 10000), Partial(0, 0));
  EXPECT_EQ(ParseRange("bytes=-1", 10000), Partial(9999, 9999));
  EXPECT_EQ(ParseRange("bytes=0-", 1), Partial(0, 0));
}

TEST(ParseRange, LastPastTheEndIsClampedAndSuffixLongerThanTheFileIsEverything) {
  EXPECT_EQ(ParseRange("bytes=0-10000", 100), Partial(0, 99));
  EXPECT_EQ(ParseRange("bytes=50-100", 100), Partial(50, 99));
  EXPECT_EQ(ParseRange("bytes=-101", 100), Partial(0, 99));
  EXPECT_EQ(ParseRange("bytes=-100", 100), Partial(0, 99));
}

TEST(ParseRange, StartAtOrBeyondTheEndIsUnsatisfiable) {
  EXPECT_EQ(ParseRange("bytes=100-", 100), kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=100-200", 100), kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=5000-", 100), kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=-0", 100), kUnsatisfiable);  // a zero-length suffix selects nothing
}

TEST(ParseRange, ZeroLengthFile) {
  EXPECT_EQ(ParseRange("bytes=0-", 0), kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=0-0", 0), kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=-0", 0), kUnsatisfiable);
  // Satisfiable by RFC 9110 §14.1.1, but there are no bytes: answered with the whole (empty) file.
  EXPECT_EQ(ParseRange("bytes=-5", 0), kWhole);
}

TEST(ParseRange, Whitespace) {
  EXPECT_EQ(ParseRange("  bytes=0-4\t", 10), Partial(0, 4));
  EXPECT_EQ(ParseRange("bytes= 0-4 ", 10), Partial(0, 4));
  EXPECT_EQ(ParseRange("bytes=0-4, ,", 10), Partial(0, 4));  // empty list elements do not count
  EXPECT_EQ(ParseRange("bytes=0 - 4", 10), kWhole);          // not inside a range
  EXPECT_EQ(ParseRange("bytes =0-4", 10), kWhole);
  EXPECT_EQ(ParseRange("bytes=- 4", 10), kWhole);
}

TEST(ParseRange, UnitIsCaseInsensitiveOthersAreIgnored) {
  EXPECT_EQ(ParseRange("Bytes=0-4", 10), Partial(0, 4));
  EXPECT_EQ(ParseRange("BYTES=-2", 10), Partial(8, 9));
  EXPECT_EQ(ParseRange("items=0-4", 10), kWhole);
  EXPECT_EQ(ParseRange("bytesx=0-4", 10), kWhole);
}

TEST(ParseRange, InvalidSyntaxIsTheWholeFile) {
  for (std::string_view bad :
       {"", "bytes", "bytes=", "bytes=,", "bytes=-", "bytes=--5", "bytes=5", "bytes=a-b", "bytes=1-a",
        "bytes=+1-2", "bytes=0x10-20", "bytes=1.5-2", "bytes=5-4", "bytes=-5-", "bytes=1-2-3", "0-4", "=0-4",
        "bytes=0-4;x", "bytes=\xff-1"}) {
    EXPECT_EQ(ParseRange(bad, 10), kWhole) << "'" << bad << "'";
  }
}

TEST(ParseRange, SeveralRangesAreTheWholeFile) {
  EXPECT_EQ(ParseRange("bytes=0-1,5-6", 10), kWhole);
  EXPECT_EQ(ParseRange("bytes=0-1, -2", 10), kWhole);
  EXPECT_EQ(ParseRange("bytes=0-1,50-60", 10), kWhole);
  EXPECT_EQ(ParseRange("bytes=50-,60-", 10), kWhole);  // not served as ranges at all, so not 416
}

TEST(ParseRange, DigitsBeyond64BitsSaturate) {
  EXPECT_EQ(ParseRange("bytes=0-99999999999999999999999999", 10), Partial(0, 9));
  EXPECT_EQ(ParseRange("bytes=-99999999999999999999999999", 10), Partial(0, 9));
  EXPECT_EQ(ParseRange("bytes=99999999999999999999999999-", 10), kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=18446744073709551615-", 10), kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=18446744073709551616-18446744073709551615", 10), kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=0-18446744073709551615", 10), Partial(0, 9));
  EXPECT_EQ(ParseRange("bytes=00000000000000000000000005-", 10), Partial(5, 9));  // leading zeros
}

TEST(ParseRange, LargeFiles) {
  const uint64_t size = uint64_t{5} << 32;  // 20 GiB
  EXPECT_EQ(ParseRange("bytes=21474836479-", size), Partial(size - 1, size - 1));
  EXPECT_EQ(ParseRange("bytes=-1", size), Partial(size - 1, size - 1));
  EXPECT_EQ(ParseRange("bytes=21474836480-", size), kUnsatisfiable);
}

TEST(IfNoneMatch, ListsWildcardAndWeakComparison) {
  EXPECT_TRUE(IfNoneMatchMatches("\"a\"", "\"a\""));
  EXPECT_TRUE(IfNoneMatchMatches("\"x\", \"a\"", "\"a\""));
  EXPECT_TRUE(IfNoneMatchMatches("W/\"a\"", "\"a\""));
  EXPECT_TRUE(IfNoneMatchMatches(" * ", "\"a\""));
  EXPECT_FALSE(IfNoneMatchMatches("\"b\"", "\"a\""));
  EXPECT_FALSE(IfNoneMatchMatches("", "\"a\""));
  EXPECT_FALSE(IfNoneMatchMatches("a", "\"a\""));
}

Request Get(const std::vector<std::pair<std::string, std::string>>& headers, std::string method = "GET") {
  Request r;
  r.method = std::move(method);
  r.path = "/file";
  for (auto& [name, value] : headers) r.headers.Set(name, value);
  return r;
}

TEST(Negotiate, FullRangeUnsatisfiableAndNotModified) {
  const std::string etag = "\"abc\"";
  Response whole;
  whole.headers.Set("Content-Type", "video/mp4");
  auto slice = Negotiate(Get({}), etag, 1000, whole);
  EXPECT_EQ(whole.status, 200);
  EXPECT_EQ(slice.offset, 0u);
  EXPECT_EQ(slice.length, 1000u);
  EXPECT_EQ(whole.headers.Get("Accept-Ranges"), "bytes");
  EXPECT_EQ(whole.headers.Get("ETag"), etag);
  EXPECT_FALSE(whole.headers.Has("Content-Range"));

  Response partial;
  partial.headers.Set("Content-Type", "video/mp4");
  slice = Negotiate(Get({{"Range", "bytes=100-199"}}), etag, 1000, partial);
  EXPECT_EQ(partial.status, 206);
  EXPECT_EQ(slice.offset, 100u);
  EXPECT_EQ(slice.length, 100u);
  EXPECT_EQ(partial.headers.Get("Content-Range"), "bytes 100-199/1000");
  EXPECT_EQ(partial.headers.Get("Content-Type"), "video/mp4");
  EXPECT_EQ(partial.headers.Get("ETag"), etag);

  Response beyond;
  beyond.headers.Set("Content-Type", "video/mp4");
  beyond.headers.Set("Cache-Control", "public, max-age=31536000, immutable");
  slice = Negotiate(Get({{"Range", "bytes=1000-"}}), etag, 1000, beyond);
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(slice.length, 0u);
  EXPECT_EQ(beyond.headers.Get("Content-Range"), "bytes */1000");
  EXPECT_EQ(beyond.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(beyond.headers.Get("Cache-Control"), "no-store");
  EXPECT_EQ(boost::json::parse(beyond.body).at("error").at("details").at("size").as_int64(), 1000);

  Response cached;
  cached.headers.Set("Content-Type", "video/mp4");
  slice = Negotiate(Get({{"If-None-Match", etag}, {"Range", "bytes=0-1"}}), etag, 1000, cached);
  EXPECT_EQ(cached.status, 304);
  EXPECT_EQ(slice.length, 0u);
  EXPECT_FALSE(cached.headers.Has("Content-Type"));
  EXPECT_EQ(cached.headers.Get("ETag"), etag);
}

TEST(Negotiate, IfRangeLetsTheRangeThroughOnlyForTheCurrentStrongEtag) {
  const std::string etag = "\"abc\"";
  auto status_with = [&](std::string if_range) {
    Response r;
    Negotiate(Get({{"Range", "bytes=0-9"}, {"If-Range", std::move(if_range)}}), etag, 100, r);
    return r.status;
  };
  EXPECT_EQ(status_with(etag), 206);
  EXPECT_EQ(status_with("\"old\""), 200);
  EXPECT_EQ(status_with("W/\"abc\""), 200);                      // If-Range compares strongly
  EXPECT_EQ(status_with("Sat, 01 Jan 2000 00:00:00 GMT"), 200);  // no Last-Modified is sent

  Response unsatisfiable_but_changed;  // a changed representation is sent whole, not 416
  Negotiate(Get({{"Range", "bytes=500-"}, {"If-Range", "\"old\""}}), etag, 100, unsatisfiable_but_changed);
  EXPECT_EQ(unsatisfiable_but_changed.status, 200);
}

TEST(Negotiate, HeadAndOtherMethodsIgnoreRange) {
  Response head;
  auto slice = Negotiate(Get({{"Range", "bytes=0-9"}}, "HEAD"), "\"abc\"", 100, head);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(slice.length, 100u);
  EXPECT_EQ(head.headers.Get("Accept-Ranges"), "bytes");
  EXPECT_FALSE(head.headers.Has("Content-Range"));
}

class OpenFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("x8_open_file_" + std::to_string(::getpid()));
    std::ofstream(path_, std::ios::binary) << "0123456789";
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(OpenFileTest, ServesASliceOfTheOpenFile) {
  auto file = OpenFile::Open(path_);
  ASSERT_TRUE(file);
  EXPECT_EQ((*file)->size(), 10u);
  EXPECT_EQ(*(*file)->Read(3, 4), "3456");
  EXPECT_FALSE((*file)->Read(8, 4));  // past the end

  Response base;
  base.headers.Set("Content-Type", "text/plain");
  auto response = ServeOpenFile(Get({{"Range", "bytes=-3"}}), *file, base);
  EXPECT_EQ(response.status, 206);
  ASSERT_TRUE(response.file);
  EXPECT_EQ(*response.file->file->Read(response.file->offset, response.file->length), "789");
  EXPECT_EQ(response.headers.Get("ETag"), FileEtag(**file));
  EXPECT_TRUE(response.body.empty());

  auto revalidated = ServeOpenFile(Get({{"If-None-Match", FileEtag(**file)}}), *file, base);
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_FALSE(revalidated.file);

  auto unsatisfiable = ServeOpenFile(Get({{"Range", "bytes=10-"}}), *file, base);
  EXPECT_EQ(unsatisfiable.status, 416);
  EXPECT_FALSE(unsatisfiable.file);
}

TEST_F(OpenFileTest, EtagChangesWhenTheFileIsReplaced) {
  auto before = OpenFile::Open(path_);
  ASSERT_TRUE(before);
  std::filesystem::path next = path_.string() + ".next";
  std::ofstream(next, std::ios::binary) << "01234567890";
  std::filesystem::rename(next, path_);
  auto after = OpenFile::Open(path_);
  ASSERT_TRUE(after);
  EXPECT_NE(FileEtag(**before), FileEtag(**after));
  EXPECT_EQ(*(*before)->Read(0, 10), "0123456789");  // the open file keeps the old bytes
}

TEST(OpenFile, MissingFilesAndDirectoriesAreNotFound) {
  EXPECT_EQ(OpenFile::Open("/nonexistent/x8/file").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(OpenFile::Open(std::filesystem::temp_directory_path()).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace x8::http
