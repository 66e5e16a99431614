#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <string>

#include "platform/tabular/table.h"
#include "platform/tabular/test_util.h"

namespace x8::tabular {
namespace {

using testing::ReadTestdata;

std::vector<std::string> Texts(const std::vector<Cell>& cells) {
  std::vector<std::string> texts;
  texts.reserve(cells.size());
  for (const Cell& cell : cells) texts.push_back(cell.text);
  return texts;
}

std::string EncodeWindows1251(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 16, '\0');
  const int32_t length = ucnv_convert("windows-1251", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                      utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status));
  out.resize(static_cast<size_t>(length));
  return out;
}

TEST(ReadCsv, FlowerShopSample) {
  const auto table = ReadCsv(ReadTestdata("flower-shop.csv"));
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->delimiter, ',');
  EXPECT_EQ(table->encoding, "UTF-8");
  EXPECT_EQ(Texts(table->headers),
            (std::vector<std::string>{"Product Name", "Category", "Colour", "Size", "Price (EUR)", "In stock",
                                      "Description", "Photo"}));
  ASSERT_EQ(table->rows.size(), 10u);
  EXPECT_EQ(table->rows[1].line, 3);
  EXPECT_EQ(table->rows[1].cells[4].text, "54.90");
  EXPECT_EQ(table->rows[3].cells[6].text, "Fragrant white lilies, 7 stems");
  const Row& card = table->rows[8];
  EXPECT_EQ(card.cells[0].text, "Greeting card");
  EXPECT_EQ(card.cells[2].text, "");
  EXPECT_EQ(card.cells[7].text, "");
  EXPECT_EQ(card.cells[7].line, 10);
  EXPECT_EQ(card.cells[7].column, 8);
}

TEST(ReadCsv, RussianSemicolonSample) {
  const auto table = ReadCsv(ReadTestdata("beauty-salon-ru.csv"));
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->delimiter, ';');
  EXPECT_EQ(table->encoding, "UTF-8");
  ASSERT_EQ(table->headers.size(), 6u);
  EXPECT_EQ(table->headers[0].text, "Название услуги");
  EXPECT_EQ(table->headers[3].text, "Цена, ₽");
  EXPECT_EQ(table->headers[4].text, "Формат");
  EXPECT_EQ(table->headers[5].text, "Описание");
  EXPECT_EQ(table->headers[2].text, "Длительность (мин)");
  ASSERT_EQ(table->rows.size(), 6u);
  EXPECT_EQ(table->rows[0].cells[0].text, "Стрижка женская");
  EXPECT_EQ(table->rows[0].cells[3].text, "2500");
  EXPECT_EQ(table->rows[0].cells[5].text, "Стрижка, мытьё и укладка");
  EXPECT_EQ(table->rows[4].cells[3].text, "0");
  EXPECT_EQ(table->rows[5].line, 7);
}

TEST(ReadCsv, FaqSample) {
  const auto table = ReadCsv(ReadTestdata("faq.csv"));
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->delimiter, ',');
  EXPECT_EQ(Texts(table->headers), (std::vector<std::string>{"question", "answer"}));
  ASSERT_EQ(table->rows.size(), 4u);
  EXPECT_EQ(table->rows[0].cells[1].text, "Yes, from 10:00 to 16:00 within the city.");
  EXPECT_EQ(table->rows[2].cells[1].text, "Yes — add a Greeting card to your order and tell us the text.");
}

TEST(ReadCsv, Windows1251IsDetectedAndDecoded) {
  // "₽" has no windows-1251 byte; Russian Excel writes "руб." instead.
  const std::string source = "Название;Цена, руб.\r\nСтрижка;2500\r\nМытьё головы;500\r\n";
  const std::string bytes = EncodeWindows1251(source);
  ASSERT_FALSE(bytes.empty());
  const auto table = ReadCsv(bytes);
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->encoding, "windows-1251");
  EXPECT_EQ(table->delimiter, ';');
  EXPECT_EQ(Texts(table->headers), (std::vector<std::string>{"Название", "Цена, руб."}));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[1].cells[0].text, "Мытьё головы");
  EXPECT_EQ(table->rows[1].line, 3);
}

