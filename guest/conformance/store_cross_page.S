/* Stores that cross a page boundary while PMP is in force (a locked NAPOT
   entry over RAM binds M-mode, so every access is checked byte by byte at
   the page boundary) and touch a 64-byte line holding code that has run:
   every byte must be written, whichever part lands in the code line.
   1: code in the last line of a page stores 8 bytes at page_end - 4 (its
      own line, then the next page's first, plain bytes) and loads them back;
   2: an 8-byte store at page_end - 4 whose last 4 bytes land in the next
      page's first line, which holds a function that has been called;
   3: the same with a 4-byte store at page_end - 2 from the code line. */
#define EXIT_THROUGH_FINISHER
#include "priv.h"

#define A_NAPOT (3 << 3)
#define LOCK 0x80
#define RAM_BASE 0x80000000
#define RAM_SIZE (128 << 20)
/* reg += s2 * 0x0101010101010101 (clobbers t2). */
#define NEXT_VALUE(reg) li t2, 0x0101010101010101; mul t2, t2, s2; add reg, reg, t2

    .option norvc   /* the layouts below count 4-byte instructions */
PROGRAM_BEGIN
    /* Entry 0: NAPOT over all of RAM, RWX, locked (binds M-mode). */
    li t0, (RAM_BASE >> 2) | ((RAM_SIZE >> 3) - 1); csrw pmpaddr0, t0
    li t0, LOCK | A_NAPOT | 7; csrw pmpcfg0, t0
    csrr t1, pmpcfg0; andi t1, t1, 0xff; CHECK(1, t1, LOCK | A_NAPOT | 7)

    /* Each case runs twice (s2 = 2, 1) with values that differ in every
       byte: an emulator may decode code (and so start watching its line)
       only once it has run before. */
    li s2, 2
case2:
    /* Case 2: the store's first 4 bytes are plain data, its last 4 bytes
       share a line with next_page_fn, which has run. */
    la t0, next_page_fn; jalr t0
    la t0, data2; li t1, 0x8877665544332211; NEXT_VALUE(t1); sd t1, 0(t0)
    ld x13, 0(t0); CHECK_REG(2, x13, t1)
    lwu x13, 4(t0); srli t1, t1, 32; CHECK_REG(3, x13, t1)
    addi s2, s2, -1; bnez s2, case2

    li s2, 2
case1:
    /* Case 1: the store runs from the line its first 4 bytes land in. */
    la t0, data1; li t1, 0x0807060504030201; NEXT_VALUE(t1); la s1, 1f
    j t1_code
1:  CHECK_REG(4, x13, t1)
    la t0, data1; lwu x13, 4(t0); srli t1, t1, 32; CHECK_REG(5, x13, t1)
    addi s2, s2, -1; bnez s2, case1

    li s2, 2
case3:
    /* Case 3: a word at page_end - 2, from the same code line, over
       data1 = 0x0807060504030202. */
    la t0, data1; li t1, 0x0807060504030202; sd t1, 0(t0)
    la t0, data1 + 2; li t1, 0xddccbbaa; NEXT_VALUE(t1); slli t1, t1, 32; srli t1, t1, 32; la s1, 1f
    j t3_code
1:  CHECK_REG(6, x13, t1)
    la t0, data1; ld x13, 0(t0)
    slli t1, t1, 16; li t2, 0x0807000000000202; or t1, t1, t2; CHECK_REG(7, x13, t1)
    addi s2, s2, -1; bnez s2, case3
    j pass
PROGRAM_END

/* Page P: code in its last 64-byte line, then 4 bytes of data at its end. */
    .text
    .balign 4096
    .skip 4096 - 64
t1_code:                      /* P + 4032 */
    sd t1, 0(t0)
    ld x13, 0(t0)
    jr s1
t3_code:                      /* P + 4044 */
    sw t1, 0(t0)
    lwu x13, 0(t0)
    jr s1
    .skip 64 - 24 - 4
data1:                        /* P + 4092: the last 4 bytes of page P */
    .word 0
    .word 0                   /* page P + 1 starts here: plain data */

/* Page Q: plain data at its end; page Q + 1 starts with 4 bytes of data and
   then a function, in the same 64-byte line. */
    .balign 4096
    .skip 4096 - 4
data2:
    .word 0
    .word 0                   /* page Q + 1 */
next_page_fn:
    ret
