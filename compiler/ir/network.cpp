#include "compiler/ir/network.h"

namespace cimc {

const char* to_string(Alphabet a) {
    switch (a) {
    case Alphabet::real: return "real";
    case Alphabet::binary: return "binary {-1,+1}";
    case Alphabet::ternary: return "ternary {-1,0,+1}";
    }
    return "?";
}

std::string FeatureShape::str() const {
    if (!spatial) return "[" + std::to_string(c) + "]";
    const std::string chw = std::to_string(c) + "," + std::to_string(h) + "," + std::to_string(w);
    return flattened ? "[" + std::to_string(size()) + "] (flattened [" + chw + "])"
                     : "[" + chw + "]";
}

} // namespace cimc
