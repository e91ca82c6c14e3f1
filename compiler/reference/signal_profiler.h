// The ADC input signals of a compiled program on an ideal crossbar, for calibrating the ADC
// ranges: the reference executor's path (the same sw/nn runtime and tables), with a backend
// whose MVMs go through the crossbar model (xbar::Crossbar in digital mode: nominal cell
// currents, no variability, noise, faults or ADC) and record every conversion's input signal
// (Crossbar::probe) per layer. The results are exact, so the program runs as it does on the
// reference executor.
#pragma once

#include "sw/nn/nn_model.h"
#include "compiler/passes/signal_histogram.h"
#include "compiler/reference/reference_executor.h"
#include "ip/xbar/xbar_config.h"

#include <vector>

namespace cimc {

// The signals (uA) of images [first, first + count), one histogram per layer of m (empty for
// layers on the CPU). `cfg` is the accelerator the program was compiled for (mapping, size,
// cell currents); its non-idealities and ADC are not used.
std::vector<SignalHistogram> profile_adc_signals(const nn_model& m, const xbar::XbarConfig& cfg,
                                                 const ImageSet& images, uint32_t first,
                                                 uint32_t count);

} // namespace cimc
