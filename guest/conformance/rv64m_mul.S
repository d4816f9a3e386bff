/* RV64M multiplication: low and high halves, the signedness of each operand
   of mulh/mulhsu/mulhu, and mulw's 32-bit sign-extended result. */
#include "test.h"
PROGRAM_BEGIN
    TEST_RR(1, mul, 21, 3, 7)
    TEST_RR(2, mul, 1, -1, -1)
    TEST_RR(3, mul, 0x8000000000000000, 0x8000000000000000, -1)
    TEST_RR(4, mul, 0, 0x100000000, 0x100000000)
    TEST_RR(5, mulh, 0, -1, -1)
    TEST_RR(6, mulh, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000)
    TEST_RR(7, mulh, 0, 0x8000000000000000, -1)
    TEST_RR(8, mulh, -1, -1, 1)
    TEST_RR(9, mulhu, 0xfffffffffffffffe, -1, -1)
    TEST_RR(10, mulhu, 1, 0x100000000, 0x100000000)
    TEST_RR(11, mulhsu, -1, -1, -1)     /* -1 * (2^64 - 1) */
    TEST_RR(12, mulhsu, 0, 1, -1)
    TEST_RR(13, mulhsu, -1, -2, 3)
    TEST_RR(14, mulw, 0xfffffffffffffffe, 0x7fffffff, 2)
    TEST_RR(15, mulw, 1, 0x100000001, 0x100000001)
    TEST_RR(16, mulw, 0xffffffff80000000, -1, 0x80000000)
    TEST_RR_ZERO_DEST(17, mul, 3, 5)
    TEST_RR_SAME(18, mulhu, 0xfffffffffffffffe, -1)
    j pass
PROGRAM_END
