/* Firmware for FirmwareTest.TrapsHandledAndResumed: raises illegal-instruction, ecall and
 * ebreak (32-bit and compressed) exceptions with a handler from sw/include/cimvp/trap.h
 * installed, checks mcause, mepc and mtval, resumes after the instruction, and prints one line
 * per case. Everything printed about these must be the same on any correct platform: where the
 * ISA leaves a choice (mtval may be 0) the firmware checks that the choice made is valid, and
 * reports the choice on stderr when its firmware argument is "verbose".
 * Misaligned loads and stores to RAM may also trap or be done by the hardware; the firmware
 * prints which (a trap is checked and the access emulated), so that the test can require what
 * QEMU 7.2 -M virt does and cimvp does too: done by the hardware. */
#include <stdio.h>
#include <string.h>

#include <cimvp/args.h>
#include <cimvp/trap.h>

static bool verbose;

struct trap_record {
    uint32_t count;
    uint32_t misaligned_count; /* kept apart: platforms may or may not trap on these */
    uint32_t mcause;
    uint32_t mepc;
    uint32_t mtval;
};

static volatile struct trap_record last_trap;

/* Emulates a misaligned load or store (32-bit encodings only: the test uses norvc) byte by
 * byte. */
static void emulate_misaligned_access(cimvp_trap_frame* frame) {
    /* Two halfword loads: with the C extension mepc may be only 2-byte aligned, and a
     * misaligned 32-bit load here would trap again, recursively. */
    const volatile uint16_t* code = (const volatile uint16_t*)(uintptr_t)frame->mepc;
    uint32_t instruction = (uint32_t)code[0] | (uint32_t)code[1] << 16;
    uint32_t width = 1u << ((instruction >> 12) & 3u); /* funct3 bits 1:0: b, h, w */
    bool is_unsigned = (instruction >> 14) & 1u;       /* funct3 bit 2: lbu, lhu */
    uint8_t* address = (uint8_t*)(uintptr_t)frame->mtval;
    if (frame->mcause == CIMVP_EXC_LOAD_MISALIGNED) {
        uint32_t rd = (instruction >> 7) & 31u;
        uint32_t value = 0;
        for (uint32_t i = 0; i < width; ++i) value |= (uint32_t)address[i] << (8 * i);
        if (!is_unsigned && width < 4) {
            uint32_t sign = 1u << (8 * width - 1);
            value = (value ^ sign) - sign;
        }
        if (rd != 0) frame->x[rd] = value;
    } else {
        uint32_t rs2 = (instruction >> 20) & 31u;
        uint32_t value = frame->x[rs2];
        for (uint32_t i = 0; i < width; ++i) address[i] = (uint8_t)(value >> (8 * i));
    }
}

static bool on_trap(cimvp_trap_frame* frame) {
    if (cimvp_trap_is_interrupt(frame)) return false;
    last_trap.count = last_trap.count + 1;
    last_trap.mcause = frame->mcause;
    last_trap.mepc = frame->mepc;
    last_trap.mtval = frame->mtval;
    switch (frame->mcause) {
    case CIMVP_EXC_ECALL_M:
        /* A "system call" that returns a0 * 2 + 1: shows the frame is written back. */
        frame->x[CIMVP_REG_A0] = frame->x[CIMVP_REG_A0] * 2 + 1;
        break;
    case CIMVP_EXC_LOAD_MISALIGNED:
    case CIMVP_EXC_STORE_MISALIGNED:
        last_trap.misaligned_count = last_trap.misaligned_count + 1;
        emulate_misaligned_access(frame);
        break;
    case CIMVP_EXC_ILLEGAL_INSN:
    case CIMVP_EXC_BREAKPOINT: break;
    default: return false;
    }
    cimvp_trap_skip_instruction(frame);
    return true;
}

/* Runs one instruction (given as raw bits, so the assembler cannot rewrite it) that must
 * trap; returns its address. The callee-saved registers are checked by the caller. */
