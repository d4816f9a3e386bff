/* Zicsr: every CSR instruction's read/write rules, read-only and unknown CSRs
   trapping as illegal with the instruction in mtval, misa, and the counters. */
#include "test.h"
PROGRAM_BEGIN
    li x12, 0x1234
    csrrw x13, mscratch, x12; CHECK(1, x13, 0)
    li x12, 0xff00
    csrrs x13, mscratch, x12; CHECK(2, x13, 0x1234)
    li x12, 0x0f34
    csrrc x13, mscratch, x12; CHECK(3, x13, 0xff34)
    csrrwi x13, mscratch, 31; CHECK(4, x13, 0xf000)
    csrrsi x13, mscratch, 0; CHECK(5, x13, 31)
    csrrci x13, mscratch, 1; CHECK(6, x13, 31)
    csrr x13, mscratch; CHECK(7, x13, 30)
    csrr x13, mhartid; CHECK(8, x13, 0)
    /* misa: RV64 with at least I, M and A. */
    csrr x13, misa
    srli x14, x13, 62; CHECK(9, x14, 2)
    li t0, (1 << 0) | (1 << 8) | (1 << 12)
    and x14, x13, t0; CHECK(10, x14, (1 << 0) | (1 << 8) | (1 << 12))
    /* Writing a read-only CSR is illegal, and mtval holds the instruction. */
    TEST_TRAP(11, 2, csrw mhartid, x0)
    CHECK(12, s4, 0xf1401073)
    /* Even csrrs with a source register that holds zero counts as a write. */
    li x14, 0
    TEST_TRAP(13, 2, csrrs x13, mhartid, x14)
    /* ...but with x0 it is a plain read. */
    csrrs x13, mhartid, x0; CHECK(14, x13, 0)
    /* An unknown CSR is illegal. */
    TEST_TRAP(15, 2, csrr x13, 0x8ff)
    /* minstret counts retired instructions exactly. */
    csrr x11, minstret
    nop
    nop
    nop
    csrr x12, minstret
    sub x13, x12, x11; CHECK(16, x13, 4)
    /* A write to minstret is what the next instruction reads. */
    li x12, 1000
    csrw minstret, x12
    csrr x13, minstret; CHECK(17, x13, 1000)
    /* cycle and instret move forward. */
    rdcycle x11
    rdcycle x12
    li CASE, 18; bgeu x11, x12, fail
    rdinstret x11
    rdinstret x12
    li CASE, 19; bgeu x11, x12, fail
    /* time follows the CLINT's mtime. */
    li t0, 0x200bff8
    ld x11, 0(t0)
    rdtime x12
    li CASE, 20; bltu x12, x11, fail
    /* mepc keeps instruction alignment: bit 0 is always clear, bit 1 too without C. */
    li x12, 0x80000007
    csrw mepc, x12
    csrr x13, mepc
    csrr t0, misa
    andi t0, t0, 1 << 2
    li t6, 0x80000006
    bnez t0, 1f
    li t6, 0x80000004
1:  li CASE, 21; bne x13, t6, fail
    j pass
PROGRAM_END
