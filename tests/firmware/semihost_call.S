/* uint32_t semihost_call(uint32_t op, uint32_t parameter): one RISC-V semihosting call, the
 * `slli x0,x0,0x1f; ebreak; srai x0,x0,7` sequence with the operation in a0 and the parameter
 * (usually the address of a parameter block) in a1; the result comes back in a0. The three
 * instructions are uncompressed and 16-byte aligned so they never straddle a page, as the
 * RISC-V semihosting specification requires. The firmware tests use it to make calls that
 * picolibc's stdio never makes (bad handles, raw open modes, SYS_TMPNAM, ...). */
    .section .text.semihost_call, "ax", @progbits
    .balign 16
    .global semihost_call
    .type semihost_call, @function
semihost_call:
    .option push
    .option norvc
    slli zero, zero, 0x1f
    ebreak
    srai zero, zero, 7
    .option pop
    ret
    .size semihost_call, . - semihost_call
