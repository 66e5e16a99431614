#include <gtest/gtest.h>
#include <zip.h>

#include <map>
#include <string>

#include "platform/tabular/table.h"

namespace x8::tabular {
namespace {

// Builds a ZIP in memory from {part name → content} with libzip, as Excel would package a workbook.
std::string BuildZip(const std::map<std::string, std::string>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  for (const auto& [name, content] : parts) {
    zip_source_t* part = zip_source_buffer(archive, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(archive, name.c_str(), part, ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(archive), 0);
  std::string bytes;
  EXPECT_EQ(zip_source_open(buffer), 0);
  char chunk[4096];
  for (zip_int64_t got; (got = zip_source_read(buffer, chunk, sizeof chunk)) > 0;) {
    bytes.append(chunk, static_cast<size_t>(got));
  }
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string Sheet(const std::string& rows) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"") +
         kMainNs + "\"><sheetData>" + rows + "</sheetData></worksheet>";
}

std::map<std::string, std::string> CatalogueParts(bool date1904 = false) {
  std::map<std::string, std::string> parts;
  parts["[Content_Types].xml"] =
      "<?xml version=\"1.0\"?><Types "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
  parts["_rels/.rels"] =
      "<?xml version=\"1.0\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
      "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
  parts["xl/workbook.xml"] = std::string("<?xml version=\"1.0\"?><workbook xmlns=\"") + kMainNs +
                             "\" xmlns:r=\"" + kRelNs + "\">" +
                             (date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>") +
                             "<sheets><sheet name=\"Notes\" sheetId=\"1\" r:id=\"rId1\"/>"
                             "<sheet name=\"Products\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
  parts["xl/_rels/workbook.xml.rels"] =
      "<?xml version=\"1.0\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/sheet1.xml\"/>"
      "<Relationship Id=\"rId2\" Type=\"worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
      "<Relationship Id=\"rId3\" Type=\"sharedStrings\" Target=\"sharedStrings.xml\"/>"
      "<Relationship Id=\"rId4\" Type=\"styles\" Target=\"styles.xml\"/></Relationships>";
  parts["xl/sharedStrings.xml"] =
      std::string("<?xml version=\"1.0\"?><sst xmlns=\"") + kMainNs +
      "\" count=\"6\" uniqueCount=\"6\">"
      "<si><t>Product Name</t></si>"
      "<si><t>Price</t></si>"
      "<si><t>Delivery</t></si>"
      "<si><r><rPr><b/></rPr><t>Red </t></r><r><t xml:space=\"preserve\">roses</t></r>"
      "<rPh><t>IGNORED</t></rPh></si>"
      "<si><t>  Note_x000D_\nsecond line_x005F_x0041_  </t></si>"
      "<si><t>Stock</t></si>"
      "</sst>";
  // Style 0: General; 1: built-in date (14); 2: custom "dd.mm.yyyy hh:mm"; 3: custom "0.00 [$€-x]" (not a
  // date).
  parts["xl/styles.xml"] =
      std::string("<?xml version=\"1.0\"?><styleSheet xmlns=\"") + kMainNs +
      "\"><numFmts count=\"2\">"
      "<numFmt numFmtId=\"164\" formatCode=\"dd.mm.yyyy hh:mm\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"0.00\\ [$€-x-euro2];[Red]\\-0.00\"/>"
      "</numFmts><cellXfs count=\"4\">"
      "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
      "</cellXfs></styleSheet>";
  parts["xl/worksheets/sheet1.xml"] = Sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>4</v></c></row>");
  parts["xl/worksheets/sheet2.xml"] = Sheet(
      // Header: A..E; B1 is an inline string.
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>In stock</t></is></c>"
      "<c r=\"C1\" t=\"s\"><v>1</v></c><c r=\"D1\" t=\"s\"><v>2</v></c><c r=\"E1\" t=\"s\"><v>5</v></c></row>"
      // Row 2: B2 omitted (empty), a float with binary noise, a date, a formula with its cached value.
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>3</v></c><c r=\"C2\" s=\"3\"><v>54.900000000000006</v></c>"
      "<c r=\"D2\" s=\"1\"><v>46351</v></c><c r=\"E2\"><f>SUM(F2:G2)</f><v>12</v></c></row>"
      // Row 3 is absent; row 4: a boolean, a date-time, a string formula, an error, an integer.
      "<row r=\"4\"><c r=\"A4\" t=\"str\"><f>UPPER(\"lily\")</f><v>LILY</v></c><c r=\"B4\" "
      "t=\"b\"><v>1</v></c>"
      "<c r=\"C4\"><v>1234567</v></c><c r=\"D4\" s=\"2\"><v>46351.604166666664</v></c>"
      "<c r=\"E4\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>"
      // Row 5 has only empty cells: skipped.
      "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>  </t></is></c></row>");
  return parts;
}

TEST(ReadXlsx, ReadsTheChosenSheetWithAllValueKinds) {
  const std::string bytes = BuildZip(CatalogueParts());
  ReadOptions options;
  options.sheet = "Products";
  const auto table = ReadXlsx(bytes, options);
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->sheet, "Products");
  EXPECT_EQ(table->encoding, "UTF-8");
  EXPECT_EQ(table->delimiter, 0);
  ASSERT_EQ(table->headers.size(), 5u);
  EXPECT_EQ(table->headers[0].text, "Product Name");
  EXPECT_EQ(table->headers[1].text, "In stock");
  EXPECT_EQ(table->headers[4].text, "Stock");
  ASSERT_EQ(table->rows.size(), 2u);

  const Row& roses = table->rows[0];
  EXPECT_EQ(roses.line, 2);
  ASSERT_EQ(roses.cells.size(), 5u);
  EXPECT_EQ(roses.cells[0].text, "Red roses");  // rich text runs joined, phonetic run ignored
  EXPECT_EQ(roses.cells[1].text, "");           // omitted cell
  EXPECT_EQ(roses.cells[1].column, 2);
  EXPECT_EQ(roses.cells[2].text, "54.9");
  EXPECT_EQ(roses.cells[2].column, 3);
  EXPECT_EQ(roses.cells[3].text, "2026-11-25");
  EXPECT_EQ(roses.cells[4].text, "12");  // the formula's cached value

  const Row& lily = table->rows[1];
  EXPECT_EQ(lily.line, 4);
  EXPECT_EQ(lily.cells[0].text, "LILY");
  EXPECT_EQ(lily.cells[1].text, "TRUE");
  EXPECT_EQ(lily.cells[2].text, "1234567");
  EXPECT_EQ(lily.cells[3].text, "2026-11-25T14:30:00");
  EXPECT_EQ(lily.cells[4].text, "#DIV/0!");
  EXPECT_EQ(lily.cells[4].line, 4);
  EXPECT_EQ(lily.cells[4].column, 5);
}

TEST(ReadXlsx, FirstSheetByDefaultAndCellsAreTrimmed) {
  const auto table = ReadXlsx(BuildZip(CatalogueParts()));
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->sheet, "Notes");
  EXPECT_EQ(table->headers.at(0).text, "Note\r\nsecond line_x0041_");
  EXPECT_TRUE(table->rows.empty());
}

TEST(ReadXlsx, Date1904System) {
  ReadOptions options;
  options.sheet = "Products";
  const auto table = ReadXlsx(BuildZip(CatalogueParts(/*date1904=*/true)), options);
  ASSERT_TRUE(table) << table.error().message;
  // The same serial is 1462 days later in the 1904 system.
  EXPECT_EQ(table->rows[0].cells[3].text, "2030-11-26");
}

TEST(ReadXlsx, LotusLeapYearBug) {
  auto parts = CatalogueParts();
  parts["xl/worksheets/sheet1.xml"] = Sheet(
      "<row r=\"1\"><c t=\"inlineStr\"><is><t>d</t></is></c></row>"
      "<row r=\"2\"><c s=\"1\"><v>59</v></c></row><row r=\"3\"><c s=\"1\"><v>61</v></c></row>"
      "<row r=\"4\"><c s=\"1\"><v>1</v></c></row>");
  const auto table = ReadXlsx(BuildZip(parts));
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0].cells[0].text, "1900-02-28");
  EXPECT_EQ(table->rows[1].cells[0].text, "1900-03-01");
  EXPECT_EQ(table->rows[2].cells[0].text, "1900-01-01");
}

