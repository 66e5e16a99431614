// libFuzzer target for the XLSX reader. Inputs starting with a ZIP signature go to ReadAny as they are
// (the container layer). Any other input is split at '\1' into the XML of the sheet, shared strings,
// styles and workbook parts and packed into a valid ZIP first: mutated ZIP bytes almost always fail the
// CRC check, so without this the XML layer would hardly be reached.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "platform/tabular/table.h"

namespace {

constexpr std::string_view kRootRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Target=\"xl/workbook.xml\"/></Relationships>";
constexpr std::string_view kWorkbookRels =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Target=\"styles.xml\"/></Relationships>";
constexpr std::string_view kWorkbook =
    "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Sheet1\" r:id=\"rId1\"/></sheets></workbook>";

std::string PackParts(std::string_view input) {
  std::vector<std::string_view> xml_parts;
  size_t start = 0;
  while (xml_parts.size() < 4) {
    const size_t end = input.find('\1', start);
    xml_parts.push_back(
        input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  const char* names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                         "xl/workbook.xml"};
  std::vector<std::pair<std::string, std::string_view>> parts = {
      {"_rels/.rels", kRootRels}, {"xl/_rels/workbook.xml.rels", kWorkbookRels}};
  for (size_t i = 0; i < xml_parts.size(); ++i) parts.emplace_back(names[i], xml_parts[i]);
  if (xml_parts.size() < 4) parts.emplace_back("xl/workbook.xml", kWorkbook);

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  for (const auto& [name, content] : parts) {
    zip_source_t* part = zip_source_buffer(archive, content.data(), content.size(), 0);
    zip_file_add(archive, name.c_str(), part, ZIP_FL_OVERWRITE);
  }
  zip_close(archive);
  std::string bytes;
  if (zip_source_open(buffer) == 0) {
    char chunk[4096];
    for (zip_int64_t got; (got = zip_source_read(buffer, chunk, sizeof chunk)) > 0;) {
      bytes.append(chunk, static_cast<size_t>(got));
    }
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

void Check(std::string_view bytes) {
  x8::tabular::ReadOptions options;
  options.max_bytes = 1u << 20;
  const auto table = x8::tabular::ReadAny(bytes, options);
  if (table) {
    for (const auto& row : table->rows) {
      if (row.cells.size() != table->headers.size()) __builtin_trap();
    }
  }
  (void)x8::tabular::ListXlsxSheets(bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.starts_with(std::string_view("PK\x03\x04", 4))) {
    Check(input);
  } else {
    Check(PackParts(input));
  }
  return 0;
}
