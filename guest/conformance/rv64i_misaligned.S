/* Misaligned loads and stores, performed in hardware (hartsim's default, as
   on Spike with Zicclsm and on QEMU): values cross 2-, 4- and 8-byte
   boundaries and come back intact. */
#include "test.h"
PROGRAM_BEGIN
    la x11, buf
    li CASE, 1; lh x13, 1(x11); li t6, 0x0302; bne x13, t6, fail
    li CASE, 2; lw x13, 3(x11); li t6, 0x07060504; bne x13, t6, fail
    li CASE, 3; ld x13, 5(x11); li t6, 0x0d0c0b0a09080706; bne x13, t6, fail
    li CASE, 4; lhu x13, 7(x11); li t6, 0x0908; bne x13, t6, fail
    li CASE, 5; lwu x13, 6(x11); li t6, 0x0a090807; bne x13, t6, fail
    li CASE, 6; lh x13, 15(x11); li t6, 0xffffffffffff8110; bne x13, t6, fail
    li x12, 0xa1a2a3a4a5a6a7a8
    li CASE, 7; sd x12, 9(x11); ld x13, 9(x11); bne x13, x12, fail
    li CASE, 8; ld x13, 8(x11); li t6, 0xa2a3a4a5a6a7a809; bne x13, t6, fail
    li CASE, 9; sw x12, 1(x11); lwu x13, 1(x11); li t6, 0xa5a6a7a8; bne x13, t6, fail
    li CASE, 10; sh x12, 3(x11); lhu x13, 3(x11); li t6, 0xa7a8; bne x13, t6, fail
    li CASE, 11; ld x13, 0(x11); li t6, 0x080706a7a8a7a801; bne x13, t6, fail
    j pass
PROGRAM_END

    .data
    .align 4
buf:
    .byte 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08
    .byte 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10
    .byte 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88
