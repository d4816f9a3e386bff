/* sfence.vma with an address after a superpage is remapped. S-mode maps a
   2 MiB megapage at SUPER_VA to physical region A, touches several of its
   4 KiB pieces (loads, a store, and a call into code there), points the leaf
   at region B and fences one address in it: every piece of the megapage,
   not only the fenced one, must now reach B. Then back to A, fencing the
   last piece's address instead. Regions A and B hold a marker word at the
   start of each page used (k = page number: A holds 0xa000 + k, B 0xb000 + k)
   and a small function at page 4 that returns 1 (A) or 2 (B). */
#define EXIT_THROUGH_FINISHER
#include "priv.h"

#define SUPER_VA 0x40000000     /* root[1] -> mid[0]: a 2 MiB leaf */
#define REGION_A 0x80400000
#define REGION_B 0x80600000
#define LAST_PAGE 0x1ff
#define CODE_PAGE 4

/* In S-mode: x13 = the word at SUPER_VA + page * 4096; fail with `n` unless expect. */
#define S_CHECK_PAGE(n, page, expect) \
    li t0, SUPER_VA + (page) * 4096; lwu x13, 0(t0); li t4, n; li t6, expect; bne x13, t6, s_fail_with
/* In S-mode: map SUPER_VA to `region` (RWX megapage). */
#define S_MAP(region) \
    li t1, region; LEAF(t2, t1, RWX | PTE_V | PTE_A | PTE_D); la t5, mid; sd t2, 0(t5)
/* In S-mode: call the function at page CODE_PAGE; fail with `n` unless it returns expect. */
#define S_CALL(n, expect) \
    li t0, SUPER_VA + CODE_PAGE * 4096; li a0, 0; jalr t0; \
    li t4, n; li t6, expect; bne a0, t6, s_fail_with

    .option norvc
    .option norelax   /* gp holds the case number, not __global_pointer$ */
PROGRAM_BEGIN
    la t0, m_handler; csrw mtvec, t0
    PMP_ALLOW_ALL
    /* Markers and code in both regions. */
    li t1, REGION_A; li t2, 0xa000; jal ra, fill_region
    li t1, REGION_B; li t2, 0xb000; jal ra, fill_region
    la t0, code_a; lwu t2, 0(t0); lwu t3, 4(t0)
    li t1, REGION_A + CODE_PAGE * 4096; sw t2, 0(t1); sw t3, 4(t1)
    la t0, code_b; lwu t2, 0(t0); lwu t3, 4(t0)
    li t1, REGION_B + CODE_PAGE * 4096; sw t2, 0(t1); sw t3, 4(t1)
    fence.i
    /* root[2]: gigapage 0x80000000 for S-mode (RWX); root[1] -> mid; mid[0]
       is the megapage, set from S-mode. */
    li t1, 0x80000000; LEAF(t2, t1, RWX | PTE_V | PTE_A | PTE_D); STORE_PTE(root, 2, t2)
    NEXT(t2, mid); STORE_PTE(root, 1, t2)
    la t0, root; srli t0, t0, 12; li t1, SATP_SV39; or t0, t0, t1; csrw satp, t0
    sfence.vma
    ENTER_S(s_entry)

s_entry:
    S_MAP(REGION_A)
    sfence.vma
    /* Touch pieces 0, 1, 2 and the last (loads), 3 (a store) and the code
       page (two calls, so the code is surely decoded). */
    S_CHECK_PAGE(1, 0, 0xa000)
    S_CHECK_PAGE(2, 1, 0xa001)
    S_CHECK_PAGE(3, 2, 0xa002)
    S_CHECK_PAGE(4, LAST_PAGE, 0xa1ff)
    li t0, SUPER_VA + 3 * 4096; li t1, 0x5a; sw t1, 0(t0)
    S_CALL(5, 1)
    S_CALL(6, 1)

    /* Remap to B, fence only the address of piece 0. */
    S_MAP(REGION_B)
    li t0, SUPER_VA; sfence.vma t0
    S_CHECK_PAGE(7, 1, 0xb001)
    S_CHECK_PAGE(8, 2, 0xb002)
    S_CHECK_PAGE(9, LAST_PAGE, 0xb1ff)
    S_CHECK_PAGE(10, 0, 0xb000)
    S_CALL(11, 2)
    /* The store to piece 3 reaches B; A keeps the earlier value. */
    li t0, SUPER_VA + 3 * 4096; li t1, 0x6b; sw t1, 0(t0)
    li t0, REGION_B + 3 * 4096; lwu x13, 0(t0); li t4, 12; li t6, 0x6b; bne x13, t6, s_fail_with
    li t0, REGION_A + 3 * 4096; lwu x13, 0(t0); li t4, 13; li t6, 0x5a; bne x13, t6, s_fail_with

    /* Back to A, fencing the last piece's address (in its middle). */
    S_MAP(REGION_A)
    li t0, SUPER_VA + LAST_PAGE * 4096 + 0x800; sfence.vma t0
    S_CHECK_PAGE(14, 1, 0xa001)
    S_CHECK_PAGE(15, 0, 0xa000)
    S_CHECK_PAGE(16, 3, 0x5a)
    S_CALL(17, 1)
    S_CHECK_PAGE(18, LAST_PAGE, 0xa1ff)
    S_PASS
s_fail_with:
    mv a0, t4
    ecall

/* Marker words: t1 = region, t2 = base value; pages 0, 1, 2, 3 and LAST_PAGE. */
fill_region:
    sw t2, 0(t1)
    addi t3, t2, 1; li t0, 1 * 4096; add t0, t0, t1; sw t3, 0(t0)
    addi t3, t2, 2; li t0, 2 * 4096; add t0, t0, t1; sw t3, 0(t0)
    addi t3, t2, 3; li t0, 3 * 4096; add t0, t0, t1; sw t3, 0(t0)
    addi t3, t2, LAST_PAGE; li t0, LAST_PAGE * 4096; add t0, t0, t1; sw t3, 0(t0)
    ret

/* The two functions copied to the code page of each region. */
code_a:
    li a0, 1
    ret
code_b:
    li a0, 2
    ret

    M_ECALL_EXIT
PROGRAM_END

    .data
    .align 12
root:   .skip 4096
mid:    .skip 4096