TEST(ReadCsv, Utf16WithByteOrderMark) {
  std::string bytes = "\xFF\xFE";
  for (char c : std::string("name\tprice\nRose\t3\n")) {
    bytes.push_back(c);
    bytes.push_back('\0');
  }
  const auto table = ReadCsv(bytes);
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->encoding, "UTF-16LE");
  EXPECT_EQ(table->delimiter, '\t');
  EXPECT_EQ(table->rows.at(0).cells.at(1).text, "3");
}

TEST(ReadCsv, Utf8ByteOrderMarkIsStripped) {
  const auto table = ReadCsv("\xEF\xBB\xBFname,price\nRose,3\n");
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->headers[0].text, "name");
  EXPECT_EQ(table->encoding, "UTF-8");
}

TEST(ReadCsv, TabDelimiter) {
  const auto table = ReadCsv("name\tdescription\tprice\nRose\tRed, fresh, 11 stems\t3,50\nLily\tWhite\t4\n");
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->delimiter, '\t');
  EXPECT_EQ(table->rows[0].cells[1].text, "Red, fresh, 11 stems");
  EXPECT_EQ(table->rows[0].cells[2].text, "3,50");
}

TEST(ReadCsv, PipeDelimiter) {
  const auto table = ReadCsv("a|b|c\n1|2|3\n");
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->delimiter, '|');
  EXPECT_EQ(Texts(table->rows[0].cells), (std::vector<std::string>{"1", "2", "3"}));
}

TEST(ReadCsv, QuotesDoubledQuotesAndNewlinesInsideQuotes) {
  const auto table = ReadCsv(
      "name,description,price\r\n\"Rose \"\"Red\"\"\",\"line one\r\nline two\",3\r\nLily,plain,4\r\n");
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].cells[0].text, "Rose \"Red\"");
  EXPECT_EQ(table->rows[0].cells[1].text, "line one\nline two");
  EXPECT_EQ(table->rows[0].line, 2);
  // The next record starts on physical line 4 because the quoted cell spans two lines.
  EXPECT_EQ(table->rows[1].line, 4);
  EXPECT_EQ(table->rows[1].cells[2].line, 4);
}

TEST(ReadCsv, CarriageReturnOnlyLineEndings) {
  const auto table = ReadCsv("a,b\r1,2\r3,4");
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[1].line, 3);
  EXPECT_EQ(table->rows[1].cells[1].text, "4");
}

TEST(ReadCsv, TrimsCellsSkipsEmptyLinesAndNormalisesToNfc) {
  // "e" + combining acute accent (decomposed, as macOS writes it) becomes the single code point "é".
  const auto table = ReadCsv("\n\n  name , price \n\n Cafe\xCC\x81 ,  3 \n   \n,,\n");
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(Texts(table->headers), (std::vector<std::string>{"name", "price"}));
  EXPECT_EQ(table->headers[0].line, 3);
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].cells[0].text, "Caf\xC3\xA9");
  EXPECT_EQ(table->rows[0].line, 5);
}

TEST(ReadCsv, AllEmptyHeaderRowIsSkipped) {
  const auto table = ReadCsv(",,\nname,price,\nRose,3,\n");
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(Texts(table->headers), (std::vector<std::string>{"name", "price", ""}));
  EXPECT_EQ(table->rows.size(), 1u);
}

TEST(ReadCsv, DuplicateAndEmptyHeaderNamesAreKept) {
  const auto table = ReadCsv("name,,name\na,b,c\n");
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(Texts(table->headers), (std::vector<std::string>{"name", "", "name"}));
  EXPECT_EQ(Texts(table->rows[0].cells), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ReadCsv, ShortRowsArePadded) {
  const auto table = ReadCsv("a,b,c\n1\n");
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_EQ(table->rows[0].cells.size(), 3u);
  EXPECT_EQ(table->rows[0].cells[2].text, "");
  EXPECT_EQ(table->rows[0].cells[2].column, 3);
  EXPECT_EQ(table->rows[0].cells[2].line, 2);
}

TEST(ReadCsv, RowWiderThanHeaderIsAnErrorNamingTheLine) {
  std::string csv = "h1,h2,h3,h4,h5,h6,h7,h8\n";
  for (int line = 2; line <= 6; ++line) csv += "1,2,3,4,5,6,7,8\n";
  csv += "1,2,3,4,5,6,7,8,9\n";
  const auto table = ReadCsv(csv);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(table.error().message, "line 7 has 9 cells but the header has 8");
  EXPECT_EQ(table.error().details.at("line").as_int64(), 7);
  EXPECT_EQ(table.error().details.at("column").as_int64(), 9);
}

TEST(ReadCsv, TrailingEmptyCellsBeyondTheHeaderAreDropped) {
  const auto table = ReadCsv("a;b\n1;2;;\n");
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->rows[0].cells.size(), 2u);
}

