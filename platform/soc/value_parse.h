// Strict parsing of option values with units. Boost's lexical_cast happily
// turns "-5" into a huge unsigned number; these reject anything that is not
// exactly a value in range, with a message naming the option.
#pragma once

#include <systemc>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace cimvp {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

uint64_t parse_u64(const std::string& key, const std::string& text, uint64_t min = 0,
                   uint64_t max = UINT64_MAX);
double parse_double(const std::string& key, const std::string& text, double min, double max);
// "10us", "1 ms", "250ns", "2s", "500ps"; a bare number is in nanoseconds.
sc_core::sc_time parse_time(const std::string& key, const std::string& text);
// "4096", "64K", "128M", "1G" (binary multiples).
uint64_t parse_size(const std::string& key, const std::string& text);

} // namespace cimvp
