// docs/crossbar/registers.md must contain exactly the tables xbar_regmap_doc
// prints from ip/tlm/xbar_regmap.h (the register map's single source).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

TEST(XbarRegmapDoc, DocMatchesTheRegisterMapSource) {
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(XBAR_REGMAP_DOC, "r"), pclose);
    ASSERT_TRUE(p);
    std::string generated;
    std::array<char, 4096> buf;
    for (size_t n; (n = fread(buf.data(), 1, buf.size(), p.get())) > 0;)
        generated.append(buf.data(), n);
    std::ifstream in(CIMVP_SOURCE_DIR "/docs/crossbar/registers.md");
    std::stringstream doc;
    doc << in.rdbuf();
    const std::string begin = "<!-- BEGIN GENERATED: xbar_regmap_doc -->\n",
                      end = "<!-- END GENERATED: xbar_regmap_doc -->";
    std::string d = doc.str();
    size_t b = d.find(begin), e = d.find(end);
    ASSERT_NE(b, std::string::npos);
    ASSERT_NE(e, std::string::npos);
    EXPECT_EQ(d.substr(b + begin.size(), e - b - begin.size()), generated)
        << "regenerate the section with build/ip/tlm/xbar_regmap_doc";
}
