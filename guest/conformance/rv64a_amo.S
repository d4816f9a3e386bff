/* RV64A atomic memory operations: every AMO in both widths. The .w forms
   change only their 32-bit word, return it sign-extended, compare signed or
   unsigned 32-bit values; misaligned or unmapped addresses trap. */
#include "test.h"

/* mem = init; op x13, src, (mem); expect x13 = old and mem = new (all 64 bits). */
#define TEST_AMO(n, op, init, src, old, new) \
    la a0, cell; li t0, init; sd t0, 0(a0); li x12, src; op x13, x12, (a0); \
    CHECK(n, x13, old); ld x14, 0(a0); li t6, new; bne x14, t6, fail

PROGRAM_BEGIN
    TEST_AMO(1, amoswap.w, 0x1111111122222222, 0x33333333, 0x22222222, 0x1111111133333333)
    TEST_AMO(2, amoadd.w, 0xaaaaaaaa80000000, 0x80000000, 0xffffffff80000000, 0xaaaaaaaa00000000)
    TEST_AMO(3, amoxor.w, 0xffffffff0f0f0f0f, 0xffffffff, 0x0f0f0f0f, 0xfffffffff0f0f0f0)
    TEST_AMO(4, amoand.w, 0x12345678ffff0000, 0x0ff00ff0, 0xffffffffffff0000, 0x123456780ff00000)
    TEST_AMO(5, amoor.w, 0, 0x80000001, 0, 0x80000001)
    TEST_AMO(6, amomin.w, 1, -1, 1, 0xffffffff)
    TEST_AMO(7, amomax.w, 0x80000000, 5, 0xffffffff80000000, 5)
    TEST_AMO(8, amominu.w, 0x80000000, 5, 0xffffffff80000000, 5)
    TEST_AMO(9, amomaxu.w, 5, 0xffffffff, 5, 0xffffffff)
    TEST_AMO(10, amomaxu.w, 2, 0x100000001, 2, 2)
    TEST_AMO(11, amoswap.d, 1, -1, 1, -1)
    TEST_AMO(12, amoadd.d, 0x7fffffffffffffff, 1, 0x7fffffffffffffff, 0x8000000000000000)
    TEST_AMO(13, amoxor.d, 0xff00ff00ff00ff00, -1, 0xff00ff00ff00ff00, 0x00ff00ff00ff00ff)
    TEST_AMO(14, amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00)
    TEST_AMO(15, amoor.d, 0x8000000000000000, 1, 0x8000000000000000, 0x8000000000000001)
    TEST_AMO(16, amomin.d, -5, 3, -5, -5)
    TEST_AMO(17, amomax.d, -5, 3, -5, 3)
    TEST_AMO(18, amominu.d, -5, 3, -5, 3)
    TEST_AMO(19, amomaxu.d, -5, 3, -5, -5)
    TEST_AMO(20, amoadd.d.aqrl, 40, 2, 40, 42)
    /* rd = x0: memory still changes. */
    la a0, cell; li t0, 7; sd t0, 0(a0); li x12, 3
    amoadd.d x0, x12, (a0); CHECK(21, x0, 0); ld x13, 0(a0); CHECK(22, x13, 10)
    /* rd = rs2: the register gets the old value, memory the old register. */
    li x12, 99; amoswap.d x12, x12, (a0); CHECK(23, x12, 10); ld x13, 0(a0); CHECK(24, x13, 99)
    /* Misaligned AMOs raise store/AMO address-misaligned; unmapped ones an access fault. */
    addi a1, a0, 2
    TEST_TRAP(25, 6, amoadd.w x13, x12, (a1))
    addi a1, a0, 4
    TEST_TRAP(26, 6, amoadd.d x13, x12, (a1))
    li a1, 0x1000
    TEST_TRAP(27, 7, amoor.d x13, x12, (a1))
    CHECK(28, s4, 0x1000)
    j pass
PROGRAM_END

    .data
    .align 3
cell: .dword 0, 0
