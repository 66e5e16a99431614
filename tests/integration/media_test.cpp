// Media over the real x8 binary, on SQLite and PostgreSQL: uploading a generated JPEG, its previews,
// serving the files with immutable caching and byte ranges, the one-welcome-video rule, tenancy
// (another client's media is 404), sniffing (a text "PNG" is 415) and deletion removing the files.
//
// Users, accounts and sessions are written straight into the server's database and access tokens are
// minted with the server's key, as in companies_test.cpp.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>

#include "core/ids.h"
#include "modules/media/testing/images.h"
#include "platform/crypto/crypto.h"
#include "platform/storage/testing/test_database.h"
#include "tests/emulators/emulator_process.h"
#include "tests/integration/server_process.h"
#include "tests/integration/test_tenants.h"

namespace x8::testing {
namespace {

namespace fs = std::filesystem;
using storage::testing::EngineTest;

boost::json::value Json(const http::HttpResponse& r) { return boost::json::parse(r.body); }
std::string ErrorCodeOf(const http::HttpResponse& r) {
  return std::string(Json(r).at("error").at("code").as_string());
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

using User = TestUser;

class MediaApiTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    media_root_ = fs::temp_directory_path() / ("x8-media-it-" + RandomHex(6));
    std::map<std::string, std::string> env = ExtraEnv();
    env["X8_SECURITY_MASTER_KEY"] = tenants_.master_key_env();
    env["X8_MEDIA_ROOT"] = media_root_.string();
    env["X8_MEDIA_MAX_IMAGE_BYTES"] = "2000000";
    server_ = std::make_unique<ServerProcess>(ServerOptions{.database_url = url(), .env = std::move(env)});
    ASSERT_TRUE(server_->Start()) << server_->log();
    client_ = AddClient();
    other_ = AddClient();
  }
  void TearDown() override {
    server_.reset();
    if (!media_root_.empty()) fs::remove_all(media_root_);
    EngineTest::TearDown();
  }

  virtual std::map<std::string, std::string> ExtraEnv() { return {}; }

  User AddClient() { return tenants_.AddClient(db()); }

  http::HttpResponse Call(const User* user, std::string method, const std::string& path,
                          std::string body = {}, http::HeaderList headers = {}) {
    http::HttpRequest request;
    request.method = std::move(method);
    request.url = server_->Url(path);
    request.headers = std::move(headers);
    if (user != nullptr) request.headers.emplace_back("Authorization", "Bearer " + user->token);
    request.body = std::move(body);
    auto response = server_->Send(request);
    EXPECT_TRUE(response) << response.error().message;
    return response ? *response : http::HttpResponse{};
  }
  http::HttpResponse Upload(const User& user, const std::string& folder, std::string bytes,
                            const std::string& file_name) {
    return Call(&user, "POST", "/api/v1/media?folder=" + folder, std::move(bytes),
                {{"Content-Type", "application/octet-stream"}, {"X-File-Name", file_name}});
  }

