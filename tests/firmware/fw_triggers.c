/* Firmware for FirmwareTest.DebugTriggers: the RISC-V debug triggers (tselect, tdata1-3,
 * tinfo; mcontrol address match, platform/iss/rv32_triggers.h) used by firmware itself. It
 * sets a trigger on a store address, a load address and an instruction's address, each with
 * action 0 (breakpoint exception), catches the exception in a handler (mcause 3, mepc, mtval:
 * the address or 0, both allowed; cimvp gives the address, QEMU 7.2 0),
 * checks that the store did not happen (triggers fire before the access), skips the
 * instruction and goes on. Prints one line per case; QEMU -M virt (which implements the
 * triggers) prints the same. */
#include <stdio.h>

#include <cimvp/csr.h>
#include <cimvp/trap.h>

#define MCONTROL_TYPE2 (2u << 28)
#define MCONTROL_M (1u << 6)
#define MCONTROL_EXECUTE (1u << 2)
#define MCONTROL_STORE (1u << 1)
#define MCONTROL_LOAD (1u << 0)

static volatile uint32_t watched = 11, other = 22;
static volatile uint32_t traps, last_cause, last_epc, last_tval;

static bool on_trap(cimvp_trap_frame* frame) {
    if (frame->mcause != CIMVP_EXC_BREAKPOINT) return false;
    ++traps;
    last_cause = frame->mcause, last_epc = frame->mepc, last_tval = frame->mtval;
    frame->mepc += 4; /* the instructions below are 32-bit (norvc) */
    return true;
}

static void arm(uint32_t index, uint32_t kinds, uintptr_t address) {
    CIMVP_CSR_WRITE(0x7a0, index);
    CIMVP_CSR_WRITE(0x7a1, MCONTROL_TYPE2); /* off while tdata2 changes */
    CIMVP_CSR_WRITE(0x7a2, address);
    CIMVP_CSR_WRITE(0x7a1, MCONTROL_TYPE2 | MCONTROL_M | kinds);
}

static void disarm(uint32_t index) {
    CIMVP_CSR_WRITE(0x7a0, index);
    CIMVP_CSR_WRITE(0x7a1, MCONTROL_TYPE2); /* no m, no kinds: never fires */
}

/* One 32-bit store (or load) whose address the handler can check against mepc. */
__attribute__((noinline)) static uint32_t store_at(volatile uint32_t* p, uint32_t v, uint32_t* pc) {
    uint32_t at;
    __asm__ volatile(".option push\n.option norvc\n"
                     "1: auipc %0, 0\n"
                     "sw %2, 0(%1)\n"
                     ".option pop"
                     : "=&r"(at)
                     : "r"(p), "r"(v)
                     : "memory");
    *pc = at + 4;
    return 0;
}

__attribute__((noinline)) static uint32_t load_at(volatile uint32_t* p, uint32_t* pc) {
    uint32_t at, v = 0xdead;
    __asm__ volatile(".option push\n.option norvc\n"
                     "1: auipc %0, 0\n"
                     "lw %1, 0(%2)\n"
                     ".option pop"
                     : "=&r"(at), "+r"(v)
                     : "r"(p)
                     : "memory");
    *pc = at + 4;
    return v;
}

static void report(const char* what, uint32_t pc, uint32_t tval) {
    printf("%s: traps %lu, mcause %lu, mepc %s, mtval %s\n", what, (unsigned long)traps,
           (unsigned long)last_cause, last_epc == pc ? "at the access" : "WRONG",
           last_tval == tval || last_tval == 0 ? "valid" : "WRONG");
}

int main(void) {
    cimvp_trap_install(on_trap);
    uint32_t tinfo = 0, tdata1 = 0, tselect = 0;
    CIMVP_CSR_WRITE(0x7a0, 0);
    tinfo = CIMVP_CSR_READ(0x7a4);
    tdata1 = CIMVP_CSR_READ(0x7a1);
    printf("tinfo has type 2: %s, tdata1 type %lu\n", tinfo & (1u << 2) ? "yes" : "no",
           (unsigned long)(tdata1 >> 28));
    CIMVP_CSR_WRITE(0x7a0, 1);
    tselect = CIMVP_CSR_READ(0x7a0);
    printf("a second trigger: %s\n", tselect == 1 ? "yes" : "no");

    /* A store trigger: the store traps and does not happen; a store elsewhere does. */
    uint32_t pc = 0;
    arm(0, MCONTROL_STORE, (uintptr_t)&watched);
    CIMVP_CSR_WRITE(0x7a0, 0);
    printf("tdata1 reads back: %s\n",
           CIMVP_CSR_READ(0x7a1) == (MCONTROL_TYPE2 | MCONTROL_M | MCONTROL_STORE) ? "yes" : "no");
    store_at(&watched, 99, &pc);
    report("store to the watched word", pc, (uint32_t)(uintptr_t)&watched);
    printf("watched is still %lu\n", (unsigned long)watched);
    uint32_t v = load_at(&watched, &pc);
    printf("a load of it does not trap: traps %lu, value %lu\n", (unsigned long)traps,
           (unsigned long)v);
    store_at(&other, 33, &pc);
    printf("a store elsewhere does not trap: traps %lu, other %lu\n", (unsigned long)traps,
           (unsigned long)other);

    /* A load trigger on the second trigger; the first still fires. */
    arm(1, MCONTROL_LOAD, (uintptr_t)&other);
    v = load_at(&other, &pc);
    report("load of the other word", pc, (uint32_t)(uintptr_t)&other);
    printf("the load did not happen: %s\n", v == 0xdead ? "yes" : "no");
    store_at(&watched, 5, &pc);
    report("store to the watched word again", pc, (uint32_t)(uintptr_t)&watched);
    disarm(0);
    disarm(1);
    store_at(&watched, 7, &pc);
    printf("disarmed: traps %lu, watched %lu\n", (unsigned long)traps, (unsigned long)watched);

    /* An execute trigger on the store's own instruction. */
    store_at(&other, 1, &pc); /* learns the pc of the sw in store_at */
    arm(0, MCONTROL_EXECUTE, pc);
    store_at(&other, 44, &pc);
    report("execute at the store", pc, pc);
    printf("other is still %lu\n", (unsigned long)other);
    disarm(0);
    printf("done\n");
    return 0;
}
