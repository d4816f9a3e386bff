/* RV64I loads and stores: every width, sign and zero extension, negative
   offsets, stores that touch only their own bytes, and x0 as a load destination. */
#include "test.h"

#define TEST_LD(n, op, offset, expect) \
    la x11, data; op x13, offset(x11); CHECK(n, x13, expect)

PROGRAM_BEGIN
    TEST_LD(1, lb, 0, 0xffffffffffffff88)
    TEST_LD(2, lbu, 0, 0x88)
    TEST_LD(3, lb, 1, 0xffffffffffffff87)
    TEST_LD(4, lh, 0, 0xffffffffffff8788)
    TEST_LD(5, lhu, 0, 0x8788)
    TEST_LD(6, lw, 0, 0xffffffff85868788)
    TEST_LD(7, lwu, 0, 0x85868788)
    TEST_LD(8, lw, 4, 0x01020304)
    TEST_LD(9, ld, 0, 0x0102030485868788)
    TEST_LD(10, ld, 8, 0xfedcba9876543210)

    /* Negative offsets. */
    la x11, data + 16
    li CASE, 11; lwu x13, -8(x11); li t6, 0x76543210; bne x13, t6, fail

    /* Each store writes exactly its own bytes. */
    la x11, scratch
    li x12, -1
    sd x12, 0(x11)
    li x12, 0x1122334455667788
    li CASE, 12; sb x12, 0(x11); ld x13, 0(x11); li t6, 0xffffffffffffff88; bne x13, t6, fail
    li CASE, 13; sh x12, 2(x11); ld x13, 0(x11); li t6, 0xffffffff7788ff88; bne x13, t6, fail
    li CASE, 14; sw x12, 4(x11); ld x13, 0(x11); li t6, 0x556677887788ff88; bne x13, t6, fail
    li CASE, 15; sd x12, 8(x11); ld x13, 8(x11); li t6, 0x1122334455667788; bne x13, t6, fail
    li CASE, 16; sd x0, -8(x11); ld x13, -8(x11); bnez x13, fail

    /* Loading into x0 discards the value. */
    li CASE, 17; la x11, data; ld x0, 0(x11); bnez x0, fail
    j pass
PROGRAM_END

    .data
    .align 3
data:
    .dword 0x0102030485868788
    .dword 0xfedcba9876543210
    .dword 0
    .dword 0
scratch:
    .dword 0
    .dword 0
