#include "modules/media/api/routes.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/ids.h"
#include "modules/media/domain/keys.h"
#include "platform/http/file_response.h"

namespace x8::media {
namespace {

namespace fs = std::filesystem;

class ServeFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("x8-media-serve-" + RandomHex(6));
    storage_ = std::make_unique<LocalDiskStorage>(root_);
    key_ = *BuildKey(NewId("usr"), Folder::kProduct, NewId("med"), "roses", "png");
    ASSERT_TRUE(storage_->Save({.key = key_, .kind = MediaKind::kImage, .original = "PNGBYTES"}));
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_;
  std::unique_ptr<LocalDiskStorage> storage_;
  std::string key_;
};

// The bytes a response sends: its body, or the slice of its open file.
std::string BodyOf(const http::Response& response) {
  if (!response.file) return response.body;
  return *response.file->file->Read(response.file->offset, response.file->length);
}

TEST_F(ServeFileTest, ServesWithImmutableCachingTypeAndEtag) {
  http::Request request;
  request.method = "GET";
  auto response = ServeFile(*storage_, request, key_);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(BodyOf(response), "PNGBYTES");
  EXPECT_EQ(response.headers.Get("Accept-Ranges"), "bytes");
  EXPECT_EQ(response.headers.Get("Content-Type"), "image/png");
  EXPECT_EQ(response.headers.Get("Cache-Control"), "public, max-age=31536000, immutable");
  auto etag = response.headers.Get("ETag");
  ASSERT_TRUE(etag);

  http::Request again;
  again.headers.Set("If-None-Match", std::string(*etag));
  auto revalidated = ServeFile(*storage_, again, key_);
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_TRUE(revalidated.body.empty());
  EXPECT_FALSE(revalidated.file);
}

TEST_F(ServeFileTest, ServesByteRanges) {
  http::Request request;
  request.method = "GET";
  request.headers.Set("Range", "bytes=3-");
  auto partial = ServeFile(*storage_, request, key_);
  EXPECT_EQ(partial.status, 206);
  EXPECT_EQ(BodyOf(partial), "BYTES");
  EXPECT_EQ(partial.headers.Get("Content-Range"), "bytes 3-7/8");
  EXPECT_EQ(partial.headers.Get("Content-Type"), "image/png");
  EXPECT_EQ(partial.headers.Get("Cache-Control"), "public, max-age=31536000, immutable");

  request.headers.Set("Range", "bytes=8-");
  auto beyond = ServeFile(*storage_, request, key_);
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.headers.Get("Content-Range"), "bytes */8");
  EXPECT_FALSE(beyond.file);
}

TEST_F(ServeFileTest, UnknownAndMalformedKeysAre404) {
  http::Request request;
  EXPECT_EQ(ServeFile(*storage_, request, *BuildKey(NewId("usr"), Folder::kProduct, NewId("med"), "x", "png"))
                .status,
            404);
  EXPECT_EQ(ServeFile(*storage_, request, "users/../../etc/passwd").status, 404);
  EXPECT_EQ(ServeFile(*storage_, request, "").status, 404);
}

TEST(MediaJson, CarriesEveryField) {
  MediaFile file{.id = "med_x", .folder = Folder::kWelcome, .kind = MediaKind::kVideo, .bytes = 7};
  file.variants["original"] = "/media/a.mp4";
  auto json = ToJson(file);
  EXPECT_EQ(json.at("folder").as_string(), "welcome");
  EXPECT_EQ(json.at("kind").as_string(), "video");
  EXPECT_TRUE(json.at("width").is_null());
  EXPECT_EQ(json.at("variants").at("original").as_string(), "/media/a.mp4");
  EXPECT_EQ(json.at("bytes").as_int64(), 7);
}

}  // namespace
}  // namespace x8::media
