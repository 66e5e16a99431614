#include "modules/media/domain/sniff.h"

#include <gtest/gtest.h>

#include "modules/media/testing/images.h"

namespace x8::media {
namespace {

using testing::MakeImage;

TEST(SniffType, RecognisesRealImagesByTheirBytes) {
  struct Case {
    const char* suffix;
    const char* type;
    const char* extension;
  };
  for (const Case& c : {Case{".jpg", "image/jpeg", "jpg"}, Case{".png", "image/png", "png"},
                        Case{".webp", "image/webp", "webp"}, Case{".gif", "image/gif", "gif"}}) {
    auto sniffed = SniffType(MakeImage(32, 24, c.suffix));
    ASSERT_TRUE(sniffed) << c.suffix << ": " << sniffed.error().message;
    EXPECT_EQ(sniffed->content_type, c.type);
    EXPECT_EQ(sniffed->extension, c.extension);
    EXPECT_EQ(sniffed->kind, MediaKind::kImage);
  }
}

TEST(SniffType, RecognisesAnMp4Header) {
  auto sniffed = SniffType(testing::MakeMp4Header());
  ASSERT_TRUE(sniffed) << sniffed.error().message;
  EXPECT_EQ(sniffed->content_type, "video/mp4");
  EXPECT_EQ(sniffed->kind, MediaKind::kVideo);
  EXPECT_EQ(sniffed->extension, "mp4");
}

TEST(SniffType, TextPretendingToBeAPngIs415NamingTheRealType) {
  auto sniffed = SniffType("this is not a picture, whatever the file name says\n");
  ASSERT_FALSE(sniffed);
  EXPECT_EQ(sniffed.error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(sniffed.error().details.at("detected_type").as_string(), "text/plain");
  EXPECT_NE(sniffed.error().message.find("text/plain"), std::string::npos);
}

TEST(SniffType, OtherBinaryFormatsAre415) {
  auto pdf = SniffType("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(pdf.error().details.at("detected_type").as_string(), "application/pdf");
}

TEST(SniffType, EmptyBodyIsInvalid) {
  auto empty = SniffType("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace x8::media