  TestTenants tenants_;
  fs::path media_root_;
  std::unique_ptr<ServerProcess> server_;
  User client_, other_;
};

TEST_P(MediaApiTest, UploadedJpegHasPreviewsAndIsServedWithImmutableCaching) {
  std::string jpeg = media::testing::MakeImage(1200, 900, ".jpg");
  auto created = Upload(client_, "product", jpeg, "Red%20Roses.JPG");
  ASSERT_EQ(created.status, 201) << created.body;
  auto file = Json(created).as_object();
  std::string id(file.at("id").as_string());
  EXPECT_EQ(file.at("file_name").as_string(), "Red Roses.JPG");
  EXPECT_EQ(file.at("content_type").as_string(), "image/jpeg");
  EXPECT_EQ(file.at("kind").as_string(), "image");
  EXPECT_EQ(file.at("folder").as_string(), "product");
  EXPECT_EQ(file.at("width").as_int64(), 1200);
  EXPECT_EQ(file.at("height").as_int64(), 900);
  EXPECT_EQ(file.at("storage").as_string(), "local");
  EXPECT_EQ(file.at("storage_key").as_string(), "users/" + client_.id + "/product/" + id + "-red-roses.jpg");

  const auto& variants = file.at("variants").as_object();
  struct Expected {
    const char* variant;
    const char* type;
    std::pair<int, int> size;
  };
  for (const Expected& e :
       {Expected{"original", "image/jpeg", {1200, 900}}, Expected{"medium", "image/webp", {800, 600}},
        Expected{"thumb", "image/webp", {200, 150}}}) {
    std::string path(variants.at(e.variant).as_string());
    auto served = Call(nullptr, "GET", path);  // public by unguessable key: no token
    ASSERT_EQ(served.status, 200) << e.variant << " " << path << " " << served.body;
    EXPECT_EQ(served.Header("Content-Type"), e.type);
    EXPECT_EQ(served.Header("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(media::testing::SizeOf(served.body), e.size) << e.variant;
    auto etag = served.Header("ETag");
    ASSERT_TRUE(etag);
    auto revalidated = Call(nullptr, "GET", path, {}, {{"If-None-Match", std::string(*etag)}});
    EXPECT_EQ(revalidated.status, 304);
  }

  auto listed = Call(&client_, "GET", "/api/v1/media");
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(Json(listed).at("items").as_array().size(), 1u);
  EXPECT_EQ(Json(listed).at("items").at(0).at("id").as_string(), id);
  auto services = Call(&client_, "GET", "/api/v1/media?folder=service");
  EXPECT_TRUE(Json(services).at("items").as_array().empty());
  auto one = Call(&client_, "GET", "/api/v1/media/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(Json(one).at("bytes"), file.at("bytes"));
}

TEST_P(MediaApiTest, OnlyOneWelcomeVideo) {
  auto first = Upload(client_, "welcome", media::testing::MakeMp4Header(4096), "hello.mp4");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(Json(first).at("content_type").as_string(), "video/mp4");
  EXPECT_TRUE(Json(first).at("width").is_null());
  auto second = Upload(client_, "welcome", media::testing::MakeMp4Header(2048), "again.mp4");
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(ErrorCodeOf(second), "conflict");
  EXPECT_EQ(Json(second).at("error").at("message").as_string(),
            "you already have a welcome video; delete it first");
  auto others = Upload(other_, "welcome", media::testing::MakeMp4Header(2048), "mine.mp4");
  EXPECT_EQ(others.status, 201) << others.body;  // one per user, not one per platform

  ASSERT_EQ(Call(&client_, "DELETE", "/api/v1/media/" + std::string(Json(first).at("id").as_string())).status,
            204);
  EXPECT_EQ(Upload(client_, "welcome", media::testing::MakeMp4Header(2048), "again.mp4").status, 201);
}

TEST_P(MediaApiTest, AnotherClientsMediaIs404AndDeleteRemovesTheFiles) {
  auto created = Upload(client_, "service", media::testing::MakeImage(300, 300, ".png"), "haircut.png");
  ASSERT_EQ(created.status, 201) << created.body;
  auto file = Json(created).as_object();
  std::string path = "/api/v1/media/" + std::string(file.at("id").as_string());

  auto peek = Call(&other_, "GET", path);
  EXPECT_EQ(peek.status, 404);
  EXPECT_EQ(ErrorCodeOf(peek), "not_found");
  EXPECT_EQ(Call(&other_, "DELETE", path).status, 404);
  EXPECT_TRUE(Json(Call(&other_, "GET", "/api/v1/media")).at("items").as_array().empty());
  EXPECT_EQ(Call(nullptr, "GET", "/api/v1/media").status, 401);

  std::vector<std::string> urls;
  for (const auto& [name, url] : file.at("variants").as_object()) urls.emplace_back(url.as_string());
  ASSERT_EQ(urls.size(), 3u);
  fs::path original = media_root_ / std::string(file.at("storage_key").as_string());
  ASSERT_TRUE(fs::exists(original));

  ASSERT_EQ(Call(&client_, "DELETE", path).status, 204);
  EXPECT_FALSE(fs::exists(original));
  for (const auto& url : urls) EXPECT_EQ(Call(nullptr, "GET", url).status, 404) << url;
  EXPECT_EQ(Call(&client_, "GET", path).status, 404);
  EXPECT_EQ(Call(&client_, "DELETE", path).status, 404);
}

TEST_P(MediaApiTest, RefusesDisguisedCorruptAndOversizedUploads) {
  auto text = Upload(client_, "product", "definitely not a picture\n", "photo.png");
  EXPECT_EQ(text.status, 415);
  EXPECT_EQ(ErrorCodeOf(text), "unsupported_media_type");
  EXPECT_NE(Json(text).at("error").at("message").as_string().find("text/plain"), std::string::npos);

  std::string jpeg = media::testing::MakeImage(600, 400, ".jpg");
  auto truncated = Upload(client_, "product", jpeg.substr(0, jpeg.size() / 2), "half.jpg");
  EXPECT_EQ(truncated.status, 400) << truncated.body;
  EXPECT_EQ(ErrorCodeOf(truncated), "invalid_argument");

  std::string big = media::testing::MakeImage(64, 64, ".png") + std::string(2'000'001, '\0');
  auto oversized = Upload(client_, "product", big, "big.png");
  EXPECT_EQ(oversized.status, 413) << oversized.body;

  auto no_folder = Call(&client_, "POST", "/api/v1/media", jpeg, {{"Content-Type", "image/jpeg"}});
  EXPECT_EQ(no_folder.status, 400);
  EXPECT_TRUE(Json(Call(&client_, "GET", "/api/v1/media")).at("items").as_array().empty());
  EXPECT_FALSE(fs::exists(media_root_ / "users"));
}

// Byte ranges (RFC 9110 §14), which iOS Safari needs to play a <video> at all: a welcome video fetched
// in pieces over real HTTP, 416 past the end, HEAD, If-Range and validators.
TEST_P(MediaApiTest, WelcomeVideoIsServedInByteRanges) {
  std::string video = media::testing::MakeMp4Header(64);
  video.reserve(1'234'567);
  for (size_t i = video.size(); i < 1'234'567; ++i) video.push_back(static_cast<char>((i * 7919) % 251));
  auto created = Upload(client_, "welcome", video, "hello.mp4");
  ASSERT_EQ(created.status, 201) << created.body;
  std::string url(Json(created).at("variants").at("original").as_string());
  const std::string size = std::to_string(video.size());

  auto whole = Call(nullptr, "GET", url);
  ASSERT_EQ(whole.status, 200);
  EXPECT_TRUE(whole.body == video);
  EXPECT_EQ(whole.Header("Accept-Ranges"), "bytes");
  EXPECT_EQ(whole.Header("Content-Length"), size);
  EXPECT_EQ(whole.Header("Content-Type"), "video/mp4");
  EXPECT_FALSE(whole.Header("Content-Range"));
  auto etag = whole.Header("ETag");
  ASSERT_TRUE(etag);
  const std::string tag(*etag);

  // What Safari sends first, then what a player seeking sends.
  auto probe = Call(nullptr, "GET", url, {}, {{"Range", "bytes=0-1"}});
  ASSERT_EQ(probe.status, 206);
  EXPECT_EQ(probe.body, video.substr(0, 2));
  EXPECT_EQ(probe.Header("Content-Range"), "bytes 0-1/" + size);
  EXPECT_EQ(probe.Header("Content-Length"), "2");
  EXPECT_EQ(probe.Header("Content-Type"), "video/mp4");
  EXPECT_EQ(probe.Header("ETag"), tag);
  EXPECT_EQ(probe.Header("Cache-Control"), "public, max-age=31536000, immutable");

  // Pieces of uneven sizes (and one crossing the server's 64 KiB chunks) join into the original.
  std::string joined;
  for (size_t first = 0, step = 1; first < video.size(); first += step, step = step * 3 + 17) {
    size_t last = std::min(first + step, video.size()) - 1;
    std::string range = "bytes=" + std::to_string(first) + "-" + std::to_string(last);
    auto piece = Call(nullptr, "GET", url, {}, {{"Range", range}});
    ASSERT_EQ(piece.status, 206) << range;
    ASSERT_EQ(piece.body.size(), last - first + 1) << range;
    EXPECT_EQ(piece.Header("Content-Range"),
              "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + size);
    joined += piece.body;
  }
  EXPECT_EQ(joined.size(), video.size());
  EXPECT_TRUE(joined == video);

  auto open_ended = Call(nullptr, "GET", url, {}, {{"Range", "bytes=1000000-"}});
  ASSERT_EQ(open_ended.status, 206);
  EXPECT_TRUE(open_ended.body == video.substr(1'000'000));
  EXPECT_EQ(open_ended.Header("Content-Range"), "bytes 1000000-1234566/" + size);
  auto suffix = Call(nullptr, "GET", url, {}, {{"Range", "bytes=-100"}});
  ASSERT_EQ(suffix.status, 206);
  EXPECT_TRUE(suffix.body == video.substr(video.size() - 100));
  auto clamped = Call(nullptr, "GET", url, {}, {{"Range", "bytes=1234560-99999999"}});
  ASSERT_EQ(clamped.status, 206);
  EXPECT_EQ(clamped.Header("Content-Range"), "bytes 1234560-1234566/" + size);
  EXPECT_EQ(clamped.body.size(), 7u);

  auto beyond = Call(nullptr, "GET", url, {}, {{"Range", "bytes=" + size + "-"}});
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.Header("Content-Range"), "bytes */" + size);
  EXPECT_EQ(ErrorCodeOf(beyond), "invalid_argument");
  EXPECT_EQ(beyond.Header("Cache-Control"), "no-store");

  // Malformed and multi-range requests get the whole file.
  for (std::string range : {"bytes=5-2", "bytes=abc", "pages=0-1", "bytes=0-1,4-5"}) {
    auto full = Call(nullptr, "GET", url, {}, {{"Range", range}});
    EXPECT_EQ(full.status, 200) << range;
    EXPECT_EQ(full.body.size(), video.size()) << range;
    EXPECT_FALSE(full.Header("Content-Range")) << range;
  }

  // If-Range: the range only for the current ETag; a stale validator gets the whole new file.
  auto current = Call(nullptr, "GET", url, {}, {{"Range", "bytes=10-19"}, {"If-Range", tag}});
  EXPECT_EQ(current.status, 206);
  EXPECT_EQ(current.body, video.substr(10, 10));
  auto stale = Call(nullptr, "GET", url, {}, {{"Range", "bytes=10-19"}, {"If-Range", "\"stale\""}});
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body.size(), video.size());

  auto not_modified = Call(nullptr, "GET", url, {}, {{"If-None-Match", "\"other\", " + tag}});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
  EXPECT_EQ(not_modified.Header("ETag"), tag);

  // HEAD: the headers of the full GET and no body.
  auto head = Call(nullptr, "HEAD", url);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  for (const char* name : {"Content-Length", "Content-Type", "ETag", "Accept-Ranges", "Cache-Control"}) {
    EXPECT_EQ(head.Header(name), whole.Header(name)) << name;
  }
  // The connection stays usable after a HEAD of a streamed file (no stray body bytes on the wire).
  EXPECT_EQ(Call(nullptr, "GET", url, {}, {{"Range", "bytes=0-3"}}).body, video.substr(0, 4));

  // Ranges do not widen access: a deleted video is 404 for any range.
  ASSERT_EQ(
      Call(&client_, "DELETE", "/api/v1/media/" + std::string(Json(created).at("id").as_string())).status,
      204);
  EXPECT_EQ(Call(nullptr, "GET", url, {}, {{"Range", "bytes=0-1"}}).status, 404);
}

// The same server storing on Cloudinary (the emulator checks every signature).
class MediaCloudinaryApiTest : public MediaApiTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(emulator_.Start()) << emulator_.log();
    MediaApiTest::SetUp();
  }
  std::map<std::string, std::string> ExtraEnv() override {
    return {{"X8_MEDIA_CLOUDINARY_URL",
             "cloudinary://emulator-cloudinary-key:emulator-cloudinary-secret@x8-emulated"},
            {"X8_MEDIA_CLOUDINARY_API_BASE", emulator_.Url("/cloudinary")}};
  }
  boost::json::array Assets() {
    return emulator_.ControlGet("/__control/cloudinary/assets").at("assets").as_array();
  }

  EmulatorProcess emulator_;
};

TEST_P(MediaCloudinaryApiTest, UploadsSignedDeliversTransformedAndDestroysOnDelete) {
  auto created = Upload(client_, "product", media::testing::MakeImage(1200, 900, ".jpg"), "Red Roses.jpg");
  ASSERT_EQ(created.status, 201) << created.body;
  auto file = Json(created).as_object();
  EXPECT_EQ(file.at("storage").as_string(), "cloudinary");
  EXPECT_EQ(file.at("width").as_int64(), 1200);
  std::string key(file.at("storage_key").as_string());
  std::string public_id = key.substr(0, key.rfind('.'));
  const auto& variants = file.at("variants").as_object();
  EXPECT_EQ(variants.at("original").as_string(),
            "https://res.cloudinary.com/x8-emulated/image/upload/f_auto,q_auto/" + public_id);
  EXPECT_EQ(
      variants.at("thumb").as_string(),
      "https://res.cloudinary.com/x8-emulated/image/upload/c_limit,w_200,h_200/f_auto,q_auto/" + public_id);
  auto assets = Assets();
  ASSERT_EQ(assets.size(), 1u);
  EXPECT_EQ(assets[0].at("public_id").as_string(), public_id);
  EXPECT_EQ(assets[0].at("bytes"), file.at("bytes"));  // only the original is stored: Cloudinary derives
  EXPECT_EQ(emulator_.ControlGet("/__control/cloudinary/assets").at("rejected_signatures").as_int64(), 0);
  EXPECT_FALSE(fs::exists(media_root_ / key));

  auto video = Upload(client_, "welcome", media::testing::MakeMp4Header(4096), "hello.mp4");
  ASSERT_EQ(video.status, 201) << video.body;
  EXPECT_EQ(Upload(client_, "welcome", media::testing::MakeMp4Header(4096), "again.mp4").status, 409);
  EXPECT_EQ(Assets().size(), 2u);

  ASSERT_EQ(Call(&client_, "DELETE", "/api/v1/media/" + std::string(file.at("id").as_string())).status, 204);
  ASSERT_EQ(Call(&client_, "DELETE", "/api/v1/media/" + std::string(Json(video).at("id").as_string())).status,
            204);
  EXPECT_TRUE(Assets().empty());
}

X8_INSTANTIATE_ENGINE_TEST(MediaApiTest);
X8_INSTANTIATE_ENGINE_TEST(MediaCloudinaryApiTest);

}  // namespace
}  // namespace x8::testing
