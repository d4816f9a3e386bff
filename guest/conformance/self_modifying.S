/* Self-modifying code: stores into code that has already run, made visible
   with fence.i, must change what runs next. Covers a patched function called
   in a loop, a patched instruction right after the fence.i, a compressed
   instruction rewritten with a 16-bit store, code written into a data buffer,
   and a variable that shares a cache line with a hot loop. */
#include "test.h"

#define ADDI_A0_A0(imm)   (((imm) << 20) | 0x50513)   /* addi a0, a0, imm */
#define LI_A0(imm)        (((imm) << 20) | 0x00513)   /* addi a0, zero, imm */
#define RET               0x00008067                  /* jalr zero, 0(ra) */

/* Patched instructions must stay 32-bit; compressed_fn opts back in. */
    .option norvc
    .option norelax   /* gp holds the case number, not __global_pointer$ */
PROGRAM_BEGIN
    /* 1: a function whose addi immediate is rewritten before each of 100 calls. */
    li s0, 0
    li s1, 0
    li s7, 100
1:  slli t0, s0, 20
    li t1, ADDI_A0_A0(0)
    or t0, t0, t1
    la t2, patched_fn
    sw t0, 0(t2)
    fence.i
    li a0, 1000
    jal ra, patched_fn
    add s1, s1, a0
    addi s0, s0, 1
    bne s0, s7, 1b
    CHECK(1, s1, 100 * 1000 + 4950)

    /* 2: the instruction after the fence.i is rewritten on each pass. */
    li s0, 0
    li s7, 3
2:  la t2, 3f
    li t0, LI_A0(40)
    slli t1, s0, 20
    add t0, t0, t1
    sw t0, 0(t2)
    fence.i
3:  addi a0, zero, 7
    addi t3, s0, 40
    li CASE, 2
    bne a0, t3, fail
    addi s0, s0, 1
    bne s0, s7, 2b

    /* 3: a compressed c.li a0, k rewritten with 16-bit stores, k = 1..20. */
    li s0, 1
    li s1, 0
    li s7, 21
4:  slli t0, s0, 2
    li t1, 0x4501            /* c.li a0, 0 */
    or t0, t0, t1
    la t2, compressed_fn
    sh t0, 0(t2)
    fence.i
    jal ra, compressed_fn
    add s1, s1, a0
    addi s0, s0, 1
    bne s0, s7, 4b
    CHECK(3, s1, 210)

    /* 4: code written into a data buffer, run, then replaced. */
    la t0, code_buffer
    li t1, LI_A0(5)
    sw t1, 0(t0)
    li t1, RET
    sw t1, 4(t0)
    fence.i
    jalr ra, 0(t0)
    CHECK(4, a0, 5)
    la t0, code_buffer
    li t1, LI_A0(9)
    sw t1, 0(t0)
    fence.i
    jalr ra, 0(t0)
    CHECK(5, a0, 9)

    /* 5: a counter in the same 64-byte line as the loop that updates it. */
    la t2, line_counter
    li s0, 0
    li s7, 500
    j 5f
    .align 6
5:  lw t0, 0(t2)
    addi t0, t0, 3
    sw t0, 0(t2)
    addi s0, s0, 1
    bne s0, s7, 5b
    j 6f
line_counter: .word 0
6:  lw t0, 0(t2)
    CHECK(6, t0, 1500)
    j pass

    .align 2
patched_fn:
    addi a0, a0, 0
    ret

    .option push
    .option rvc
    .align 2
compressed_fn:
    c.li a0, 0
    c.jr ra
    .option pop

PROGRAM_END

    .section .bss
    .align 3
code_buffer: .space 64
