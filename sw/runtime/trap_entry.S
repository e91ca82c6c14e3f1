/* Trap entry for sw/include/cimvp/trap.h: saves all registers and the trap CSRs into a
 * cimvp_trap_frame on the interrupted code's stack (machine mode only, so there is no other
 * stack to switch to), calls cimvp_trap_dispatch(frame), and returns with mret using the
 * frame's mepc, mstatus and registers, so the handler may change any of them. */

#define FRAME_SIZE 144 /* 32 registers + mepc, mcause, mtval, mstatus; a multiple of 16 */
#define MEPC 128
#define MCAUSE 132
#define MTVAL 136
#define MSTATUS 140

    .section .text.cimvp_trap_entry, "ax", @progbits
    .globl cimvp_trap_entry
    .type cimvp_trap_entry, @function
    .balign 4 /* mtvec holds a 4-byte aligned base */
cimvp_trap_entry:
    addi sp, sp, -FRAME_SIZE
    sw x1, 4(sp)
    sw x3, 12(sp)
    sw x4, 16(sp)
    sw x5, 20(sp)
    sw x6, 24(sp)
    sw x7, 28(sp)
    sw x8, 32(sp)
    sw x9, 36(sp)
    sw x10, 40(sp)
    sw x11, 44(sp)
    sw x12, 48(sp)
    sw x13, 52(sp)
    sw x14, 56(sp)
    sw x15, 60(sp)
    sw x16, 64(sp)
    sw x17, 68(sp)
    sw x18, 72(sp)
    sw x19, 76(sp)
    sw x20, 80(sp)
    sw x21, 84(sp)
    sw x22, 88(sp)
    sw x23, 92(sp)
    sw x24, 96(sp)
    sw x25, 100(sp)
    sw x26, 104(sp)
    sw x27, 108(sp)
    sw x28, 112(sp)
    sw x29, 116(sp)
    sw x30, 120(sp)
    sw x31, 124(sp)
    sw zero, 0(sp)
    addi t0, sp, FRAME_SIZE
    sw t0, 8(sp)
    csrr t0, mepc
    sw t0, MEPC(sp)
    csrr t0, mcause
    sw t0, MCAUSE(sp)
    csrr t0, mtval
    sw t0, MTVAL(sp)
    csrr t0, mstatus
    sw t0, MSTATUS(sp)

    mv a0, sp
    call cimvp_trap_dispatch

    lw t0, MEPC(sp)
    csrw mepc, t0
    lw t0, MSTATUS(sp)
    csrw mstatus, t0
    lw x1, 4(sp)
    lw x3, 12(sp)
    lw x4, 16(sp)
    lw x5, 20(sp)
    lw x6, 24(sp)
    lw x7, 28(sp)
    lw x8, 32(sp)
    lw x9, 36(sp)
    lw x10, 40(sp)
    lw x11, 44(sp)
    lw x12, 48(sp)
    lw x13, 52(sp)
    lw x14, 56(sp)
    lw x15, 60(sp)
    lw x16, 64(sp)
    lw x17, 68(sp)
    lw x18, 72(sp)
    lw x19, 76(sp)
    lw x20, 80(sp)
    lw x21, 84(sp)
    lw x22, 88(sp)
    lw x23, 92(sp)
    lw x24, 96(sp)
    lw x25, 100(sp)
    lw x26, 104(sp)
    lw x27, 108(sp)
    lw x28, 112(sp)
    lw x29, 116(sp)
    lw x30, 120(sp)
    lw x31, 124(sp)
    addi sp, sp, FRAME_SIZE
    mret
    .size cimvp_trap_entry, . - cimvp_trap_entry

/* Vectored mode: exceptions enter at the base, interrupt N at base + 4 * N. Every slot is a
 * 4-byte jump (norvc: a compressed c.j would shift the slots). */
    .section .text.cimvp_trap_vector_table, "ax", @progbits
    .globl cimvp_trap_vector_table
    .type cimvp_trap_vector_table, @function
    .balign 64
cimvp_trap_vector_table:
    .option push
    .option norvc
    .rept 16
    j cimvp_trap_entry
    .endr
    .option pop
    .size cimvp_trap_vector_table, . - cimvp_trap_vector_table
