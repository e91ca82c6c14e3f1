// The W/X text format: numbers, separators, comments, and errors naming file and line.
#include "ip/xbar/text_matrix.h"

#include <gtest/gtest.h>

using namespace xbar;

namespace {

std::string error_of(const std::string& text) {
    try {
        parse_int_matrix(text, "W.txt");
    } catch (const TextMatrixError& e) {
        return e.what();
    }
    return "no error";
}

TEST(TextMatrix, ParsesRowsWithBlanksCommasCommentsAndCrLf) {
    const IntMatrix m = parse_int_matrix("# weights\n1 -1 +1\r\n\n  -1,\t1, 0  \n", "W.txt");
    EXPECT_EQ(m.rows, 2);
    EXPECT_EQ(m.cols, 3);
    EXPECT_EQ(m.values, (std::vector<int32_t>{1, -1, 1, -1, 1, 0}));
    EXPECT_EQ(m.line, (std::vector<int>{2, 4}));
}

TEST(TextMatrix, LastLineWithoutNewline) {
    EXPECT_EQ(parse_int_matrix("1 2\n3 4", "X.txt").rows, 2);
}

TEST(TextMatrix, Errors) {
    EXPECT_EQ(error_of("1 1\n1 1 1\n"), "W.txt:2: 3 values, expected 2 (as on line 1)");
    EXPECT_EQ(error_of("1 1\n1 x\n"), "W.txt:2: malformed number 'x'");
    EXPECT_EQ(error_of("1 1.0\n"), "W.txt:1: malformed number '1.0'");
    EXPECT_EQ(error_of("1 -\n"), "W.txt:1: malformed number '-'");
    EXPECT_EQ(error_of("1 --1\n"), "W.txt:1: malformed number '--1'");
    EXPECT_EQ(error_of("99999999999\n"), "W.txt:1: number out of range '99999999999'");
    EXPECT_EQ(error_of("1 1\n\n\n"), "no error");
    EXPECT_EQ(error_of("\n# only a comment\n"), "W.txt: no data (empty file)");
    EXPECT_EQ(error_of(""), "W.txt: no data (empty file)");
}

TEST(TextMatrix, UnreadableFile) {
    EXPECT_THROW(read_int_matrix("/nonexistent/W.txt"), TextMatrixError);
    EXPECT_THROW(read_int_matrix("/"), TextMatrixError);
}

} // namespace
