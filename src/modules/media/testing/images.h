// Real image bytes for tests, made with libvips (no binary fixtures in the tree).
#pragma once

#include <string>
#include <utility>

namespace x8::media::testing {

// A width×height colourful RGB image encoded by `suffix` (".jpg", ".png", ".webp", ".gif", with
// optional [options]). Throws std::runtime_error when libvips fails (a broken test setup).
std::string MakeImage(int width, int height, const char* suffix);

// Width and height as libvips reads them from encoded bytes; {-1, -1} when unreadable.
std::pair<int, int> SizeOf(const std::string& encoded);

// The smallest well-formed ISO BMFF header libmagic reads as video/mp4 ("ftyp" box, brand isom),
// padded with zeros to total_bytes.
std::string MakeMp4Header(size_t total_bytes = 64);

}  // namespace x8::media::testing
