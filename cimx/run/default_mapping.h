// The crossbar mapping cimx run uses when the user gives none: BNN_I when every layer that
// runs on the crossbars is binary, TNN_I when one has ternary weights or inputs (a BNN
// mapping cannot hold 0). The caller says so on stderr.
#pragma once

#include <string>

namespace cimx {

struct DefaultMapping {
    std::string mapping; // BNN_I or TNN_I
    std::string reason;  // "binary crossbar layers" / "ternary weights or inputs in node X"
};

// The layers' alphabets as the compiler finds them: imported with the input scale cimc gets
// ("" = the model's own), then the input stage and the activations folded (a layer's inputs
// are the previous layer's activation values, known only once its thresholds are evaluated).
// Throws RunError if the model does not get that far.
DefaultMapping default_mapping(const std::string& model, bool first_layer_xbar,
                               const std::string& input_scale = "");

} // namespace cimx
