/* A vectored-mode trap table for fw_timer.c that records which slot the CPU entered: slot N
 * writes N to mscratch, then continues in the common cimvp_trap_entry, so the C handler can
 * check that interrupt cause N entered at base + 4 * N. */
    .section .text.timer_test_vector_table, "ax", @progbits
    .globl timer_test_vector_table
    .balign 64
    .option push
    .option norvc /* every slot must be one 4-byte instruction */
timer_test_vector_table:
    .irp slot, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
    j vector_slot_\slot
    .endr

    .irp slot, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
vector_slot_\slot:
    csrwi mscratch, \slot
    j cimvp_trap_entry
    .endr
    .option pop
