/* Remapped code: S-mode calls a function at CODE_VA 50 times, remaps
   CODE_VA to a page holding different code, runs sfence.vma, and calls it 50
   times more; then maps the first page back and fences just that address.
   Every call must run the code the current mapping points at, however the
   emulator caches decoded code and chains it across calls. */
#include "priv.h"

#define CODE_VA 0x403000   /* not a multiple of 1 MiB: its own TLB slot */

    .option norelax   /* gp holds the case number, not __global_pointer$ */
PROGRAM_BEGIN
    la t0, m_handler; csrw mtvec, t0
    PMP_ALLOW_ALL
    /* root[2]: gigapage 0x80000000 for S-mode (RWX). root[0] -> mid -> leaves. */
    li t1, 0x80000000; LEAF(t2, t1, RWX | PTE_V | PTE_A | PTE_D); STORE_PTE(root, 2, t2)
    NEXT(t2, mid); STORE_PTE(root, 0, t2)
    NEXT(t2, leaves); STORE_PTE(mid, 2, t2)          /* VA 0x400000-0x5fffff is mid index 2 */
    la t1, code_a; LEAF(t2, t1, PTE_R | PTE_X | PTE_V | PTE_A); STORE_PTE(leaves, 3, t2)
    la t0, root; srli t0, t0, 12; li t1, SATP_SV39; or t0, t0, t1; csrw satp, t0
    sfence.vma
    ENTER_S(s_entry)

s_entry:
    li a0, 0
    li s1, CODE_VA
    /* 50 calls to code_a (+1 each). */
    li s0, 50; jal s2, call_s0_times
    li t3, 50; li t4, 1; bne a0, t3, s_fail_with

    /* Point CODE_VA at code_b (+100 each), fence everything, 50 calls. */
    la t1, code_b; LEAF(t2, t1, PTE_R | PTE_X | PTE_V | PTE_A); STORE_PTE(leaves, 3, t2)
    sfence.vma
    li s0, 50; jal s2, call_s0_times
    li t3, 5050; li t4, 2; bne a0, t3, s_fail_with

    /* Back to code_a, fencing only CODE_VA, 10 calls. */
    la t1, code_a; LEAF(t2, t1, PTE_R | PTE_X | PTE_V | PTE_A); STORE_PTE(leaves, 3, t2)
    sfence.vma s1
    li s0, 10; jal s2, call_s0_times
    li t3, 5060; li t4, 3; bne a0, t3, s_fail_with
    S_PASS
s_fail_with:
    mv a0, t4
    ecall

/* The same call site every time (returns through s2). */
call_s0_times:
1:  jalr ra, 0(s1)
    addi s0, s0, -1
    bnez s0, 1b
    jr s2

    M_ECALL_EXIT
PROGRAM_END

/* The two physical pages CODE_VA is mapped to in turn. */
    .section .text
    .align 12
code_a:
    addi a0, a0, 1
    ret
    .align 12
code_b:
    addi a0, a0, 100
    ret

    .data
    .align 12
root:   .skip 4096
mid:    .skip 4096
leaves: .skip 4096
