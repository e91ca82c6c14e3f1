// Reader for NumPy .npy files (format versions 1.0, 2.0 and 3.0, as numpy.save writes them):
// the magic "\x93NUMPY", a version, a header length, a Python dict literal with 'descr',
// 'fortran_order' and 'shape', then the raw values. Element types: bool, signed and unsigned
// integers of 1, 2, 4 and 8 bytes, float16/32/64, either byte order; Fortran-ordered arrays
// are reordered to C order. Values are held as float (like the IDX reader). Structured or
// object arrays, .npz archives, truncated data and trailing bytes are one-line errors naming
// the file.
#pragma once

#include "dataset/idx_reader.h"

#include <string>

namespace cimx {

// True when the bytes start with the .npy magic.
bool is_npy(const std::string& bytes);
// Parses .npy bytes already in memory; `origin` names them in errors. The result's `type` is
// the IDX type code of the same element type where IDX has one (0x08 uint8, 0x09 int8, 0x0B
// int16, 0x0C int32, 0x0D float32, 0x0E float64), else 0.
IdxArray parse_npy(const std::string& bytes, const std::string& origin);

// An IDX or .npy file (either possibly gzip-compressed), told apart by their magic bytes.
IdxArray read_array(const std::string& path);

} // namespace cimx
