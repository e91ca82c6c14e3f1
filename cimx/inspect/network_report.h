// What `cimx inspect` reports: the network as the compiler sees it, for a given crossbar
// configuration - per layer its shapes, the alphabet of its weights and inputs, where it runs
// (crossbar or CPU) and why, its tiles under the chosen mapping and the crossbars they sit on,
// the activation and the nodes folded into it; the input stage (scale, in-graph nodes); the
// crossbars needed and available and the tiles re-programmed per batch; and, when the model
// cannot be compiled, the node, its operator and the reason. One JSON document (--json) that
// the text form is printed from.
#pragma once

#include "compiler/driver/compile.h"

#include <nlohmann/json.hpp>

#include <string>

namespace cimx {

// Imports and compiles `model` with `options` (--input-scale in options.input_scale) and
// describes the result; "compiles" is false (and "error" set) when either step fails.
nlohmann::ordered_json inspect_model(const std::string& model, const cimc::CompileOptions& options);
// The report as text for people.
std::string inspect_text(const nlohmann::ordered_json& report);

} // namespace cimx
