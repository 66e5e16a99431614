#include "modules/media/domain/keys.h"

#include <gtest/gtest.h>

#include "core/ids.h"

namespace x8::media {
namespace {

TEST(Slugify, KeepsLettersAndDigitsAndJoinsTheRestWithDashes) {
  EXPECT_EQ(Slugify("Red Roses (2).JPG"), "red-roses-2");
  EXPECT_EQ(Slugify("  --Tulips__&__Co--.png"), "tulips-co");
  EXPECT_EQ(Slugify("archive.tar.gz"), "archive-tar");
  EXPECT_EQ(Slugify("../../etc/passwd"), "passwd");
  EXPECT_EQ(Slugify("C:\\photos\\Shop Front.jpeg"), "shop-front");
  EXPECT_EQ(Slugify(".hidden"), "hidden");
}

TEST(Slugify, FallsBackToFileAndCapsTheLength) {
  EXPECT_EQ(Slugify(""), "file");
  EXPECT_EQ(Slugify("Розы.jpg"), "file");  // non-ASCII letters are dropped, not transliterated
  EXPECT_EQ(Slugify("....."), "file");
  std::string slug = Slugify(std::string(200, 'a') + ".jpg");
  EXPECT_EQ(slug.size(), 60u);
}

TEST(BuildKey, FollowsTheDesignedShape) {
  std::string user = NewId("usr");
  std::string media = NewId("med");
  auto key = BuildKey(user, Folder::kProduct, media, "red-roses", "jpg");
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(*key, "users/" + user + "/product/" + media + "-red-roses.jpg");
  EXPECT_TRUE(IsWellFormedKey(*key));
  EXPECT_EQ(VariantKey(*key, "thumb"), "users/" + user + "/product/" + media + "-red-roses.thumb.webp");
  EXPECT_TRUE(IsWellFormedKey(VariantKey(*key, "thumb")));
  EXPECT_TRUE(IsWellFormedKey(VariantKey(*key, "medium")));
  EXPECT_EQ(*BuildKey(user, Folder::kWelcome, media, "hello", "mp4"),
            "users/" + user + "/welcome/" + media + "-hello.mp4");
}

TEST(BuildKey, RefusesAnythingThatCouldLeaveItsDirectory) {
  std::string user = NewId("usr");
  std::string media = NewId("med");
  EXPECT_FALSE(BuildKey("../x", Folder::kProduct, media, "a", "jpg"));
  EXPECT_FALSE(BuildKey(user, Folder::kProduct, "med_../../x", "a", "jpg"));
  EXPECT_FALSE(BuildKey(user, Folder::kProduct, media, "../a", "jpg"));
  EXPECT_FALSE(BuildKey(user, Folder::kProduct, media, "a/b", "jpg"));
  EXPECT_FALSE(BuildKey(user, Folder::kProduct, media, "", "jpg"));
  EXPECT_FALSE(BuildKey(user, Folder::kProduct, media, "a", "j.pg"));
  EXPECT_FALSE(BuildKey(user, Folder::kProduct, media, "a", ""));
  EXPECT_FALSE(BuildKey(NewId("acc"), Folder::kProduct, media, "a", "jpg"));
}

TEST(IsWellFormedKey, RefusesTraversalAndForeignShapes) {
  std::string user = NewId("usr");
  std::string media = NewId("med");
  EXPECT_FALSE(IsWellFormedKey("users/" + user + "/product/../../secret"));
  EXPECT_FALSE(IsWellFormedKey("users/" + user + "/other/" + media + "-a.jpg"));
  EXPECT_FALSE(IsWellFormedKey("users/" + user + "/product/" + media + "-a.jpg/x"));
  EXPECT_FALSE(IsWellFormedKey("users/" + user + "/product/" + media + "-a..jpg"));
  EXPECT_FALSE(IsWellFormedKey("users/" + user + "/product/" + media + "-.jpg"));
  EXPECT_FALSE(IsWellFormedKey("users/" + user + "/product/" + media + "-a.big.webp"));
  EXPECT_FALSE(IsWellFormedKey("/etc/passwd"));
  EXPECT_FALSE(IsWellFormedKey(""));
}

TEST(UserPrefix, IsTheUsersDirectory) {
  std::string user = NewId("usr");
  EXPECT_EQ(*UserPrefix(user), "users/" + user + "/");
  EXPECT_FALSE(UserPrefix(".."));
}

}  // namespace
}  // namespace x8::media
