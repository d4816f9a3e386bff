/* RV64I register-register and register-immediate arithmetic and logic,
   including overflow wrap-around, signed/unsigned comparisons, the largest
   immediates, and x0 as a destination. */
#include "test.h"
PROGRAM_BEGIN
    TEST_RR(1, add, 3, 1, 2)
    TEST_RR(2, add, 0x8000000000000000, 0x7fffffffffffffff, 1)
    TEST_RR(3, add, 0, -1, 1)
    TEST_RR(4, sub, -1, 0, 1)
    TEST_RR(5, sub, 0x7fffffffffffffff, 0x8000000000000000, 1)
    TEST_RR(6, slt, 1, -1, 0)
    TEST_RR(7, slt, 0, 0, -1)
    TEST_RR(8, sltu, 0, -1, 0)
    TEST_RR(9, sltu, 1, 0, -1)
    TEST_RR(10, and, 0x0f000f00, 0xff0f0f00, 0x0f00ff00)
    TEST_RR(11, or, 0xff00ff00ff00ffff, 0xff00ff0000000000, 0x00000000ff00ffff)
    TEST_RR(12, xor, 0xf00ff00f, 0xff00ff00, 0x0f0f0f0f)
    TEST_RI(13, addi, -2048, 0, -2048)
    TEST_RI(14, addi, 2047, 0, 2047)
    TEST_RI(15, addi, 0x8000000000000000, 0x8000000000000800, -2048)
    TEST_RI(16, slti, 1, -2049, -2048)
    TEST_RI(17, slti, 0, 2047, 2047)
    TEST_RI(18, sltiu, 1, 5, -1)      /* -1 sign-extends to the largest unsigned value */
    TEST_RI(19, sltiu, 0, -1, -1)
    TEST_RI(20, andi, 0xffffffffffffff00, -1, -256)
    TEST_RI(21, ori, -1, 0, -1)
    TEST_RI(22, xori, 0xffffffffffff0f0f, 0xf0f0, -1)
    TEST_RR_SAME(23, add, 0x10, 8)
    TEST_RR_SAME(24, sub, 0, 12345)
    TEST_RR_ZERO_DEST(25, add, 1, 2)
    li CASE, 26; li x13, 5; addi x0, x13, 5; CHECK(26, x0, 0)
    /* lui sign-extends its 32-bit result on RV64. */
    li CASE, 27; lui x13, 0x80000; CHECK(27, x13, 0xffffffff80000000)
    li CASE, 28; lui x13, 0x7ffff; CHECK(28, x13, 0x7ffff000)
    /* auipc adds to its own address. */
    li CASE, 29
1:  auipc x13, 0
    la x14, 1b
    bne x13, x14, fail
    li CASE, 30
2:  auipc x13, 0x80000
    la x14, 2b
    li x15, 0xffffffff80000000
    add x14, x14, x15
    bne x13, x14, fail
    j pass
PROGRAM_END
