/* Start-up for bare-metal C programs on the `virt` machine: set up the stack
   and global pointer, clear .bss, turn the FPU on (mstatus.FS starts Off),
   install a trap handler that reports unexpected traps, run main() and exit
   through the test finisher with its return value. */
    .section .text.init
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __stack_top
    la t0, trap_entry
    csrw mtvec, t0
    li t0, 1 << 13          /* mstatus.FS = Initial */
    csrs mstatus, t0
    csrwi fcsr, 0
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  call main
    call virt_exit
3:  j 3b

    .align 2
trap_entry:
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    call virt_unexpected_trap
4:  j 4b
