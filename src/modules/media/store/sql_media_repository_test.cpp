// Contract tests of the SQL store and the service over it, on SQLite and PostgreSQL: account scoping,
// the one-welcome-video rule (partial unique index) and the quota checked in the insert's transaction.
#include "modules/media/store/sql_media_repository.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "core/ids.h"
#include "modules/media/domain/keys.h"
#include "modules/media/domain/service.h"
#include "modules/media/storage/local_disk_storage.h"
#include "modules/media/testing/images.h"
#include "platform/storage/migrate.h"
#include "platform/storage/testing/test_database.h"

namespace x8::media {
namespace {

namespace fs = std::filesystem;
using storage::testing::EngineTest;

class MediaStoreTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto migrated = storage::Migrate(db());
    ASSERT_TRUE(migrated) << migrated.error().message;
    repository_ = std::make_unique<SqlMediaRepository>(db());
  }

  // A CLIENT user with its own account.
  http::Principal AddClient() {
    std::string account_id = NewId("acc"), user_id = NewId("usr");
    EXPECT_TRUE(db().Exec("INSERT INTO accounts (id, owner_user_id, created_at) VALUES (?, ?, ?)",
                          {account_id, user_id, int64_t{1}}));
    EXPECT_TRUE(db().Exec(
        "INSERT INTO users (id, email, role, account_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        {user_id, user_id + "@example.test", std::string("CLIENT"), account_id, int64_t{1}, int64_t{1}}));
    return {user_id, "CLIENT", account_id};
  }

  MediaFile File(const http::Principal& owner, MediaKind kind, int64_t bytes,
                 Folder folder = Folder::kProduct) {
    MediaFile file{.id = NewId("med"),
                   .account_id = owner.tenant_id,
                   .user_id = owner.user_id,
                   .folder = kind == MediaKind::kVideo ? Folder::kWelcome : folder,
                   .kind = kind,
                   .file_name = "Roses.jpg",
                   .content_type = kind == MediaKind::kVideo ? "video/mp4" : "image/jpeg",
                   .bytes = bytes,
                   .storage = "local",
                   .created_at = ++now_};
    if (kind == MediaKind::kImage) {
      file.width = 640;
      file.height = 480;
    }
    file.storage_key =
        *BuildKey(owner.user_id, file.folder, file.id, "roses", kind == MediaKind::kVideo ? "mp4" : "jpg");
    file.variants = {{"original", "/media/" + file.storage_key}};
    return file;
  }

  int64_t now_ = 1'767'225'600'000;
  std::unique_ptr<SqlMediaRepository> repository_;
};

TEST_P(MediaStoreTest, InsertGetListRoundTripEveryColumn) {
  auto owner = AddClient();
  auto photo = File(owner, MediaKind::kImage, 1234);
  photo.variants["thumb"] = "/media/t.webp";
  ASSERT_TRUE(repository_->Insert(photo, 1'000'000));
  auto service_photo = File(owner, MediaKind::kImage, 10, Folder::kService);
  ASSERT_TRUE(repository_->Insert(service_photo, 1'000'000));

  auto read = repository_->Get(owner.tenant_id, photo.id);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->user_id, owner.user_id);
  EXPECT_EQ(read->folder, Folder::kProduct);
  EXPECT_EQ(read->kind, MediaKind::kImage);
  EXPECT_EQ(read->file_name, "Roses.jpg");
  EXPECT_EQ(read->content_type, "image/jpeg");
  EXPECT_EQ(read->bytes, 1234);
  EXPECT_EQ(read->width, 640);
  EXPECT_EQ(read->height, 480);
  EXPECT_EQ(read->storage_key, photo.storage_key);
  EXPECT_EQ(read->variants, photo.variants);
  EXPECT_EQ(read->created_at, photo.created_at);

  auto all = repository_->List(owner.tenant_id, std::nullopt).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, photo.id);  // upload order
  auto services = repository_->List(owner.tenant_id, Folder::kService).value();
  ASSERT_EQ(services.size(), 1u);
  EXPECT_EQ(services[0].id, service_photo.id);
  EXPECT_EQ(repository_->UsedBytes(owner.tenant_id).value(), 1244);
}

TEST_P(MediaStoreTest, AnotherAccountSeesNothing) {
  auto owner = AddClient();
  auto stranger = AddClient();
  auto photo = File(owner, MediaKind::kImage, 100);
  ASSERT_TRUE(repository_->Insert(photo, 1'000'000));
  auto read = repository_->Get(stranger.tenant_id, photo.id);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(repository_->List(stranger.tenant_id, std::nullopt).value().empty());
  auto deleted = repository_->Delete(stranger.tenant_id, photo.id);
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(repository_->Get(owner.tenant_id, photo.id));
  ASSERT_TRUE(repository_->Delete(owner.tenant_id, photo.id));
  EXPECT_FALSE(repository_->Get(owner.tenant_id, photo.id));
}