TEST(ReadXlsx, UnknownSheetListsTheSheets) {
  ReadOptions options;
  options.sheet = "Prices";
  const auto table = ReadXlsx(BuildZip(CatalogueParts()), options);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(table.error().message,
            "the workbook has no sheet named \"Prices\"; its sheets are: \"Notes\", \"Products\"");
}

TEST(ListXlsxSheets, InWorkbookOrder) {
  const auto sheets = ListXlsxSheets(BuildZip(CatalogueParts()));
  ASSERT_TRUE(sheets) << sheets.error().message;
  EXPECT_EQ(*sheets, (std::vector<std::string>{"Notes", "Products"}));
}

TEST(ReadXlsx, TruncatedWorkbookIsInvalid) {
  const std::string bytes = BuildZip(CatalogueParts());
  const auto table = ReadXlsx(bytes.substr(0, bytes.size() / 2));
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(table.error().message.starts_with("the file is not a valid .xlsx workbook: "))
      << table.error().message;
}

TEST(ReadXlsx, MissingPartAndBrokenXmlAreInvalid) {
  auto parts = CatalogueParts();
  parts.erase("xl/worksheets/sheet1.xml");
  auto missing = ReadXlsx(BuildZip(parts));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(missing.error().message.find("xl/worksheets/sheet1.xml is missing"), std::string::npos)
      << missing.error().message;

  parts = CatalogueParts();
  parts["xl/workbook.xml"] = "<workbook><sheets><sheet name=";
  auto broken = ReadXlsx(BuildZip(parts));
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(broken.error().message.find("not well-formed XML"), std::string::npos) << broken.error().message;
}

TEST(ReadXlsx, ZipBombIsRefused) {
  auto parts = CatalogueParts();
  parts["xl/worksheets/sheet1.xml"] =
      Sheet("<row r=\"1\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>" + std::string(3u << 20, ' '));
  const std::string bytes = BuildZip(parts);
  ReadOptions options;
  options.max_bytes = 200u << 10;  // 2 MB of unpacked content allowed; the sheet unpacks to 3 MB
  ASSERT_LT(bytes.size(), options.max_bytes);
  const auto table = ReadXlsx(bytes, options);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kPayloadTooLarge);
}

TEST(ReadXlsx, ValueBeyondTheHeaderIsAnError) {
  auto parts = CatalogueParts();
  parts["xl/worksheets/sheet1.xml"] = Sheet(
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>name</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"C2\"><v>3</v></c></row>");
  const auto table = ReadXlsx(BuildZip(parts));
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().details.at("line").as_int64(), 2);
  EXPECT_EQ(table.error().details.at("column").as_int64(), 3);
}

TEST(ReadAny, SniffsXlsxByContent) {
  const auto table = ReadAny(BuildZip(CatalogueParts()));
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->sheet, "Notes");
  const auto garbage = ReadAny(std::string("PK\x03\x04garbage", 11));
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace x8::tabular
