/* RV64M division: truncation toward zero, division by zero (quotient all
   ones, remainder = dividend), signed overflow (MIN / -1), and the W forms,
   which look only at the low 32 bits of each operand. */
#include "test.h"
PROGRAM_BEGIN
    TEST_RR(1, div, 3, 20, 6)
    TEST_RR(2, div, -3, -20, 6)
    TEST_RR(3, div, -3, 20, -6)
    TEST_RR(4, div, 3, -20, -6)
    TEST_RR(5, div, -1, 20, 0)
    TEST_RR(6, div, 0x8000000000000000, 0x8000000000000000, -1)
    TEST_RR(7, divu, 3, 20, 6)
    TEST_RR(8, divu, 0x7fffffffffffffff, -1, 2)
    TEST_RR(9, divu, -1, 20, 0)
    TEST_RR(10, rem, 2, 20, 6)
    TEST_RR(11, rem, -2, -20, 6)
    TEST_RR(12, rem, 2, 20, -6)
    TEST_RR(13, rem, -20, -20, 0)
    TEST_RR(14, rem, 0, 0x8000000000000000, -1)
    TEST_RR(15, remu, 2, 20, 6)
    TEST_RR(16, remu, 1, -1, 2)
    TEST_RR(17, remu, -20, -20, 0)
    TEST_RR(18, divw, 3, 0x100000014, 6)
    TEST_RR(19, divw, -3, -20, 6)
    TEST_RR(20, divw, -1, 20, 0)
    TEST_RR(21, divw, 0xffffffff80000000, 0x80000000, -1)
    TEST_RR(22, divuw, 0x7fffffff, 0xffffffff, 2)
    TEST_RR(23, divuw, -1, 20, 0)
    TEST_RR(24, divuw, 0xffffffff80000000, 0x80000000, 1)
    TEST_RR(25, remw, -2, -20, 6)
    TEST_RR(26, remw, 0xffffffff80000000, 0x180000000, 0)
    TEST_RR(27, remw, 0, 0x80000000, -1)
    TEST_RR(28, remuw, 15, 0xffffffff, 0x10)
    TEST_RR(29, remuw, -1, 0xffffffff, 0)
    TEST_RR(30, remuw, 0xffffffff80000005, 0x80000005, 0x100000000)  /* divisor's low half is 0 */
    TEST_RR_ZERO_DEST(31, div, 7, 0)
    j pass
PROGRAM_END
