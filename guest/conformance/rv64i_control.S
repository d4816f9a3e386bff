/* RV64I branches and jumps: each branch taken and not taken at the signed and
   unsigned boundaries, link values, jalr clearing bit 0 of its target, and
   jalr with rd = rs1. */
#include "test.h"

/* Branch `op a, b` must (taken = 1) or must not (taken = 0) jump. */
#define TEST_BR(n, op, taken, a, b) \
    li CASE, n; li x11, a; li x12, b; li x13, 0; \
    op x11, x12, 1f; li x13, 1; 1: \
    li t6, 1 - taken; bne x13, t6, fail

PROGRAM_BEGIN
    TEST_BR(1, beq, 1, 5, 5)
    TEST_BR(2, beq, 0, 5, -5)
    TEST_BR(3, bne, 1, 0, 0x8000000000000000)
    TEST_BR(4, bne, 0, -1, -1)
    TEST_BR(5, blt, 1, -1, 0)
    TEST_BR(6, blt, 0, 0, -1)
    TEST_BR(7, blt, 0, 3, 3)
    TEST_BR(8, blt, 1, 0x8000000000000000, 0x7fffffffffffffff)
    TEST_BR(9, bge, 1, 0, -1)
    TEST_BR(10, bge, 1, 3, 3)
    TEST_BR(11, bge, 0, -1, 0)
    TEST_BR(12, bltu, 1, 0, -1)
    TEST_BR(13, bltu, 0, -1, 0)
    TEST_BR(14, bltu, 0, 7, 7)
    TEST_BR(15, bgeu, 1, -1, 0)
    TEST_BR(16, bgeu, 1, 7, 7)
    TEST_BR(17, bgeu, 0, 0, 0x8000000000000000)

    /* jal links the address of the next instruction. */
    li CASE, 18
    jal x13, 1f
2:  j fail
1:  la t6, 2b
    bne x13, t6, fail

    /* jalr clears bit 0 of the target and links pc + 4. */
    li CASE, 19
    la x11, 3f
    addi x11, x11, 1
    jalr x13, 0(x11)
4:  j fail
3:  la t6, 4b
    bne x13, t6, fail

    /* jalr with rd = rs1 uses the old value as the target. */
    li CASE, 20
    la x13, 5f
    jalr x13, 0(x13)
6:  j fail
5:  la t6, 6b
    bne x13, t6, fail

    /* jalr with a negative offset. */
    li CASE, 21
    la x11, 7f + 8
    jalr x0, -8(x11)
    j fail
7:  nop

    /* A backward branch loop runs the right number of times. */
    li CASE, 22
    li x11, 10
    li x13, 0
8:  addi x13, x13, 3
    addi x11, x11, -1
    bnez x11, 8b
    CHECK(22, x13, 30)
    j pass
PROGRAM_END
