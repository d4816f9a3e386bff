/* RV64A load-reserved / store-conditional: success, failure without a
   reservation (nothing stored), failure at another address, reservations
   broken by a store and by a trap, lr.w sign extension, and alignment and
   access faults. */
#include "test.h"
PROGRAM_BEGIN
    la s8, word
    la s9, dword
    la s10, dword2
    li t0, 5; sw t0, 0(s8)
    lr.w x13, (s8); CHECK(1, x13, 5)
    li x12, 9; sc.w x14, x12, (s8); CHECK(2, x14, 0)
    lw x13, 0(s8); CHECK(3, x13, 9)
    /* The reservation is gone: this SC fails and stores nothing. */
    li x12, 11; sc.w x14, x12, (s8); CHECK(4, x14, 1)
    lw x13, 0(s8); CHECK(5, x13, 9)
    /* lr.w sign-extends. */
    li t0, 0x80000000; sw t0, 0(s8)
    lr.w x13, (s8); CHECK(6, x13, 0xffffffff80000000)
    sc.w x14, x0, (s8); CHECK(7, x14, 0)
    /* An SC to another address fails. */
    lr.d x13, (s9)
    li x12, 77; sc.d x14, x12, (s10); CHECK(8, x14, 1)
    ld x13, 0(s10); CHECK(9, x13, 0)
    /* A store to the reserved address breaks the reservation. */
    lr.d x13, (s9)
    sd x0, 0(s9)
    sc.d x14, x12, (s9); CHECK(10, x14, 1)
    /* So does a trap. */
    lr.d x13, (s9)
    la s5, 1f
    ecall
1:  sc.d x14, x12, (s9); CHECK(11, x14, 1)
    /* A full 64-bit LR/SC pair. */
    lr.d x13, (s9)
    li x12, 0x123456789abcdef0
    sc.d x14, x12, (s9); CHECK(12, x14, 0)
    ld x13, 0(s9); CHECK(13, x13, 0x123456789abcdef0)
    /* Misaligned LR/SC raise address-misaligned, whatever the misaligned-access mode. */
    addi s11, s8, 2
    TEST_TRAP(14, 4, lr.w x13, (s11))
    TEST_TRAP(15, 6, sc.d x13, x12, (s11))
    li CASE, 16; la t6, word + 2; bne s4, t6, fail
    /* LR from unmapped memory is a load access fault. */
    li t3, 0x1000
    TEST_TRAP(17, 5, lr.d x13, (t3))
    j pass
PROGRAM_END

    .data
    .align 3
word:   .dword 0
dword:  .dword 0
dword2: .dword 0
