#include "modules/media/api/routes.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/ids.h"
#include "modules/media/domain/keys.h"

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

TEST_F(ServeFileTest, ServesWithImmutableCachingTypeAndEtag) {
  http::Request request;
  auto response = ServeFile(*storage_, request, key_);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "PNGBYTES");
  EXPECT_EQ(response.headers.Get("Content-Type"), "image/png");
  EXPECT_EQ(response.headers.Get("Cache-Control"), "public, max-age=31536000, immutable");
  auto etag = response.headers.Get("ETag");
  ASSERT_TRUE(etag);

  http::Request again;
  again.headers.Set("If-None-Match", std::string(*etag));
  auto revalidated = ServeFile(*storage_, again, key_);
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_TRUE(revalidated.body.empty());
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
