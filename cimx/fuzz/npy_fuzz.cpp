// libFuzzer target: arbitrary bytes into the .npy parser. Only DatasetError may escape.
#include "dataset/npy_reader.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        cimx::parse_npy(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
    } catch (const cimx::DatasetError&) {
    }
    return 0;
}
