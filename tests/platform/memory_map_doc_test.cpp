// docs/memory-map.md must show every device base of platform/memory_map.h
// with the header's value, so the doc cannot drift from the code.
#include "platform/memory_map.h"
#include "tests/common/test_files.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace {

std::string hex8(uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "`0x%08x`", v);
    return std::string(buf);
}

TEST(MemoryMapDoc, ListsEveryBaseWithHeaderValue) {
    std::string doc = modeltest::read_file(CIMVP_SOURCE_DIR "/docs/memory-map.md");
    ASSERT_FALSE(doc.empty());
    struct {
        const char* device;
        uint32_t base, size;
    } devices[] = {
        {"finisher", CIMVP_FINISHER_BASE, CIMVP_FINISHER_SIZE},
        {"CLINT", CIMVP_CLINT_BASE, CIMVP_CLINT_SIZE},
        {"statistics regions", CIMVP_STATS_BASE, CIMVP_STATS_SIZE},
        {"UART", CIMVP_UART_BASE, CIMVP_UART_SIZE},
        {"crossbar", CIMVP_XBAR_BASE, CIMVP_XBAR_SIZE},
    };
    for (const auto& d : devices) {
        std::string row = "| " + hex8(d.base) + " | " + hex8(d.size) + " | ";
        size_t at = doc.find(row);
        ASSERT_NE(at, std::string::npos) << d.device << ": no row starting " << row;
        EXPECT_NE(doc.substr(at, doc.find('\n', at) - at).find(d.device), std::string::npos)
            << d.device;
    }
    EXPECT_NE(doc.find("| " + hex8(CIMVP_RAM_BASE) + " |"), std::string::npos);
    EXPECT_NE(doc.find("+0x4000"), std::string::npos);
    EXPECT_NE(doc.find("+0xBFF8"), std::string::npos);
    EXPECT_NE(doc.find("+0xC000"), std::string::npos); // timebase_hz
}

} // namespace
