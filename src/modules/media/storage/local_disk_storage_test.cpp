#include "modules/media/storage/local_disk_storage.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/ids.h"
#include "modules/media/domain/keys.h"

namespace x8::media {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class LocalDiskStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("x8-media-" + RandomHex(6));
    storage_ = std::make_unique<LocalDiskStorage>(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string Key(const std::string& user, Folder folder = Folder::kProduct, const std::string& ext = "jpg") {
    return *BuildKey(user, folder, NewId("med"), "roses", ext);
  }

  fs::path root_;
  std::unique_ptr<LocalDiskStorage> storage_;
};

TEST_F(LocalDiskStorageTest, SavesOriginalAndPreviewsAndAnswersTheirUrls) {
  std::string key = Key(NewId("usr"));
  auto variants = storage_->Save({.key = key,
                                  .content_type = "image/jpeg",
                                  .kind = MediaKind::kImage,
                                  .original = "ORIGINAL",
                                  .thumb = "THUMB",
                                  .medium = "MEDIUM"});
  ASSERT_TRUE(variants) << variants.error().message;
  EXPECT_EQ(variants->at("original"), "/media/" + key);
  EXPECT_EQ(variants->at("thumb"), "/media/" + VariantKey(key, "thumb"));
  EXPECT_EQ(variants->at("medium"), "/media/" + VariantKey(key, "medium"));
  EXPECT_EQ(ReadFile(root_ / key), "ORIGINAL");
  EXPECT_EQ(ReadFile(root_ / VariantKey(key, "thumb")), "THUMB");
  EXPECT_EQ(ReadFile(root_ / VariantKey(key, "medium")), "MEDIUM");
  // Atomic writes leave no temp files behind.
  for (const auto& entry : fs::directory_iterator((root_ / key).parent_path())) {
    EXPECT_NE(entry.path().filename().string().rfind(".tmp-", 0), 0u) << entry.path();
  }
}

TEST_F(LocalDiskStorageTest, VideosHaveOnlyAnOriginal) {
  std::string key = Key(NewId("usr"), Folder::kWelcome, "mp4");
  auto variants =
      storage_->Save({.key = key, .content_type = "video/mp4", .kind = MediaKind::kVideo, .original = "MP4"});
  ASSERT_TRUE(variants) << variants.error().message;
  EXPECT_EQ(variants->size(), 1u);
  EXPECT_EQ(ReadFile(root_ / key), "MP4");
}

TEST_F(LocalDiskStorageTest, DeleteRemovesTheFileAndItsPreviewsAndToleratesMissingOnes) {
  std::string key = Key(NewId("usr"));
  ASSERT_TRUE(
      storage_->Save({.key = key, .kind = MediaKind::kImage, .original = "O", .thumb = "T", .medium = "M"}));
  ASSERT_TRUE(storage_->Delete(key, MediaKind::kImage));
  EXPECT_FALSE(fs::exists(root_ / key));
  EXPECT_FALSE(fs::exists(root_ / VariantKey(key, "thumb")));
  EXPECT_FALSE(fs::exists(root_ / VariantKey(key, "medium")));
  EXPECT_TRUE(storage_->Delete(key, MediaKind::kImage));  // already gone: fine
}

TEST_F(LocalDiskStorageTest, DeleteByPrefixRemovesOneUsersFilesOnly) {
  std::string alice = NewId("usr"), bob = NewId("usr");
  std::string alice_key = Key(alice), bob_key = Key(bob);
  ASSERT_TRUE(storage_->Save({.key = alice_key, .kind = MediaKind::kImage, .original = "A"}));
  ASSERT_TRUE(storage_->Save({.key = bob_key, .kind = MediaKind::kImage, .original = "B"}));
  ASSERT_TRUE(storage_->DeleteByPrefix(*UserPrefix(alice)));
  EXPECT_FALSE(fs::exists(root_ / alice_key));
  EXPECT_TRUE(fs::exists(root_ / bob_key));
  EXPECT_FALSE(storage_->DeleteByPrefix("users/"));
  EXPECT_FALSE(storage_->DeleteByPrefix("users/../"));
  EXPECT_FALSE(storage_->DeleteByPrefix(""));
  EXPECT_TRUE(fs::exists(root_ / bob_key));
}

TEST_F(LocalDiskStorageTest, PathOfRefusesMalformedKeys) {
  EXPECT_FALSE(storage_->PathOf("users/../../etc/passwd"));
  EXPECT_FALSE(storage_->Save({.key = "../escape.jpg", .original = "x"}));
  EXPECT_FALSE(fs::exists(root_.parent_path() / "escape.jpg"));
}

}  // namespace
}  // namespace x8::media