#define RUN_RAW_INSTRUCTION(directive, bits)                                                       \
    ({                                                                                             \
        uint32_t pc_;                                                                              \
        __asm__ volatile(".option push\n.option norvc\nla %0, 1f\n1: " directive " " #bits         \
                         "\n.option pop"                                                           \
                         : "=&r"(pc_)                                                              \
                         :                                                                         \
                         : "memory");                                                              \
        pc_;                                                                                       \
    })

static void expect_exception(const char* name, uint32_t count_before, uint32_t pc, uint32_t mcause,
                             uint32_t instruction_bits, bool mtval_may_be_pc) {
    bool trapped_once = last_trap.count == count_before + 1;
    bool mepc_ok = last_trap.mepc == pc;
    bool mtval_ok = last_trap.mtval == 0 || last_trap.mtval == instruction_bits ||
                    (mtval_may_be_pc && last_trap.mtval == pc);
    printf("%s: trapped=%d mcause=%lu (%s) mepc=%s mtval=%s resumed=1\n", name, trapped_once,
           (unsigned long)last_trap.mcause, last_trap.mcause == mcause ? "ok" : "wrong",
           mepc_ok ? "ok" : "wrong", mtval_ok ? "ok" : "wrong");
    if (verbose) fprintf(stderr, "%s: mtval=0x%08lx\n", name, (unsigned long)last_trap.mtval);
}

static uint8_t misaligned_buffer[16] __attribute__((aligned(4))) = {
    0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00};

/* How the access just made at `pc` was done: by the hardware, or by a (checked) trap. */
static const char* how_done(uint32_t count_before, uint32_t pc, uint32_t mcause,
                            const volatile void* address) {
    if (last_trap.count == count_before) return "done by hardware";
    bool valid = last_trap.count == count_before + 1 && last_trap.mcause == mcause &&
                 last_trap.mepc == pc && last_trap.mtval == (uintptr_t)address;
    return valid ? "trapped, emulated" : "trapped, wrong trap";
}

/* Runs one misaligned load (a 32-bit encoding) from the buffer and prints its result and how
 * it was done. */
#define CHECK_MISALIGNED_LOAD(mnemonic, offset)                                                    \
    do {                                                                                           \
        const uint8_t* address = misaligned_buffer + (offset);                                     \
        uint32_t count_before = last_trap.count, pc, value;                                        \
        __asm__ volatile(".option push\n.option norvc\nla %0, 1f\n1: " mnemonic                    \
                         " %1, 0(%2)\n.option pop"                                                 \
                         : "=&r"(pc), "=&r"(value)                                                 \
                         : "r"(address)                                                            \
                         : "memory");                                                              \
        printf("misaligned " mnemonic ": value=0x%08lx %s\n", (unsigned long)value,                \
               how_done(count_before, pc, CIMVP_EXC_LOAD_MISALIGNED, address));                    \
    } while (0)

/* Runs one misaligned store of 0xa1b2c3d4 into the buffer; returns how it was done. */
#define MISALIGNED_STORE(mnemonic, offset)                                                         \
    ({                                                                                             \
        uint8_t* address = misaligned_buffer + (offset);                                           \
        uint32_t count_before = last_trap.count, pc;                                               \
        __asm__ volatile(".option push\n.option norvc\nla %0, 1f\n1: " mnemonic                    \
                         " %1, 0(%2)\n.option pop"                                                 \
                         : "=&r"(pc)                                                               \
                         : "r"(0xa1b2c3d4u), "r"(address)                                          \
                         : "memory");                                                              \
        how_done(count_before, pc, CIMVP_EXC_STORE_MISALIGNED, address);                           \
    })

