// RV32IMC + Zicsr + Zifencei disassembler: the text GNU objdump prints with
// `-M no-aliases` (binutils 2.40), so a trace reads like `objdump -d` of the
// same ELF. Compressed instructions are shown as what they are (c.addi,
// c.lwsp, ...), registers by ABI name, CSRs by name, branch and jump targets
// as absolute hex addresses. objdump's extras (the `<symbol+offset>` after a
// target and its `# address` comments that follow a register's value across
// instructions) are not produced; tests/platform/disasm compares the rest
// against objdump on real firmware and on every 16-bit encoding.
#pragma once

#include <cstdint>
#include <string>

namespace iss {

// The instruction at `pc` whose encoding is `raw` (a compressed one in the
// low 16 bits). An encoding the ISS does not execute gives ".2byte 0x..." or
// ".4byte 0x...", as objdump does for an unknown one.
std::string disassemble(uint32_t pc, uint32_t raw);

// ABI name of x0..x31 ("zero", "ra", "sp", ...).
const char* reg_name(unsigned r);
// Name of a CSR as objdump prints it, or nullptr for a number it has no name for.
const char* csr_name(uint16_t csr);

} // namespace iss