TEST_P(MediaStoreTest, OneWelcomeVideoPerUser) {
  auto owner = AddClient();
  auto other = AddClient();
  auto first = File(owner, MediaKind::kVideo, 100);
  ASSERT_TRUE(repository_->Insert(first, 1'000'000));
  auto second = repository_->Insert(File(owner, MediaKind::kVideo, 100), 1'000'000);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(second.error().message, kWelcomeVideoExists);
  EXPECT_TRUE(repository_->Insert(File(other, MediaKind::kVideo, 100), 1'000'000));  // per user
  EXPECT_TRUE(repository_->Insert(File(owner, MediaKind::kImage, 100), 1'000'000));  // images unlimited
  EXPECT_TRUE(repository_->Insert(File(owner, MediaKind::kImage, 100), 1'000'000));
  auto welcome = repository_->WelcomeVideo(owner.tenant_id, owner.user_id).value();
  ASSERT_TRUE(welcome);
  EXPECT_EQ(welcome->id, first.id);

  ASSERT_TRUE(repository_->Delete(owner.tenant_id, first.id));
  EXPECT_TRUE(repository_->Insert(File(owner, MediaKind::kVideo, 100), 1'000'000));  // after deleting
}

TEST_P(MediaStoreTest, QuotaCountsTheWholeAccountAndRefusesTheFileThatWouldExceedIt) {
  auto owner = AddClient();
  auto other = AddClient();
  ASSERT_TRUE(repository_->Insert(File(owner, MediaKind::kImage, 600), 1000));
  ASSERT_TRUE(repository_->Insert(File(other, MediaKind::kImage, 900), 1000));  // other accounts do not count
  auto over = repository_->Insert(File(owner, MediaKind::kImage, 401), 1000);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(over.error().details.at("used_bytes").as_int64(), 600);
  EXPECT_EQ(over.error().details.at("quota_bytes").as_int64(), 1000);
  EXPECT_TRUE(repository_->Insert(File(owner, MediaKind::kImage, 400), 1000));  // exactly full is fine
  EXPECT_EQ(repository_->UsedBytes(owner.tenant_id).value(), 1000);
}

