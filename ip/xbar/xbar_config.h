// Everything that parameterises the crossbar accelerator model, with its defaults, and the range
// checks. Options: xbar_options.h registers these as `xbar.*` program options.
#pragma once

#include "ip/xbar/adc.h"
#include "ip/xbar/adc_errors.h"
#include "ip/xbar/device_model.h"
#include "ip/xbar/drift.h"
#include "ip/xbar/ir_drop.h"
#include "ip/xbar/mapping.h"
#include "ip/xbar/read_disturb.h"
#include "ip/xbar/timing_energy.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace xbar {

// digital: the mapping's cell/phase decomposition in exact integers (no non-idealities);
// analog: currents, non-idealities, ADC conversions and digital recombination.
enum class ComputeMode { digital, analog };

struct XbarConfig {
    int rows = 256;     // word-lines of one crossbar
    int cols = 256;     // bit-lines of one crossbar
    int crossbars = 16; // crossbars (tiles resident at once) in the accelerator
    Mapping mapping = Mapping::BNN_I;
    ComputeMode mode = ComputeMode::analog;
    DeviceParams device;
    AdcParams adc;
    AdcErrorParams adc_errors;
    IrDropParams ir_drop;
    ReadDisturbParams read_disturb;
    DriftParams drift;
    TimingEnergyParams timing;
    uint64_t seed = 1;

    const MappingSpec& mapping_spec() const { return spec(mapping); }
    int max_tile_inputs() const { return max_inputs(mapping_spec(), rows); }
    int max_tile_outputs() const { return max_outputs(mapping_spec(), cols); }
};

// A configuration error: what() is one line naming the key and the value.
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Throws ConfigError on the first value out of range.
void validate(const XbarConfig& c);

const char* to_string(ComputeMode m);
const char* to_string(Variability v);
const char* to_string(ReadNoiseModel m);
const char* to_string(AdcLevels l);
const char* to_string(ProgramGranularity g);
const char* to_string(IrDropSolver s);

} // namespace xbar
