/* Macros for hartsim's conformance programs (riscv-tests convention: the
   result goes to the HTIF `tohost` word; 1 = pass, (case << 1) | 1 = case
   failed). Each check sets gp to its case number first, so a failure names
   the case that failed. Registers: x11/x12 operands, x13 result, t6 expected
   value; s2/s3/s4/s6 receive mcause/mepc/mtval/mstatus from the trap handler,
   which resumes at the address in s5 (and, for an interrupt, clears mie). */
#ifndef HARTSIM_TEST_H
#define HARTSIM_TEST_H

#define CASE gp

#define CHECK(n, reg, expect) \
    li CASE, n; li t6, expect; bne reg, t6, fail

/* Two registers must be equal. */
#define CHECK_REG(n, reg, expect_reg) \
    li CASE, n; bne reg, expect_reg, fail

#define TEST_RR(n, op, expect, a, b) \
    li x11, a; li x12, b; op x13, x11, x12; CHECK(n, x13, expect)

#define TEST_RI(n, op, expect, a, imm) \
    li x11, a; op x13, x11, imm; CHECK(n, x13, expect)

/* rd is also both sources. */
#define TEST_RR_SAME(n, op, expect, a) \
    li x13, a; op x13, x13, x13; CHECK(n, x13, expect)

/* x0 as destination must stay zero. */
#define TEST_RR_ZERO_DEST(n, op, a, b) \
    li x11, a; li x12, b; op x0, x11, x12; CHECK(n, x0, 0)

/* `insn...` must trap with mcause `cause`; resumes after it. */
#define TEST_TRAP(n, cause, insn...) \
    li CASE, n; la s5, 9f; li s2, -1; insn; j fail; \
9:  li t6, cause; bne s2, t6, fail

#define PROGRAM_BEGIN \
    .section .text.init; .globl _start; \
_start: \
    la t0, trap_handler; csrw mtvec, t0; li CASE, 0; j tests; \
    .align 2; \
trap_handler: \
    csrr s2, mcause; csrr s3, mepc; csrr s4, mtval; csrr s6, mstatus; \
    bgez s2, 8f; csrw mie, zero; 8: \
    beqz s5, unexpected_trap; csrw mepc, s5; li s5, 0; mret; \
unexpected_trap: \
    ori CASE, CASE, 1024; j fail; \
tests: li s5, 0;

/* A program that defines EXIT_THROUGH_FINISHER before including this file
   also reports its result to the SiFive test finisher after the store to
   tohost, so it ends on QEMU's virt machine, which has no HTIF: exit status 0
   for a pass, else the low 8 bits of the tohost value ((case << 1) | 1, odd,
   so never 0). hartsim (and Spike) stop at the tohost store and never get
   there. Expects the tohost value in t0. */
#ifdef EXIT_THROUGH_FINISHER
#define FINISHER_EXIT(pass_value) \
    li t1, pass_value; beq t0, t1, 3f; slli t0, t0, 16; ori t0, t0, 0x333; li t1, 0x3000; or t0, t0, t1; \
    j 4f; 3: li t0, 0x5555; 4: li t1, 0x100000; sw t0, 0(t1);
#else
#define FINISHER_EXIT(pass_value)
#endif

/* pass and fail clear mstatus.MPRV first, so their store to tohost is physical. */
#define PROGRAM_END \
pass: \
    li t0, 1 << 17; csrc mstatus, t0; \
    fence; li t0, 1; la t1, tohost; sd t0, 0(t1); FINISHER_EXIT(1) 1: j 1b; \
fail: \
    li t0, 1 << 17; csrc mstatus, t0; \
    fence; slli t0, CASE, 1; ori t0, t0, 1; la t1, tohost; sd t0, 0(t1); FINISHER_EXIT(1) 2: j 2b; \
    .section .tohost, "aw", @progbits; .align 6; \
    .globl tohost; tohost: .dword 0; .align 6; .globl fromhost; fromhost: .dword 0

#endif
