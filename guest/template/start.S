/* Start-up code: what runs before main. Sets the global pointer, the stack
   and the thread pointer (picolibc keeps errno in thread-local storage),
   locks the stack guard (see link.ld), clears .bss and the TLS zero area,
   turns the FPU on (mstatus.FS starts Off, and printf("%f") needs it), then
   calls main and exit(main's value). No trap handler is installed: a fault
   stops the program, and hartsim reports which fault, where, and at which
   address (QEMU just hangs). */
    .section .text.init
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __stack
    la tp, __tls_base
    /* PMP entry 0: NAPOT over the 4 KiB guard, no permissions, locked (L),
       so even M-mode accesses to it fault. pmpaddr = base/4 | (4096/8 - 1). */
    la t0, __stack_guard
    srli t0, t0, 2
    ori t0, t0, 0x1ff
    csrw pmpaddr0, t0
    li t0, 0x98              /* L | A=NAPOT | no R/W/X */
    csrw pmpcfg0, t0
    li t0, 1 << 13          /* mstatus.FS = Initial */
    csrs mstatus, t0
    csrwi fcsr, 0
    /* .tbss (right after .tdata) through the end of .bss is zero. */
    la t0, __tbss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  li a0, 0                /* argc */
    li a1, 0                /* argv */
    call main
    call exit
