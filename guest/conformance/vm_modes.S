/* Sv48 and Sv57 walks, and the access rules every mode shares, checked from
   M-mode with MPRV (loads and stores translate as MPP's mode): 4- and 5-level
   walks to a 4 KiB page, a misaligned megapage, non-canonical addresses, SUM
   for S-mode access to user pages, MXR for execute-only pages, MPP = U
   against supervisor pages, and a store to a read-only page. */
#include "priv.h"

/* One page-table subtree serves both modes: Sv57's root[7] points at the
   Sv48 root, so the Sv48 root is also Sv57's level-3 table. */
#define VA48 ((5 << 39) | (3 << 30) | (2 << 21) | (1 << 12))
#define VA57 ((7 << 48) | VA48)
#define PAGE(n) (VA57 + (n) * 4096)

/* From here on, loads and stores translate as privilege `mpp`. */
#define MPRV_AS(mpp) \
    li t0, MSTATUS_MPP_MASK; csrc mstatus, t0; li t0, (mpp) << 11; csrs mstatus, t0; \
    li t0, MSTATUS_MPRV; csrs mstatus, t0
#define LOAD_PAGE_FAULT 13
#define STORE_PAGE_FAULT 15

PROGRAM_BEGIN
    PMP_ALLOW_ALL
    li t0, 0x5a5a; la t1, target; sd t0, 0(t1)
    li t0, 0x7777; la t1, target2; sd t0, 0(t1)
    NEXT(t2, root48); STORE_PTE(root57, 7, t2)
    NEXT(t2, l2); STORE_PTE(root48, 5, t2)
    NEXT(t2, l1); STORE_PTE(l2, 3, t2)
    NEXT(t2, l0); STORE_PTE(l1, 2, t2)
    la t1, target;  LEAF(t2, t1, PTE_R | PTE_W | PTE_V | PTE_A | PTE_D); STORE_PTE(l0, 1, t2)
    la t1, target2; LEAF(t2, t1, PTE_R | PTE_W | PTE_U | PTE_V | PTE_A | PTE_D); STORE_PTE(l0, 2, t2)
    la t1, target;  LEAF(t2, t1, PTE_X | PTE_V | PTE_A); STORE_PTE(l0, 3, t2)
    la t1, target;  LEAF(t2, t1, PTE_R | PTE_V | PTE_A); STORE_PTE(l0, 4, t2)
    /* A megapage leaf at l1[4] whose PPN is not 2 MiB aligned. */
    la t1, target;  LEAF(t2, t1, PTE_R | PTE_V | PTE_A); STORE_PTE(l1, 4, t2)

    /* Sv48 */
    la t0, root48; srli t0, t0, 12; li t1, SATP_SV48; or t0, t0, t1; csrw satp, t0
    sfence.vma
    MPRV_AS(1)
    li t3, VA48; ld x13, 0(t3); CHECK(1, x13, 0x5a5a)
    li t3, (5 << 39) | (3 << 30) | (4 << 21)
    TEST_TRAP(2, LOAD_PAGE_FAULT, ld x13, 0(t3))
    CHECK_REG(3, s4, t3)
    MPRV_AS(1)
    li t3, 1 << 47          /* bit 47 set, bits 63:48 clear: not canonical */
    TEST_TRAP(4, LOAD_PAGE_FAULT, ld x13, 0(t3))
    li t0, MSTATUS_MPRV; csrc mstatus, t0

    /* Sv57: the same subtree one level down. */
    la t0, root57; srli t0, t0, 12; li t1, SATP_SV57; or t0, t0, t1; csrw satp, t0
    sfence.vma
    MPRV_AS(1)
    li t3, PAGE(0); ld x13, 0(t3); CHECK(5, x13, 0x5a5a)
    li t3, 1 << 56          /* not canonical for Sv57 */
    TEST_TRAP(6, LOAD_PAGE_FAULT, ld x13, 0(t3))
    MPRV_AS(1)
    /* SUM: S-mode reaches user pages only with SUM set. */
    li t3, PAGE(1)
    TEST_TRAP(7, LOAD_PAGE_FAULT, ld x13, 0(t3))
    CHECK_REG(8, s4, t3)
    MPRV_AS(1)
    li t0, MSTATUS_SUM; csrs mstatus, t0
    li t3, PAGE(1); ld x13, 0(t3); CHECK(9, x13, 0x7777)
    li t0, MSTATUS_SUM; csrc mstatus, t0
    /* MXR: execute-only pages are readable only with MXR set. */
    li t3, PAGE(2)
    TEST_TRAP(10, LOAD_PAGE_FAULT, ld x13, 0(t3))
    MPRV_AS(1)
    li t0, MSTATUS_MXR; csrs mstatus, t0
    li t3, PAGE(2); ld x13, 0(t3); CHECK(11, x13, 0x5a5a)
    li t0, MSTATUS_MXR; csrc mstatus, t0
    /* A store to a read-only page. */
    li t3, PAGE(3)
    TEST_TRAP(12, STORE_PAGE_FAULT, sd x13, 0(t3))
    CHECK_REG(13, s4, t3)
    /* MPP = U: user pages yes, supervisor pages no. */
    MPRV_AS(0)
    li t3, PAGE(1); ld x13, 0(t3); CHECK(14, x13, 0x7777)
    li t3, PAGE(0)
    TEST_TRAP(15, LOAD_PAGE_FAULT, ld x13, 0(t3))
    li t0, MSTATUS_MPRV; csrc mstatus, t0
    /* With MPRV clear, M-mode ignores satp entirely. */
    la t3, target; ld x13, 0(t3); CHECK(16, x13, 0x5a5a)
    j pass
PROGRAM_END

    .data
    .align 12
root57: .skip 4096
root48: .skip 4096
l2:     .skip 4096
l1:     .skip 4096
l0:     .skip 4096
target: .skip 4096
target2: .skip 4096
