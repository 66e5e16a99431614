// CloudinaryStorage: the signature against Cloudinary's documented example, URL parsing, delivery URLs,
// and uploads/destroy/delete-by-prefix against the Cloudinary emulator (tests/emulators), which checks
// every signature and the Admin API's Basic auth.
#include "modules/media/storage/cloudinary_storage.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/ids.h"
#include "modules/media/domain/keys.h"
#include "tests/emulators/emulator_process.h"

namespace x8::media {
namespace {

TEST(CloudinarySignature, MatchesTheDocumentedExample) {
  // cloudinary.com/documentation/authentication_signatures: secret "abcd".
  EXPECT_EQ(CloudinarySignature({{"timestamp", "1315060510"},
                                 {"public_id", "sample_image"},
                                 {"eager", "w_400,h_300,c_pad|w_260,h_200,c_crop"},
                                 {"api_key", "1234"},
                                 {"file", "bytes"},
                                 {"resource_type", "image"},
                                 {"cloud_name", "demo"},
                                 {"tags", ""}},
                                "abcd"),
            "bfd09f95f331f558cbd1320e67aa8d488770583e");
}

TEST(CloudinarySignature, EscapesAmpersandsInsideValues) {
  EXPECT_EQ(CloudinarySignature({{"timestamp", "1"}, {"public_id", "x"}, {"context", "a&b"}}, "s"),
            Sha1Hex("context=a%26b&public_id=x&timestamp=1s"));
}

TEST(ParseCloudinaryUrl, ReadsKeySecretAndCloudAndRefusesTheRest) {
  auto parsed = ParseCloudinaryUrl("cloudinary://123456:abc-DEF_secret@my-cloud");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->api_key, "123456");
  EXPECT_EQ(parsed->api_secret, "abc-DEF_secret");
  EXPECT_EQ(parsed->cloud_name, "my-cloud");
  for (const char* bad : {"", "https://a:b@c", "cloudinary://a@c", "cloudinary://:b@c", "cloudinary://a:b@",
                          "cloudinary://a:b@c/d"}) {
    auto refused = ParseCloudinaryUrl(bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().message.find("b@"), std::string::npos);  // never echoes the secret
  }
}

TEST(CloudinaryStorage, DeliveryUrlsUseAutoFormatQualityAndSizes) {
  http::HttpClient client;
  FakeClock clock;
  CloudinaryStorage storage(client, {.credentials = {"k", "s", "shop"}}, clock);
  std::string key = "users/usr_1/product/med_1-roses.jpg";
  auto image = storage.DeliveryUrls(key, MediaKind::kImage);
  EXPECT_EQ(image.at("original"),
            "https://res.cloudinary.com/shop/image/upload/f_auto,q_auto/users/usr_1/product/med_1-roses");
  EXPECT_EQ(image.at("thumb"),
            "https://res.cloudinary.com/shop/image/upload/c_limit,w_200,h_200/f_auto,q_auto/users/usr_1/"
            "product/med_1-roses");
  EXPECT_EQ(image.at("medium"),
            "https://res.cloudinary.com/shop/image/upload/c_limit,w_800,h_800/f_auto,q_auto/users/usr_1/"
            "product/med_1-roses");
  auto video = storage.DeliveryUrls("users/usr_1/welcome/med_2-hi.mp4", MediaKind::kVideo);
  EXPECT_EQ(video.size(), 1u);
  EXPECT_EQ(video.at("original"),
            "https://res.cloudinary.com/shop/video/upload/q_auto/users/usr_1/welcome/med_2-hi.mp4");
}

class CloudinaryEmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(emulator_.Start()) << emulator_.log();
    storage_ = std::make_unique<CloudinaryStorage>(
        client_,
        CloudinaryOptions{
            .credentials = {"emulator-cloudinary-key", "emulator-cloudinary-secret", "x8-emulated"},
            .api_base = emulator_.Url("/cloudinary")},
        clock_);
  }
  std::vector<std::string> AssetIds() {
    std::vector<std::string> ids;
    auto listing = emulator_.ControlGet("/__control/cloudinary/assets");
    for (const auto& asset : listing.at("assets").as_array()) {
      ids.emplace_back(std::string(asset.at("resource_type").as_string()) + ":" +
                       std::string(asset.at("public_id").as_string()));
    }
    return ids;
  }
  std::string Key(const std::string& user, Folder folder, const std::string& ext) {
    return *BuildKey(user, folder, NewId("med"), "roses", ext);
  }

  testing::EmulatorProcess emulator_;
  http::HttpClient client_;
  SystemClock clock_;
  std::unique_ptr<CloudinaryStorage> storage_;
};

