// Running cimc and cimvp from the outside on models the tests write to a scratch directory.
#pragma once

#include "tests/common/subprocess.h"
#include "tests/compiler/test_models.h"

#include <string>
#include <vector>

namespace compilertest {

class Scratch {
  public:
    Scratch();
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    std::string path(const std::string& name) const { return dir_ + "/" + name; }

  private:
    std::string dir_;
};

testutil::ProcessResult run_cimc(const std::vector<std::string>& args, double timeout_s = 120);
testutil::ProcessResult run_cimvp(const std::vector<std::string>& vp_args, const std::string& elf,
                                  const std::vector<std::string>& fw_args, double timeout_s = 120);
// The "pred <index> <class>" lines of an output, in order.
std::vector<std::string> prediction_lines(const std::string& out);
// The value of "stat <name> <value>", or -1.
long long stat_value(const std::string& out, const std::string& name);

} // namespace compilertest