static void check_misaligned_accesses(void) {
    CHECK_MISALIGNED_LOAD("lw", 1);   /* bytes 1..4 */
    CHECK_MISALIGNED_LOAD("lh", 13);  /* bytes 13..14, sign-extended */
    CHECK_MISALIGNED_LOAD("lhu", 13); /* the same, zero-extended */
    const char* how = MISALIGNED_STORE("sw", 6);
    printf("misaligned sw: bytes=%02x %02x %02x %02x %02x %02x %s\n", misaligned_buffer[5],
           misaligned_buffer[6], misaligned_buffer[7], misaligned_buffer[8], misaligned_buffer[9],
           misaligned_buffer[10], how);
    how = MISALIGNED_STORE("sh", 11);
    printf("misaligned sh: bytes=%02x %02x %02x %02x %s\n", misaligned_buffer[10],
           misaligned_buffer[11], misaligned_buffer[12], misaligned_buffer[13], how);
}

static uint32_t ecall_with_argument(uint32_t argument, uint32_t* pc) {
    register uint32_t a0 __asm__("a0") = argument;
    __asm__ volatile("la %1, 1f\n1: ecall" : "+r"(a0), "=&r"(*pc) : : "memory");
    return a0;
}

/* Values kept in callee-saved registers across traps: the handler must restore them. */
static uint32_t checksum_across_traps(void);

int main(int argc, char** argv) {
    verbose = strcmp(cimvp_firmware_arg(argc, argv, 0, ""), "verbose") == 0;
    cimvp_trap_install(on_trap);
    uint32_t before, pc;

    before = last_trap.count;
    pc = RUN_RAW_INSTRUCTION(".4byte", 0x0000000b); /* custom-0 opcode: not implemented */
    expect_exception("illegal 32-bit opcode", before, pc, CIMVP_EXC_ILLEGAL_INSN, 0x0000000bu,
                     false);

    before = last_trap.count;
    pc = RUN_RAW_INSTRUCTION(".2byte", 0x0000); /* all-zero halfword: defined illegal */
    expect_exception("illegal 16-bit zero", before, pc, CIMVP_EXC_ILLEGAL_INSN, 0, false);

    before = last_trap.count;
    pc = RUN_RAW_INSTRUCTION(".4byte", 0xc0001073); /* csrrw x0, cycle, x0: cycle is read-only */
    expect_exception("write to read-only csr", before, pc, CIMVP_EXC_ILLEGAL_INSN, 0xc0001073u,
                     false);

    before = last_trap.count;
    pc = RUN_RAW_INSTRUCTION(".4byte", 0x00100073); /* ebreak */
    expect_exception("ebreak", before, pc, CIMVP_EXC_BREAKPOINT, 0, true);

    before = last_trap.count;
    pc = RUN_RAW_INSTRUCTION(".2byte", 0x9002); /* c.ebreak */
    expect_exception("c.ebreak", before, pc, CIMVP_EXC_BREAKPOINT, 0, true);

    before = last_trap.count;
    uint32_t result = ecall_with_argument(20, &pc);
    expect_exception("ecall", before, pc, CIMVP_EXC_ECALL_M, 0, false);
    printf("ecall result: %lu\n", (unsigned long)result);

    check_misaligned_accesses();

    printf("registers preserved: %s\n", checksum_across_traps() == 2212u ? "yes" : "no");
    printf("traps other than misaligned accesses: %lu\n",
           (unsigned long)(last_trap.count - last_trap.misaligned_count));
    return 0;
}

static uint32_t checksum_across_traps(void) {
    /* Keeps live values in registers while traps happen (the asm clobbers nothing, so the
     * compiler may leave every value in any register, caller- or callee-saved). */
    volatile uint32_t seed = 7;
    uint32_t a = seed, b = seed * 3, c = seed * 5, d = seed * 11, e = seed * 13;
    for (int i = 0; i < 3; ++i) {
        __asm__ volatile(".option push\n.option norvc\n.4byte 0x00100073\n.option pop" ::
                             : "memory");
        a += b;
        b += c;
        c += d;
        d += e;
        e += a;
    }
    return a + b + c + d + e;
}
