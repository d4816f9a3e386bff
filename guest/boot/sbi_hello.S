/* An S-mode payload for firmware tests: prints through the SBI console
   (legacy putchar) and powers off through SBI system reset. Linked at
   0x80200000, where OpenSBI's fw_jump and QEMU put a kernel after the
   firmware; built both as an ELF and as a raw binary (tests/boot.rs). */
    .section .text
    .globl _start
_start:
    la s0, message
1:  lbu a0, 0(s0)
    beqz a0, 2f
    li a7, 1          /* legacy SBI console_putchar */
    ecall
    addi s0, s0, 1
    j 1b
2:  li a7, 0x53525354 /* SRST */
    li a6, 0
    li a0, 0          /* shutdown */
    li a1, 0          /* no reason */
    ecall
3:  j 3b
message:
    .asciz "Hello from S-mode, through OpenSBI\n"
