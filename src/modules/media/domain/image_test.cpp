#include "modules/media/domain/image.h"

#include <gtest/gtest.h>
#include <vips/vips.h>

#include "modules/media/domain/sniff.h"
#include "modules/media/testing/images.h"

namespace x8::media {
namespace {

using testing::MakeImage;
using testing::SizeOf;

TEST(ProcessImage, ReadsSizeAndMakesWebpPreviewsWithinTheirBoxes) {
  auto processed = ProcessImage(MakeImage(1600, 1200, ".jpg"), "jpg");
  ASSERT_TRUE(processed) << processed.error().message;
  EXPECT_EQ(processed->width, 1600);
  EXPECT_EQ(processed->height, 1200);
  EXPECT_EQ(SniffType(processed->original)->content_type, "image/jpeg");
  EXPECT_EQ(SizeOf(processed->original), std::make_pair(1600, 1200));
  EXPECT_EQ(SniffType(processed->thumb)->content_type, "image/webp");
  EXPECT_EQ(SizeOf(processed->thumb), std::make_pair(200, 150));
  EXPECT_EQ(SniffType(processed->medium)->content_type, "image/webp");
  EXPECT_EQ(SizeOf(processed->medium), std::make_pair(800, 600));
}

TEST(ProcessImage, NeverEnlargesASmallImageAndKeepsItsFormat) {
  auto processed = ProcessImage(MakeImage(120, 90, ".png"), "png");
  ASSERT_TRUE(processed) << processed.error().message;
  EXPECT_EQ(SniffType(processed->original)->content_type, "image/png");
  EXPECT_EQ(SizeOf(processed->thumb), std::make_pair(120, 90));
  EXPECT_EQ(SizeOf(processed->medium), std::make_pair(120, 90));
}

TEST(ProcessImage, StripsMetadata) {
  // A JPEG carrying EXIF fields: libvips writes what an image carries unless told to strip it.
  std::string jpeg = MakeImage(64, 64, ".jpg[Q=90]");
  VipsImage* loaded = vips_image_new_from_buffer(jpeg.data(), jpeg.size(), "", nullptr);
  ASSERT_NE(loaded, nullptr);
  VipsImage* copy = nullptr;
  ASSERT_EQ(vips_copy(loaded, &copy, nullptr), 0);
  vips_image_set_string(copy, "exif-ifd0-ImageDescription", "secret shop notes");
  vips_image_set_string(copy, "exif-ifd0-Artist", "Jane Owner");
  void* buffer = nullptr;
  size_t length = 0;
  ASSERT_EQ(vips_image_write_to_buffer(copy, ".jpg", &buffer, &length, nullptr), 0);
  std::string with_exif(static_cast<const char*>(buffer), length);
  g_free(buffer);
  g_object_unref(copy);
  g_object_unref(loaded);
  ASSERT_NE(with_exif.find("Jane Owner"), std::string::npos);

  auto processed = ProcessImage(with_exif, "jpg");
  ASSERT_TRUE(processed) << processed.error().message;
  EXPECT_EQ(processed->original.find("Jane Owner"), std::string::npos);
  EXPECT_EQ(processed->original.find("Exif"), std::string::npos);
}

TEST(ProcessImage, TruncatedImageIsAClear400) {
  std::string jpeg = MakeImage(400, 300, ".jpg");
  auto truncated = ProcessImage(std::string_view(jpeg).substr(0, jpeg.size() / 2), "jpg");
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(truncated.error().message.find("truncated or corrupt"), std::string::npos);

  std::string png = MakeImage(400, 300, ".png");
  auto broken = ProcessImage(std::string_view(png).substr(0, 60), "png");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace x8::media
