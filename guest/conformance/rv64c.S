/* RV64C: every compressed instruction executed and checked against what its
   32-bit expansion must do, 32-bit instructions at 2-byte-aligned addresses
   and across a page boundary, and the reserved encodings next to legal ones
   trapping as illegal instructions with the 16 bits in mtval. */
#include "test.h"

/* The halfword `bits` must trap as an illegal instruction, mtval = bits. */
#define TEST_ILLEGAL16(n, bits) \
    TEST_TRAP(n, 2, .half bits); li t6, bits; bne s4, t6, fail

PROGRAM_BEGIN
    .option rvc
    /* Integer register-immediate forms. */
    c.li a3, -32;        CHECK(1, a3, -32)
    c.li a3, 31;         CHECK(2, a3, 31)
    c.addi a3, -1;       CHECK(3, a3, 30)
    c.addi a3, 31;       CHECK(4, a3, 61)
    li a3, 0x7fffffff
    c.addiw a3, 1;       CHECK(5, a3, 0xffffffff80000000)
    c.addiw a3, 0;       CHECK(6, a3, 0xffffffff80000000)
    c.lui a3, 0xfffff;   CHECK(7, a3, -4096)
    c.lui a3, 1;         CHECK(8, a3, 0x1000)
    c.lui a3, 0x1f;      CHECK(9, a3, 0x1f000)
    li a3, -1
    c.andi a3, 0x1f;     CHECK(10, a3, 0x1f)
    li a3, 0x0f0f
    c.andi a3, -16;      CHECK(11, a3, 0x0f00)
    li a3, -1
    c.srli a3, 63;       CHECK(12, a3, 1)
    li a3, 0x8000000000000000
    c.srai a3, 4;        CHECK(13, a3, 0xf800000000000000)
    li a3, 3
    c.slli a3, 62;       CHECK(14, a3, 0xc000000000000000)
    /* Stack-pointer adjustments. */
    mv s7, sp
    c.addi16sp sp, -64
    sub t0, s7, sp;      CHECK(15, t0, 64)
    c.addi16sp sp, 496
    sub t0, sp, s7;      CHECK(16, t0, 432)
    mv sp, s7
    c.addi4spn a3, sp, 1020
    sub t0, a3, sp;      CHECK(17, t0, 1020)
    c.addi4spn s0, sp, 4
    sub t0, s0, sp;      CHECK(18, t0, 4)
    /* Register-register forms. */
    li a4, 0x1234
    c.mv a3, a4;         CHECK(19, a3, 0x1234)
    c.add a3, a4;        CHECK(20, a3, 0x2468)
    li a3, 5; li a4, 7
    c.sub a3, a4;        CHECK(21, a3, -2)
    li a3, 0xff00; li a4, 0x0ff0
    c.xor a3, a4;        CHECK(22, a3, 0xf0f0)
    c.or a3, a4;         CHECK(23, a3, 0xfff0)
    c.and a3, a4;        CHECK(24, a3, 0x0ff0)
    li a3, 0x80000000; li a4, 1
    c.subw a3, a4;       CHECK(25, a3, 0x7fffffff)
    c.addw a3, a4;       CHECK(26, a3, 0xffffffff80000000)
    /* Loads and stores, register-based and sp-based. */
    la a4, data
    c.lw a3, 4(a4);      CHECK(27, a3, 0xffffffff89abcdef)
    c.ld a3, 0(a4);      CHECK(28, a3, 0x89abcdef01234567)
    li a5, 0x1122334455667788
    c.sw a5, 16(a4)
    c.sd a5, 24(a4)
    ld a3, 16(a4);       CHECK(29, a3, 0x55667788)
    ld a3, 24(a4);       CHECK(30, a3, 0x1122334455667788)
    li t0, 1 << 13; csrs mstatus, t0          /* FPU on for c.fld/c.fsd */
    c.fld fa5, 0(a4)
    c.fsd fa5, 32(a4)
    ld a3, 32(a4);       CHECK(31, a3, 0x89abcdef01234567)
    mv s7, sp
    addi sp, a4, 64
    c.swsp a5, 4(sp)
    c.lwsp a3, 4(sp);    CHECK(32, a3, 0x55667788)
    c.sdsp a5, 8(sp)
    c.ldsp a3, 8(sp);    CHECK(33, a3, 0x1122334455667788)
    c.fsdsp fa5, 16(sp)
    c.fldsp ft0, 16(sp)
    fmv.x.d a3, ft0;     CHECK(34, a3, 0x89abcdef01234567)
    mv sp, s7
    /* Control transfer. */
    li CASE, 35
    c.j 1f
    j fail
1:  li a3, 0
    li CASE, 36
    c.beqz a3, 2f
    j fail
2:  c.bnez a3, fail
    li a3, 1
    li CASE, 37
    c.bnez a3, 3f
    j fail
3:  c.beqz a3, fail
    la a4, 4f
    li CASE, 38
    c.jr a4
    j fail
4:  la a4, 5f
    li CASE, 39
    c.jalr a4
6:  j fail
5:  la t6, 6b
    bne ra, t6, fail            /* c.jalr links pc + 2 */
    c.nop
    /* c.ebreak traps with mepc at itself. */
    TEST_TRAP(40, 3, 7: c.ebreak)
    la t6, 7b; li CASE, 41; bne s3, t6, fail
    /* A 32-bit instruction at an address that is 2 mod 4. */
    .balign 4
    c.nop
    .option push
    .option norvc
8:  addi a3, zero, 55
    .option pop
    CHECK(42, a3, 55)
    la t0, 8b; andi t0, t0, 3; CHECK(43, t0, 2)
    /* A 32-bit instruction that straddles a page boundary. */
    la t0, straddle
    li a3, 0
    jr t0
straddle_back:
    CHECK(44, a3, 77)
    /* Reserved encodings beside legal ones. */
    TEST_ILLEGAL16(45, 0x0000)   /* all zeros */
    TEST_ILLEGAL16(46, 0x0004)   /* c.addi4spn, zero immediate */
    TEST_ILLEGAL16(47, 0x6101)   /* c.addi16sp, zero immediate */
    TEST_ILLEGAL16(48, 0x6081)   /* c.lui, zero immediate */
    TEST_ILLEGAL16(49, 0x2001)   /* c.addiw x0 */
    TEST_ILLEGAL16(50, 0x4002)   /* c.lwsp x0 */
    TEST_ILLEGAL16(51, 0x6002)   /* c.ldsp x0 */
    TEST_ILLEGAL16(52, 0x8002)   /* c.jr x0 */
    TEST_ILLEGAL16(53, 0x9c41)   /* reserved after c.subw/c.addw */
    TEST_ILLEGAL16(54, 0x9c61)
    TEST_ILLEGAL16(55, 0x8000)   /* quadrant 0, funct3 100 */
    /* ...and mepc of a compressed trap is its own address. */
    TEST_TRAP(56, 2, 1: .half 0x0000)
    la t6, 1b; li CASE, 57; bne s3, t6, fail
    j pass

    .option push
    .option norvc
    .balign 4096
    .skip 4094, 0
straddle:
    addi a3, zero, 77
    j straddle_back
    .option pop
PROGRAM_END

    .data
    .align 3
data:
    .dword 0x89abcdef01234567
    .dword 0
    .dword 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
