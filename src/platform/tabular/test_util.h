// Helpers for the tabular tests: reading testdata files.
#pragma once

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace x8::tabular::testing {

inline std::string ReadTestdata(const std::string& name) {
  const char* source_dir = std::getenv("X8_SOURCE_DIR");
  const std::string root = source_dir != nullptr ? source_dir : X8_TABULAR_SOURCE_DIR_FALLBACK;
  std::ifstream in(root + "/src/platform/tabular/testdata/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace x8::tabular::testing
