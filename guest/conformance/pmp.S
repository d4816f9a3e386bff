/* PMP: S and U accesses are checked against the entries in order (first
   match decides, every byte must be inside), an access no entry matches fails
   for S/U, M-mode is bound only by locked entries. Checked from M-mode with
   MPRV (loads and stores run as MPP's mode) and by fetching in S-mode. */
#include "priv.h"

#define MPRV_AS(mpp) \
    li t0, MSTATUS_MPP_MASK; csrc mstatus, t0; li t0, (mpp) << 11; csrs mstatus, t0; \
    li t0, MSTATUS_MPRV; csrs mstatus, t0
#define NAPOT(base, size) (((base) >> 2) | (((size) >> 3) - 1))
#define A_TOR (1 << 3)
#define A_NA4 (2 << 3)
#define A_NAPOT (3 << 3)
#define LOCK 0x80
#define PMP_R 1
#define PMP_W 2
#define PMP_X 4
#define LOAD_ACCESS_FAULT 5
#define STORE_ACCESS_FAULT 7
#define FETCH_ACCESS_FAULT 1

PROGRAM_BEGIN
    /* entry 0: the 4 KiB page `guarded` is read-only (NAPOT)
       entry 1: the first word of `guarded2` is read-write (NA4)
       entry 2: TOR from 0 up to `guarded3`: RWX (the program itself)
       entry 3: TOR over the page `guarded3`: no access
       (addresses above that page match no entry) */
    la t1, guarded; srli t1, t1, 2; ori t1, t1, (4096 >> 3) - 1; csrw pmpaddr0, t1
    la t1, guarded2; srli t1, t1, 2; csrw pmpaddr1, t1
    la t1, guarded3; srli t1, t1, 2; csrw pmpaddr2, t1
    la t1, guarded3 + 4096; srli t1, t1, 2; csrw pmpaddr3, t1
    li t1, (A_NAPOT | PMP_R) | (A_NA4 | PMP_R | PMP_W) << 8 | (A_TOR | PMP_R | PMP_W | PMP_X) << 16 | (A_TOR) << 24
    csrw pmpcfg0, t1
    /* Reading the configuration back gives what was written. */
    csrr t2, pmpcfg0; CHECK_REG(1, t2, t1)

    MPRV_AS(1)
    la t3, guarded; ld x13, 0(t3); CHECK(2, x13, 0x1111)
    TEST_TRAP(3, STORE_ACCESS_FAULT, sd x0, 0(t3))
    CHECK_REG(4, s4, t3)
    MPRV_AS(1)
    la t3, guarded2; li t0, 0x2222; sw t0, 0(t3); lw x13, 0(t3); CHECK(5, x13, 0x2222)
    /* 8 bytes starting in the 4-byte NA4 entry: not wholly inside, so it fails. */
    TEST_TRAP(6, LOAD_ACCESS_FAULT, ld x13, 0(t3))
    MPRV_AS(1)
    la t3, guarded3
    TEST_TRAP(7, LOAD_ACCESS_FAULT, lw x13, 0(t3))
    MPRV_AS(1)
    /* Past every entry: no match, so S and U fail... */
    la t3, guarded3 + 4096
    TEST_TRAP(8, LOAD_ACCESS_FAULT, lw x13, 0(t3))
    /* ...but M-mode succeeds, and ignores unlocked entries. */
    li t0, MSTATUS_MPRV; csrc mstatus, t0
    la t3, guarded3 + 4096; lw x13, 0(t3); CHECK(9, x13, 0x3333)
    la t3, guarded; li t0, 0x4444; sd t0, 0(t3); ld x13, 0(t3); CHECK(10, x13, 0x4444)

    /* An S-mode fetch from a page PMP does not make executable. */
    la t0, s_trap; csrw mtvec, t0
    la s5, 1f
    ENTER_S(guarded)
1:  la t0, trap_handler; csrw mtvec, t0
    CHECK(11, s2, FETCH_ACCESS_FAULT)
    la t0, guarded; CHECK_REG(12, s3, t0)

    /* Locking entry 0 binds M-mode too, and freezes the entry. */
    li t0, LOCK; csrs pmpcfg0, t0
    la t3, guarded
    TEST_TRAP(13, STORE_ACCESS_FAULT, sd x0, 0(t3))
    csrr t1, pmpaddr0; li t0, 0; csrw pmpaddr0, t0; csrr t2, pmpaddr0; CHECK_REG(14, t2, t1)
    li t0, LOCK | A_NAPOT | PMP_R | PMP_W | PMP_X; csrc pmpcfg0, t0; csrr t2, pmpcfg0; andi t2, t2, 0xff
    CHECK(15, t2, LOCK | A_NAPOT | PMP_R)
    j pass

    /* A trap from the S-mode fetch: record it and return to M at s5. */
    .align 2
s_trap:
    csrr s2, mcause; csrr s3, mepc
    li t0, MSTATUS_MPP_MASK; csrs mstatus, t0
    csrw mepc, s5
    mret
code_end:
PROGRAM_END

    .data
    .align 12
guarded:  .dword 0x1111
    .align 12
guarded2: .word 0, 0, 0, 0
    .align 12
guarded3: .dword 0
    .align 12
beyond:   .dword 0x3333
