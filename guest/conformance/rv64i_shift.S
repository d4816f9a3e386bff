/* RV64I shifts: amounts 0, 1, 31, 32 and 63; register amounts use only their
   low 6 bits; arithmetic shifts copy the sign bit. */
#include "test.h"
PROGRAM_BEGIN
    TEST_RI(1, slli, 0x8000000000000000, 1, 63)
    TEST_RI(2, slli, 0x100000000, 1, 32)
    TEST_RI(3, slli, 0x80000000, 1, 31)
    TEST_RI(4, slli, 0x1234, 0x1234, 0)
    TEST_RI(5, srli, 1, 0x8000000000000000, 63)
    TEST_RI(6, srli, 0xffffffff, -1, 32)
    TEST_RI(7, srli, 0x1ffffffff, -1, 31)
    TEST_RI(8, srai, -1, 0x8000000000000000, 63)
    TEST_RI(9, srai, 0xffffffff80000000, 0x8000000000000000, 32)
    TEST_RI(10, srai, 0x3fffffffffffffff, 0x7fffffffffffffff, 1)
    TEST_RR(11, sll, 0x8000000000000000, 1, 63)
    TEST_RR(12, sll, 1, 1, 64)           /* only the low 6 bits count */
    TEST_RR(13, sll, 2, 1, 65)
    TEST_RR(14, sll, 0x100000000, 1, 32)
    TEST_RR(15, srl, 1, 0x8000000000000000, 63)
    TEST_RR(16, srl, 0x8000000000000000, 0x8000000000000000, -64)
    TEST_RR(17, srl, 0x00000000ffffffff, 0xffffffff00000000, 32)
    TEST_RR(18, sra, -1, 0x8000000000000000, 63)
    TEST_RR(19, sra, 0xffffffff80000000, 0x8000000000000000, 32)
    TEST_RR(20, sra, 0x4000000000000000, 0x4000000000000000, 0xc0)
    TEST_RR(21, sra, 0xc000000000000000, 0x8000000000000000, 0xc1)
    TEST_RR_SAME(22, sll, 0x1a000, 0x0d)  /* 13 << 13 */
    TEST_RR_ZERO_DEST(23, srl, -1, 1)
    j pass
PROGRAM_END
