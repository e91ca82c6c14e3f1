// libFuzzer target: arbitrary bytes into the IDX parser. Only DatasetError may escape.
#include "dataset/idx_reader.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        cimx::parse_idx(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
    } catch (const cimx::DatasetError&) {
    }
    return 0;
}
