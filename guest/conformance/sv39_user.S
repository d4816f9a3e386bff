/* Sv39 with a user program: M-mode builds page tables (a 1 GiB identity
   gigapage for the supervisor, 4 KiB user pages at 0x400000), delegates user
   ecalls and page faults to S-mode and enters it; S-mode drops to U-mode.
   The user program stores to a page that is not mapped yet: the S-mode
   handler maps it and retries the store. It then touches a supervisor-only
   page (a load page fault S-mode skips), and finally ecalls S-mode, which
   checks scause/stval/sepc and that the lazy page's A/D bits are set (by the
   hardware here; by the handler on a hart that faults instead). */
#include "priv.h"

#define USER_VA 0x400000
#define DATA_VA 0x401000
#define LAZY_VA 0x402000

PROGRAM_BEGIN
    la t0, m_handler; csrw mtvec, t0
    PMP_ALLOW_ALL
    /* root[2]: gigapage 0x80000000 for S-mode (RWX, not U). */
    li t1, 0x80000000; LEAF(t2, t1, RWX | PTE_V | PTE_A | PTE_D); STORE_PTE(root, 2, t2)
    /* root[0] -> mid[0] (covers 0..2 MiB ... 4 MiB region) -> leaf table */
    NEXT(t2, mid); STORE_PTE(root, 0, t2)
    NEXT(t2, leaves); STORE_PTE(mid, 2, t2)       /* VA 0x400000 is mid index 2 */
    la t1, user_code; LEAF(t2, t1, PTE_R | PTE_X | PTE_U | PTE_V | PTE_A); STORE_PTE(leaves, 0, t2)
    la t1, user_data; LEAF(t2, t1, PTE_R | PTE_W | PTE_U | PTE_V | PTE_A | PTE_D); STORE_PTE(leaves, 1, t2)
    /* leaves[2] (LAZY_VA) stays invalid until the page fault handler fills it. */
    la t0, root; srli t0, t0, 12; li t1, SATP_SV39; or t0, t0, t1; csrw satp, t0
    sfence.vma
    li t0, (1 << 8) | (1 << 12) | (1 << 13) | (1 << 15); csrw medeleg, t0
    la t0, s_handler; csrw stvec, t0
    ENTER_S(s_entry)

s_entry:
    li s8, 0                    /* page faults handled */
    li t0, USER_VA; csrw sepc, t0
    li t0, MSTATUS_SPP; csrc sstatus, t0
    sret

    .align 2
/* The S-mode handler uses only s-registers and t3..t6: the user's t0..t2
   must survive a retried instruction. */
s_handler:
    csrr s2, scause
    csrr s3, stval
    li t3, 15; beq s2, t3, s_store_fault
    li t3, 13; beq s2, t3, s_load_fault
    li t3, 8; beq s2, t3, s_user_ecall
    li a0, 100; ecall
s_store_fault:
    li a0, 101; li t3, LAZY_VA; bne s3, t3, s_fail
    la t3, leaves; ld t4, 16(t3)
    andi t6, t4, PTE_V; bnez t6, s_set_ad
    /* First fault: map the lazy page (A and D clear) and retry the store. */
    la s9, spare; LEAF(t4, s9, PTE_R | PTE_W | PTE_U | PTE_V); sd t4, 16(t3)
    sfence.vma
    addi s8, s8, 1
    sret
s_set_ad:
    /* A hart that faults on clear A/D bits (Svade) comes back here: set them. */
    ori t4, t4, PTE_A | PTE_D; sd t4, 16(t3)
    sfence.vma
    sret
s_load_fault:
    /* The user touched a supervisor page: skip the load. */
    li a0, 103; li t3, 0x80000000; bne s3, t3, s_fail
    addi s8, s8, 0x10
    csrr t3, sepc; addi t3, t3, 4; csrw sepc, t3
    sret
s_user_ecall:
    li a0, 104; li t3, 0x11; bne s8, t3, s_fail           /* one mapping fault, one load fault */
    li a0, 105; bnez a1, s_fail                           /* the user's own checks */
    li a0, 106; csrr t3, sstatus; andi t3, t3, MSTATUS_SPP; bnez t3, s_fail
    /* The data the user wrote landed in the spare page. */
    li a0, 107; la t3, spare; ld t4, 0(t3); li t5, 77; bne t4, t5, s_fail
    /* The lazy page was written: its A and D bits are set. */
    li a0, 108; la t3, leaves; ld t4, 16(t3); andi t4, t4, PTE_A | PTE_D; li t5, PTE_A | PTE_D; bne t4, t5, s_fail
    /* sepc of the ecall is in the user's page. */
    li a0, 109; csrr t3, sepc; li t4, USER_VA; sub t3, t3, t4; li t4, 4096; bgeu t3, t4, s_fail
    S_PASS
s_fail:
    ecall

    M_ECALL_EXIT
PROGRAM_END

/* The user program runs at USER_VA; it only uses virtual addresses. */
    .section .text
    .align 12
user_code:
    li a1, 0
    li t0, DATA_VA
    li t1, 0x1234
    sd t1, 0(t0)
    ld t2, 0(t0)
    beq t1, t2, 1f
    li a1, 1
1:  li t0, LAZY_VA
    li t1, 77
    sd t1, 0(t0)                /* faults once; S-mode maps the page */
    ld t2, 0(t0)
    beq t1, t2, 2f
    li a1, 2
2:  li t0, 0x80000000
    ld t2, 0(t0)                /* supervisor page: faults, S-mode skips it */
    ecall
3:  j 3b

    .data
    .align 12
root:   .skip 4096
mid:    .skip 4096
leaves: .skip 4096
user_data: .skip 4096
spare:  .skip 4096