TEST_P(MediaStoreTest, ConcurrentUploadsCannotBothSlipUnderTheQuota) {
  auto owner = AddClient();
  constexpr int kUploads = 6;
  std::vector<MediaFile> files;
  files.reserve(kUploads);
  for (int i = 0; i < kUploads; ++i) files.push_back(File(owner, MediaKind::kImage, 400));
  std::vector<std::thread> threads;
  threads.reserve(kUploads);
  std::atomic<int> stored{0}, refused{0};
  for (int i = 0; i < kUploads; ++i) {
    threads.emplace_back([&, i] {
      auto inserted = repository_->Insert(files[static_cast<size_t>(i)], 1000);
      if (inserted) {
        ++stored;
      } else if (inserted.error().code == ErrorCode::kPayloadTooLarge) {
        ++refused;
      } else {
        ADD_FAILURE() << inserted.error().message;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(stored.load(), 2);
  EXPECT_EQ(refused.load(), kUploads - 2);
  EXPECT_EQ(repository_->UsedBytes(owner.tenant_id).value(), 800);
}

TEST_P(MediaStoreTest, InsertForAMissingAccountIsNotFound) {
  auto owner = AddClient();
  auto file = File(owner, MediaKind::kImage, 10);
  file.account_id = NewId("acc");
  auto inserted = repository_->Insert(file, 1000);
  ASSERT_FALSE(inserted);
  EXPECT_EQ(inserted.error().code, ErrorCode::kNotFound);
}

// The service over the real store and a real disk.
class MediaServiceTest : public MediaStoreTest {
 protected:
  void SetUp() override {
    MediaStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    root_ = fs::temp_directory_path() / ("x8-media-svc-" + RandomHex(6));
    storage_ = std::make_unique<LocalDiskStorage>(root_);
    service_ = std::make_unique<MediaService>(
        *repository_, *storage_, clock_,
        MediaLimits{.max_image_bytes = 200'000, .max_video_bytes = 1000, .quota_bytes = 2'000'000});
  }
  void TearDown() override {
    if (!root_.empty()) fs::remove_all(root_);
    MediaStoreTest::TearDown();
  }
  Result<MediaFile> Upload(const http::Principal& who, std::string folder, const std::string& body,
                           std::string name = "Red Roses.JPG") {
    return service_->Upload(who, {.folder = std::move(folder), .file_name = std::move(name), .body = body});
  }

  FakeClock clock_;
  fs::path root_;
  std::unique_ptr<LocalDiskStorage> storage_;
  std::unique_ptr<MediaService> service_;
};

TEST_P(MediaServiceTest, UploadsAnImageWithPreviewsOnDisk) {
  auto owner = AddClient();
  auto file = Upload(owner, "product", testing::MakeImage(1000, 500, ".jpg"));
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_TRUE(IsValidId(file->id, "med"));
  EXPECT_EQ(file->content_type, "image/jpeg");
  EXPECT_EQ(file->width, 1000);
  EXPECT_EQ(file->height, 500);
  EXPECT_EQ(file->file_name, "Red Roses.JPG");
  EXPECT_EQ(file->storage_key, "users/" + owner.user_id + "/product/" + file->id + "-red-roses.jpg");
  int64_t on_disk = 0;
  for (const char* variant : {"original", "thumb", "medium"}) {
    std::string url = file->variants.at(variant);
    ASSERT_EQ(url.rfind("/media/", 0), 0u) << url;
    fs::path path = root_ / url.substr(7);
    ASSERT_TRUE(fs::exists(path)) << path;
    on_disk += static_cast<int64_t>(fs::file_size(path));
  }
  EXPECT_EQ(file->bytes, on_disk);
  EXPECT_EQ(service_->Get(owner, file->id).value().storage_key, file->storage_key);

  ASSERT_TRUE(service_->Delete(owner, file->id));
  EXPECT_FALSE(fs::exists(root_ / file->storage_key));
  EXPECT_FALSE(fs::exists(root_ / VariantKey(file->storage_key, "thumb")));
  EXPECT_EQ(service_->Get(owner, file->id).error().code, ErrorCode::kNotFound);
}

TEST_P(MediaServiceTest, RefusesWrongTypesFoldersSizesAndPrincipals) {
  auto owner = AddClient();
  auto text = Upload(owner, "product", "just text, named .png", "fake.png");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code, ErrorCode::kUnsupportedMediaType);
  auto folder = Upload(owner, "gallery", testing::MakeImage(10, 10, ".png"));
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().code, ErrorCode::kInvalidArgument);
  auto image_as_welcome = Upload(owner, "welcome", testing::MakeImage(10, 10, ".png"));
  ASSERT_FALSE(image_as_welcome);
  EXPECT_EQ(image_as_welcome.error().code, ErrorCode::kInvalidArgument);
  auto video_as_product = Upload(owner, "product", testing::MakeMp4Header());
  ASSERT_FALSE(video_as_product);
  EXPECT_EQ(video_as_product.error().code, ErrorCode::kInvalidArgument);
  auto big_video = Upload(owner, "welcome", testing::MakeMp4Header(1001));
  ASSERT_FALSE(big_video);
  EXPECT_EQ(big_video.error().code, ErrorCode::kPayloadTooLarge);
  auto big_image =
      Upload(owner, "product", std::string(testing::MakeImage(10, 10, ".png")) + std::string(200'000, '\0'));
  ASSERT_FALSE(big_image);
  EXPECT_EQ(big_image.error().code, ErrorCode::kPayloadTooLarge);
  std::string jpeg = testing::MakeImage(300, 300, ".jpg");
  auto truncated = Upload(owner, "product", jpeg.substr(0, jpeg.size() / 2));
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, ErrorCode::kInvalidArgument);
  auto manager = Upload({NewId("usr"), "MANAGER", ""}, "product", testing::MakeImage(10, 10, ".png"));
  ASSERT_FALSE(manager);
  EXPECT_EQ(manager.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(service_->List(owner, std::nullopt).value().empty());
  EXPECT_FALSE(fs::exists(root_ / "users"));  // nothing refused ever reached the disk
}

TEST_P(MediaServiceTest, SecondWelcomeVideoIsAConflictAndLeavesNoBytes) {
  auto owner = AddClient();
  auto first = Upload(owner, "welcome", testing::MakeMp4Header(), "Hello.mp4");
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->kind, MediaKind::kVideo);
  EXPECT_FALSE(first->width);
  auto second = Upload(owner, "welcome", testing::MakeMp4Header(), "Again.mp4");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(second.error().message, "you already have a welcome video; delete it first");
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(root_ / "users" / owner.user_id / "welcome")) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1u);
}

TEST_P(MediaServiceTest, QuotaRefusalRemovesNothingAndStoresNothing) {
  auto owner = AddClient();
  service_ = std::make_unique<MediaService>(
      *repository_, *storage_, clock_,
      MediaLimits{.max_image_bytes = 200'000, .max_video_bytes = 1000, .quota_bytes = 1500});
  ASSERT_TRUE(Upload(owner, "welcome", testing::MakeMp4Header(1000)));
  auto photo = Upload(owner, "product", testing::MakeImage(400, 400, ".jpg"));
  ASSERT_FALSE(photo);
  EXPECT_EQ(photo.error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_FALSE(fs::exists(root_ / "users" / owner.user_id / "product"));
  EXPECT_EQ(service_->List(owner, std::nullopt).value().size(), 1u);
}

X8_INSTANTIATE_ENGINE_TEST(MediaStoreTest);
X8_INSTANTIATE_ENGINE_TEST(MediaServiceTest);

}  // namespace
}  // namespace x8::media
