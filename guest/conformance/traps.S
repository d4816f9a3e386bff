/* Precise exceptions: mcause, mepc and mtval for illegal instructions,
   ecall, ebreak, access faults on unmapped addresses, misaligned and
   unmapped instruction fetches; mstatus across trap entry and mret; and
   exceptions with a vectored mtvec. */
#include "test.h"
PROGRAM_BEGIN
    /* An all-zero parcel is always illegal; mtval holds its bits (zero). */
    TEST_TRAP(1, 2, 1: .word 0)
    la t0, 1b; CHECK_REG(2, s3, t0)
    CHECK(3, s4, 0)
    /* An unimplemented opcode (custom-0) is illegal, mtval = the instruction. */
    TEST_TRAP(4, 2, .word 0x0000500b)
    CHECK(5, s4, 0x0000500b)
    /* ecall from M-mode: cause 11, mepc = the ecall itself. */
    TEST_TRAP(6, 11, 1: ecall)
    la t0, 1b; CHECK_REG(7, s3, t0)
    /* ebreak: cause 3, mepc = the ebreak. */
    TEST_TRAP(8, 3, 1: ebreak)
    la t0, 1b; CHECK_REG(9, s3, t0)
    /* Loads and stores to unmapped addresses: access faults, mtval = address.
       (0x20000 is unmapped on QEMU's virt too: the boot ROM ends at 0x10000.) */
    li a0, 0x20000
    TEST_TRAP(10, 5, ld x13, 8(a0))
    CHECK(11, s4, 0x20008)
    TEST_TRAP(12, 7, sw x13, -4(a0))
    CHECK(13, s4, 0x1fffc)
    li a0, 0
    TEST_TRAP(14, 5, lb x13, 0(a0))
    CHECK(15, s4, 0)
    /* Fetching from unmapped memory: instruction access fault at the target. */
    li a0, 0x20000
    TEST_TRAP(16, 1, jr a0)
    CHECK(17, s3, 0x20000)
    CHECK(18, s4, 0x20000)
    /* A jump to a 2-byte-aligned target is misaligned without C: the jump
       itself traps, mtval = the target. (Skipped when C is implemented.) */
    csrr t0, misa
    andi t0, t0, 1 << 2
    bnez t0, 2f
    la a0, 3f + 2
    TEST_TRAP(19, 0, 1: jr a0)
    la t0, 1b; CHECK_REG(20, s3, t0)
    CHECK_REG(21, s4, a0)
    j 2f
3:  nop
    nop
2:
    /* Trap entry saves MIE in MPIE and clears it; MPP = M; mret restores MIE. */
    csrw mie, zero
    csrsi mstatus, 8
    TEST_TRAP(22, 11, ecall)
    li t1, 0x1888                /* MPP, MPIE, MIE as seen in the handler */
    and t0, s6, t1
    CHECK(23, t0, 0x1880)
    csrr t0, mstatus
    andi t0, t0, 0x88
    CHECK(24, t0, 0x88)
    csrci mstatus, 8
    /* With a vectored mtvec, exceptions still go to the base address. */
    la t0, trap_handler
    ori t0, t0, 1
    csrw mtvec, t0
    TEST_TRAP(25, 11, ecall)
    la t0, trap_handler
    csrw mtvec, t0
    j pass
PROGRAM_END
