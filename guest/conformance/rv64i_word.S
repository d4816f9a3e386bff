/* RV64I word (W) operations: 32-bit results sign-extended to 64 bits, upper
   input bits ignored, shift amounts of 0, 31 and register amounts masked to 5 bits. */
#include "test.h"
PROGRAM_BEGIN
    TEST_RR(1, addw, 0xffffffff80000000, 0x7fffffff, 1)
    TEST_RR(2, addw, 0, 0xffffffff, 1)
    TEST_RR(3, addw, 3, 0x1234567800000001, 0x8765432100000002)
    TEST_RR(4, subw, 0x7fffffff, 0x80000000, 1)
    TEST_RR(5, subw, -1, 0, 1)
    TEST_RI(6, addiw, 0xffffffff80000000, 0x7fffffff, 1)
    TEST_RI(7, addiw, 0x7fffffff, 0x80000000, -1)
    TEST_RI(8, addiw, 0xffffffffffffffff, 0x12345678ffffffff, 0)  /* sext.w */
    TEST_RI(9, addiw, 0x000000007fffffff, 0xffffffff7fffffff, 0)
    TEST_RI(10, slliw, 0xffffffff80000000, 1, 31)
    TEST_RI(11, slliw, 0x12345678, 0xffffffff12345678, 0)
    TEST_RI(12, srliw, 1, 0x80000000, 31)
    TEST_RI(13, srliw, 0x7fffffff, -1, 1)
    TEST_RI(14, srliw, 0xffffffff80000000, 0x80000000, 0)
    TEST_RI(15, sraiw, -1, 0x80000000, 31)
    TEST_RI(16, sraiw, 0xffffffffc0000000, 0x80000000, 1)
    TEST_RI(17, sraiw, 0x3fffffff, 0xffffffff7fffffff, 1)
    TEST_RR(18, sllw, 0xffffffff80000000, 1, 31)
    TEST_RR(19, sllw, 1, 1, 32)          /* only the low 5 bits count */
    TEST_RR(20, sllw, 2, 1, 33)
    TEST_RR(21, srlw, 1, 0x80000000, 31)
    TEST_RR(22, srlw, 0xffffffff80000000, 0x80000000, 32)
    TEST_RR(23, srlw, 0x7fffffff, 0xffffffffffffffff, 33)
    TEST_RR(24, sraw, -1, 0x80000000, 31)
    TEST_RR(25, sraw, 0xffffffff80000000, 0x80000000, 64)
    TEST_RR(26, sraw, 0x3fffffff, 0x7fffffff, 1)
    TEST_RR_ZERO_DEST(27, addw, 1, 2)
    j pass
PROGRAM_END
