// cimx: the explorer front end. `cimx train` makes BNN/TNN models, `cimx eval` measures a
// QONNX model's accuracy with the host executor, `cimx inspect` shows how it compiles, `cimx run`
// one model on the VP, `cimx sweep` a design space of runs, `cimx plot` its plots and report.
#include "cimx/commands.h"

#include <iostream>

namespace {

void usage(std::ostream& os) {
    os << "usage: cimx <command> [options]\n"
          "commands:\n"
          "  train   train a BNN/TNN on Fashion-MNIST and write QONNX (cimx train --help)\n"
          "  eval    top-1 accuracy of a QONNX model on the host (cimx eval --help)\n"
          "  inspect the network as the compiler sees it: layers, crossbar or CPU, tiles (cimx "
          "inspect --help)\n"
          "  run     compile a model, run it on the VP: accuracy, latency, energy (cimx run "
          "--help)\n"
          "  sweep   run a design-space sweep of cimx runs from a sweep file (cimx sweep --help)\n"
          "  plot    plots and an HTML report of a sweep directory (cimx plot --help)\n";
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        usage(std::cerr);
        return 2;
    }
    const std::string cmd = argv[1];
    const std::vector<std::string> args(argv + 2, argv + argc);
    if (cmd == "train") return cimx::train_command(args);
    if (cmd == "eval") return cimx::eval_command(args);
    if (cmd == "inspect") return cimx::inspect_command(args);
    if (cmd == "run") return cimx::run_command(args);
    if (cmd == "sweep") return cimx::sweep_command(args);
    if (cmd == "plot") return cimx::plot_command(args);
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        usage(std::cout);
        return 0;
    }
    std::cerr << "cimx: error: unknown command '" << cmd << "'\n";
    usage(std::cerr);
    return 2;
}