TEST(ReadCsv, UnterminatedQuoteNamesTheLineWhereItOpened) {
  const auto table = ReadCsv("name,description\nRose,fine\nLily,\"never closed\nmore\nand more\n");
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(table.error().details.at("line").as_int64(), 3);
  EXPECT_EQ(table.error().details.at("column").as_int64(), 2);
  EXPECT_NE(table.error().message.find("line 3"), std::string::npos) << table.error().message;
  EXPECT_NE(table.error().message.find("never closed"), std::string::npos);
}

TEST(ReadCsv, HugeCellIsAnErrorAtItsLineAndColumn) {
  std::string csv = "name,description,price\nRose,short,3\nLily,";
  csv += std::string(1u << 20, 'x');
  csv += ",4\n";
  ReadOptions options;
  options.max_cell_bytes = 64u << 10;
  const auto table = ReadCsv(csv, options);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(table.error().details.at("line").as_int64(), 3);
  EXPECT_EQ(table.error().details.at("column").as_int64(), 2);
  EXPECT_EQ(table.error().message, "line 3, column 2: the cell is longer than 65536 bytes");
}

TEST(ReadCsv, HugeQuotedCellIsAnErrorToo) {
  std::string csv = "a,b\n\"" + std::string(100, 'y') + "\n" + std::string(100, 'y') + "\",1\n";
  ReadOptions options;
  options.max_cell_bytes = 150;
  const auto table = ReadCsv(csv, options);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().details.at("line").as_int64(), 2);
  EXPECT_EQ(table.error().details.at("column").as_int64(), 1);
}

TEST(ReadCsv, OversizedInputIsPayloadTooLarge) {
  ReadOptions options;
  options.max_bytes = 10;
  const auto table = ReadCsv("name,price\nRose,3\n", options);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kPayloadTooLarge);
}

TEST(ReadCsv, TooManyRows) {
  ReadOptions options;
  options.max_rows = 2;
  const auto table = ReadCsv("a\n1\n2\n3\n", options);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(table.error().details.at("line").as_int64(), 4);
}

TEST(ReadCsv, TooManyCellsInTotal) {
  ReadOptions options;
  options.max_cells = 10;
  const auto table = ReadCsv("a,b,c\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n", options);
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(table.error().details.at("line").as_int64(), 5);
  EXPECT_EQ(table.error().details.at("reason").as_string(), "too_many_cells");
}

TEST(ReadCsv, LineWiderThanExcelIsRefused) {
  const auto table = ReadCsv("name\n" + std::string(20000, ',') + "\n");
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().details.at("line").as_int64(), 2);
  EXPECT_NE(table.error().message.find("more than 16384 cells"), std::string::npos) << table.error().message;
}

TEST(ReadCsv, EmptyAndBinaryInputsAreRefused) {
  EXPECT_EQ(ReadCsv("").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ReadCsv(" \n,,\n").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ReadCsv(std::string("%PDF\0\x01\x02", 7)).error().code, ErrorCode::kUnsupportedMediaType);
}

TEST(ReadAny, SniffsCsvAndLegacyXls) {
  const auto csv = ReadAny(ReadTestdata("faq.csv"));
  ASSERT_TRUE(csv) << csv.error().message;
  EXPECT_EQ(csv->rows.size(), 4u);
  const auto xls = ReadAny(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 12));
  ASSERT_FALSE(xls);
  EXPECT_EQ(xls.error().code, ErrorCode::kUnsupportedMediaType);
}

}  // namespace
}  // namespace x8::tabular
