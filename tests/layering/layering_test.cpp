// docs/architecture.md's layer table against the repository's includes, and the checker against
// a small tree where we know the answer.
#include "tests/common/test_files.h"
#include "tests/layering/include_rules.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using layering::check_includes;
using layering::parse_layer_table;

namespace {

// Headers made at build time: cimc writes model_data.h into the firmware's build folder.
const std::vector<std::string> kGenerated = {"model_data.h"};

class TempTree {
  public:
    TempTree() {
        char tmpl[] = "/tmp/layering-XXXXXX";
        root_ = mkdtemp(tmpl);
    }
    ~TempTree() { fs::remove_all(root_); }
    void file(const std::string& rel, const std::string& text) const {
        fs::create_directories(fs::path(root_ + "/" + rel).parent_path());
        std::ofstream(root_ + "/" + rel) << text;
    }
    const std::string& root() const { return root_; }

  private:
    std::string root_;
};

const char* kSmallTable = R"(
<!-- layers -->
| folder | may include |
|---|---|
| `core` | |
| `devices` | `core`, `extra/one.h` |
| `extra` | |
| `tests` | `*` |
<!-- /layers -->
)";

} // namespace

TEST(Layering, RepositoryIncludesFollowTheTableOfArchitectureMd) {
    const auto rules =
        parse_layer_table(modeltest::read_file(CIMVP_SOURCE_DIR "/docs/architecture.md"));
    ASSERT_GE(rules.size(), 10u) << "docs/architecture.md lost its layer table";
    const auto bad = check_includes(CIMVP_SOURCE_DIR, rules, kGenerated);
    std::string all;
    for (const auto& b : bad) all += b + "\n";
    EXPECT_TRUE(bad.empty()) << all;
}

TEST(Layering, ParsesFoldersAllowedEntriesAndAnything) {
    const auto rules = parse_layer_table(kSmallTable);
    ASSERT_EQ(rules.size(), 4u);
    EXPECT_EQ(rules[1].folder, "devices");
    EXPECT_EQ(rules[1].allowed, (std::vector<std::string>{"core", "extra/one.h"}));
    EXPECT_TRUE(rules[0].allowed.empty());
    EXPECT_TRUE(rules[3].anything);
    EXPECT_FALSE(rules[1].anything);
}

TEST(Layering, ReportsALowerLayerIncludingAHigherOne) {
    TempTree t;
    t.file("core/a.h", "#pragma once\n#include \"devices/d.h\"\n");
    t.file("devices/d.h", "#include \"core/a.h\"\n#include \"extra/one.h\"\n");
    t.file("extra/one.h", "");
    const auto bad = check_includes(t.root(), parse_layer_table(kSmallTable), {});
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0], "core/a.h:2: #include \"devices/d.h\": core may not include devices");
}

TEST(Layering, ReportsAHeaderOutsideTheAllowedOnes) {
    TempTree t;
    t.file("devices/d.cpp", "#include \"extra/two.h\"\n");
    t.file("extra/two.h", "");
    const auto bad = check_includes(t.root(), parse_layer_table(kSmallTable), {});
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0], "devices/d.cpp:1: #include \"extra/two.h\": devices may not include extra");
}

TEST(Layering, ReportsSpellingsNotRootedAtTheRepository) {
    TempTree t;
    t.file("core/a.h", "");
    t.file("core/b.cpp", "#include \"a.h\"\n#include \"gen.h\"\n#include \"sw/include/x.h\"\n");
    t.file("sw/include/x.h", "");
    const auto bad = check_includes(t.root(), parse_layer_table(kSmallTable), {"gen.h"});
    ASSERT_EQ(bad.size(), 3u); // a.h, the SDK header, and sw/include/x.h in no row
    EXPECT_EQ(bad[0], "core/b.cpp:1: #include \"a.h\": not a path from the repository root");
    EXPECT_EQ(bad[1],
              "core/b.cpp:3: #include \"sw/include/x.h\": the firmware SDK is included as <x.h>");
    EXPECT_EQ(bad[2], "sw/include/x.h: no row of the layer table claims this file");
}

TEST(Layering, SkipsBuildFoldersAndReportsUnclaimedSources) {
    TempTree t;
    t.file("build/CMakeCache.txt", "");
    t.file("build/gen.c", "#include \"nowhere.h\"\n");
    t.file("newlib/x.c", "");
    t.file("tests/t.cpp", "#include \"devices/d.h\"\n");
    t.file("devices/d.h", "");
    const auto bad = check_includes(t.root(), parse_layer_table(kSmallTable), {});
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0], "newlib/x.c: no row of the layer table claims this file");
}
