// The VCD writer (platform/tlm_base/vcd_writer.h): changes recorded out of order come out
// sorted, the last change at a time wins, touching intervals booked in any order stay one,
// unchanged values are not repeated, scopes nest, and an unwritable path is an error at once.
#include "platform/tlm_base/vcd_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

using cimvp::VcdError;
using cimvp::VcdWriter;

std::string temp_path() {
    return ::testing::TempDir() + "vcd_writer_test_" + std::to_string(::getpid()) + ".vcd";
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The part after $dumpvars...$end: the value changes.
std::string changes(const std::string& vcd) {
    const size_t end = vcd.find("$end\n", vcd.find("$dumpvars"));
    return vcd.substr(end + 5);
}

TEST(VcdWriter, HeaderNestsScopesAndDeclaresEverySignal) {
    const std::string path = temp_path();
    {
        VcdWriter vcd(path);
        vcd.add("top.cpu", "sleep", 1);
        vcd.add("top.xbar", "busy", 1);
        vcd.add("top.xbar.xbar0", "state", 2);
        vcd.finish(10);
    }
    const std::string v = slurp(path);
    EXPECT_NE(v.find("$timescale 1ps $end"), std::string::npos);
    EXPECT_NE(v.find("$scope module top $end\n$scope module cpu $end\n$var wire 1 ! sleep $end\n"
                     "$upscope $end\n$scope module xbar $end\n$var wire 1 \" busy $end\n"
                     "$scope module xbar0 $end\n$var wire 2 # state $end\n$upscope $end\n"
                     "$upscope $end\n$upscope $end\n$enddefinitions $end\n"),
              std::string::npos)
        << v;
    EXPECT_NE(v.find("$dumpvars\n0!\n0\"\nb0 #\n$end\n"), std::string::npos) << v;
    EXPECT_EQ(changes(v), "#10\n");
    std::remove(path.c_str());
}

TEST(VcdWriter, ChangesComeOutSortedAndTheLastAtATimeWins) {
    const std::string path = temp_path();
    {
        VcdWriter vcd(path);
        auto a = vcd.add("s", "a", 1), b = vcd.add("s", "b", 4);
        vcd.set(b, 300, 5);
        vcd.set(a, 100, 1);
        vcd.set(a, 200, 1); // unchanged: not written
        vcd.set(b, 300, 9); // same time: the later record wins
        vcd.set(a, 300, 0);
        vcd.set(a, 500, 1); // after the end: dropped
        vcd.finish(400);
    }
    EXPECT_EQ(changes(slurp(path)), "#100\n1!\n#300\n0!\nb1001 \"\n#400\n");
    std::remove(path.c_str());
}

TEST(VcdWriter, TouchingIntervalsBookedInAnyOrderStayOne) {
    const std::string path = temp_path();
    {
        VcdWriter vcd(path);
        auto dma = vcd.add("s", "dma", 1), state = vcd.add("s", "state", 2);
        vcd.interval(dma, 200, 300, 1); // booked first, starts where the next one ends
        vcd.interval(dma, 100, 200, 1);
        vcd.interval(dma, 400, 400, 1); // empty: nothing
        vcd.interval(state, 100, 200, 1);
        vcd.interval(state, 200, 250, 2);
        vcd.finish(500);
    }
    EXPECT_EQ(changes(slurp(path)), "#100\n1!\nb1 \"\n#200\nb10 \"\n#250\nb0 \"\n#300\n0!\n#500\n");
    std::remove(path.c_str());
}

TEST(VcdWriter, AnUnwritablePathFailsAtOnce) {
    try {
        VcdWriter vcd("/nonexistent-dir/run.vcd");
        FAIL() << "no error";
    } catch (const VcdError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "cannot write /nonexistent-dir/run.vcd: No such file or directory");
    }
}

} // namespace