TEST_F(CloudinaryEmulatorTest, SignedUploadDestroyAndDeleteByPrefix) {
  std::string alice = NewId("usr"), bob = NewId("usr");
  std::string photo = Key(alice, Folder::kProduct, "jpg");
  std::string video = Key(alice, Folder::kWelcome, "mp4");
  std::string other = Key(bob, Folder::kService, "png");
  std::string binary("\xFF\xD8\xFF\x00\r\n--not-a-boundary\r\n\x01", 24);
  auto saved = storage_->Save({.key = photo,
                               .content_type = "image/jpeg",
                               .kind = MediaKind::kImage,
                               .original = binary,
                               .thumb = "ignored",
                               .medium = "ignored"});
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->at("thumb").find("https://res.cloudinary.com/x8-emulated/image/upload/c_limit,w_200"), 0u);
  ASSERT_TRUE(storage_->Save(
      {.key = video, .content_type = "video/mp4", .kind = MediaKind::kVideo, .original = "MP4"}));
  ASSERT_TRUE(storage_->Save(
      {.key = other, .content_type = "image/png", .kind = MediaKind::kImage, .original = "PNG"}));
  auto listing = emulator_.ControlGet("/__control/cloudinary/assets");
  EXPECT_EQ(listing.at("rejected_signatures").as_int64(), 0);
  EXPECT_EQ(AssetIds().size(), 3u);
  for (const auto& asset : listing.at("assets").as_array()) {
    if (asset.at("public_id").as_string() == PublicIdOf(photo)) {
      EXPECT_EQ(asset.at("bytes").as_int64(), 24);  // binary bytes arrive intact
      EXPECT_EQ(asset.at("content_type").as_string(), "image/jpeg");
    }
  }

  ASSERT_TRUE(storage_->Delete(photo, MediaKind::kImage));
  ASSERT_TRUE(storage_->Delete(photo, MediaKind::kImage));  // "not found" is fine
  EXPECT_EQ(AssetIds().size(), 2u);

  // Several pages: the storage follows next_cursor until the prefix is empty.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(storage_->Save(
        {.key = Key(alice, Folder::kProduct, "jpg"), .kind = MediaKind::kImage, .original = "J"}));
  }
  ASSERT_EQ(emulator_.Control("/__control/cloudinary/page-size", {{"page_size", 1}}), 204);
  ASSERT_TRUE(storage_->DeleteByPrefix(*UserPrefix(alice)));
  EXPECT_EQ(AssetIds(), std::vector<std::string>{"image:" + PublicIdOf(other)});
}

TEST_F(CloudinaryEmulatorTest, AWrongSecretIsRefusedByTheSignatureCheck) {
  CloudinaryStorage wrong(
      client_,
      CloudinaryOptions{.credentials = {"emulator-cloudinary-key", "not-the-secret", "x8-emulated"},
                        .api_base = emulator_.Url("/cloudinary")},
      clock_);
  auto saved = wrong.Save(
      {.key = Key(NewId("usr"), Folder::kProduct, "jpg"), .kind = MediaKind::kImage, .original = "J"});
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().details.at("status").as_int64(), 401);
  EXPECT_NE(std::string(saved.error().details.at("cloudinary_message").as_string()).find("Invalid Signature"),
            std::string::npos);
  EXPECT_FALSE(wrong.DeleteByPrefix(*UserPrefix(NewId("usr"))));  // Basic auth with the wrong secret
  EXPECT_EQ(emulator_.ControlGet("/__control/cloudinary/assets").at("rejected_signatures").as_int64(), 1);
  EXPECT_TRUE(AssetIds().empty());
}

}  // namespace
}  // namespace x8::media
