#include "platform/http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace x8::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("x8_static_" + std::to_string(::getpid()));
    std::filesystem::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<html>app</html>";
    std::ofstream(root_ / "assets" / "index-abc123.js") << "console.log(1)";
    std::ofstream(root_ / "favicon.svg") << "<svg/>";
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  static Request Get(std::string path) {
    Request r;
    r.method = "GET";
    r.path = std::move(path);
    return r;
  }

  std::filesystem::path root_;
};

TEST_F(StaticFilesTest, ServesIndexWithNoCacheAndAssetsImmutable) {
  StaticFiles files(root_);
  auto index = files.Handle(Get("/"));
  ASSERT_TRUE(index);
  EXPECT_EQ(index->body, "<html>app</html>");
  EXPECT_EQ(*index->headers.Get("Cache-Control"), "no-cache");
  EXPECT_EQ(*index->headers.Get("Content-Type"), "text/html; charset=utf-8");
  auto js = files.Handle(Get("/assets/index-abc123.js"));
  ASSERT_TRUE(js);
  EXPECT_EQ(*js->headers.Get("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(*js->headers.Get("Content-Type"), "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, FallsBackToIndexForClientRoutesOnly) {
  StaticFiles files(root_);
  auto route = files.Handle(Get("/conversations/conv_1"));
  ASSERT_TRUE(route);
  EXPECT_EQ(route->body, "<html>app</html>");
  EXPECT_FALSE(files.Handle(Get("/assets/missing-1.js")));
  EXPECT_FALSE(files.Handle(Get("/missing.png")));
  EXPECT_FALSE(files.Handle(Get("/api/v1/unknown")));
  // Lookups are by exact name in the loaded set, so dot segments can never reach outside the root.
  auto escape = files.Handle(Get("/../../etc/passwd"));
  ASSERT_TRUE(escape);
  EXPECT_EQ(escape->body, "<html>app</html>");
}

TEST_F(StaticFilesTest, AnswersNotModifiedForMatchingEtag) {
  StaticFiles files(root_);
  auto first = files.Handle(Get("/favicon.svg"));
  auto again = Get("/favicon.svg");
  again.headers.Set("If-None-Match", std::string(*first->headers.Get("ETag")));
  auto second = files.Handle(again);
  EXPECT_EQ(second->status, 304);
  EXPECT_TRUE(second->body.empty());
}

TEST_F(StaticFilesTest, ServesByteRanges) {
  StaticFiles files(root_);
  auto whole = files.Handle(Get("/assets/index-abc123.js"));
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->headers.Get("Accept-Ranges"), "bytes");
  auto part = Get("/assets/index-abc123.js");
  part.headers.Set("Range", "bytes=0-6");
  auto partial = files.Handle(part);
  EXPECT_EQ(partial->status, 206);
  EXPECT_EQ(partial->body, "console");
  EXPECT_EQ(partial->headers.Get("Content-Range"), "bytes 0-6/14");
  part.headers.Set("Range", "bytes=14-");
  auto beyond = files.Handle(part);
  EXPECT_EQ(beyond->status, 416);
  EXPECT_EQ(beyond->headers.Get("Content-Range"), "bytes */14");
}

TEST_F(StaticFilesTest, MissingRootServesNothing) {
  StaticFiles files(root_ / "nope");
  EXPECT_EQ(files.file_count(), 0u);
  EXPECT_FALSE(files.Handle(Get("/")));
}

}  // namespace
}  // namespace x8::http
