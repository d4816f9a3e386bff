/* Floating-point checks on top of test.h: load operands from bit patterns,
   run one instruction with an explicit rounding mode, compare the result's
   bits and the fflags it raised. Single-precision results are compared on
   their low 32 bits (fmv.x.w sign-extends). */
#ifndef HARTSIM_FP_TEST_H
#define HARTSIM_FP_TEST_H
#include "test.h"

#define CHECK_FLAGS(n, flags) \
    li CASE, n; frflags x14; li t6, flags; bne x14, t6, fail

#define CHECK_LOW32(n, reg, expect) \
    li CASE, n; li t6, expect; xor t6, t6, reg; slli t6, t6, 32; bnez t6, fail

/* Single precision: op ft2, ft0, ft1 */
#define TEST_S2(n, op, rm, expect, flags, a, b) \
    li t0, a; fmv.w.x ft0, t0; li t0, b; fmv.w.x ft1, t0; csrwi fflags, 0; \
    op ft2, ft0, ft1, rm; fmv.x.w x13, ft2; CHECK_LOW32(n, x13, expect); CHECK_FLAGS(n, flags)

/* Single precision, no rounding mode (min/max/sign injection) */
#define TEST_S2_NORM(n, op, expect, flags, a, b) \
    li t0, a; fmv.w.x ft0, t0; li t0, b; fmv.w.x ft1, t0; csrwi fflags, 0; \
    op ft2, ft0, ft1; fmv.x.w x13, ft2; CHECK_LOW32(n, x13, expect); CHECK_FLAGS(n, flags)

#define TEST_S1(n, op, rm, expect, flags, a) \
    li t0, a; fmv.w.x ft0, t0; csrwi fflags, 0; \
    op ft2, ft0, rm; fmv.x.w x13, ft2; CHECK_LOW32(n, x13, expect); CHECK_FLAGS(n, flags)

#define TEST_S3(n, op, rm, expect, flags, a, b, c) \
    li t0, a; fmv.w.x ft0, t0; li t0, b; fmv.w.x ft1, t0; li t0, c; fmv.w.x ft3, t0; \
    csrwi fflags, 0; op ft2, ft0, ft1, ft3, rm; fmv.x.w x13, ft2; \
    CHECK_LOW32(n, x13, expect); CHECK_FLAGS(n, flags)

/* Single precision -> integer register (conversions with a rounding mode) */
#define TEST_S_TO_X(n, op, rm, expect, flags, a) \
    li t0, a; fmv.w.x ft0, t0; csrwi fflags, 0; op x13, ft0, rm; \
    CHECK(n, x13, expect); CHECK_FLAGS(n, flags)

/* Single precision -> integer register, no rounding mode (compare, classify) */
#define TEST_S_CMP(n, op, expect, flags, a, b) \
    li t0, a; fmv.w.x ft0, t0; li t0, b; fmv.w.x ft1, t0; csrwi fflags, 0; op x13, ft0, ft1; \
    CHECK(n, x13, expect); CHECK_FLAGS(n, flags)

/* fclass: one operand, an integer result, never any flags */
#define TEST_S_CLASS(n, expect, a) \
    li t0, a; fmv.w.x ft0, t0; csrwi fflags, 0; fclass.s x13, ft0; \
    CHECK(n, x13, expect); CHECK_FLAGS(n, 0)

#define TEST_D_CLASS(n, expect, a) \
    li t0, a; fmv.d.x ft0, t0; csrwi fflags, 0; fclass.d x13, ft0; \
    CHECK(n, x13, expect); CHECK_FLAGS(n, 0)

/* Integer -> single precision */
#define TEST_X_TO_S(n, op, rm, expect, flags, a) \
    li t0, a; csrwi fflags, 0; op ft2, t0, rm; fmv.x.w x13, ft2; \
    CHECK_LOW32(n, x13, expect); CHECK_FLAGS(n, flags)

/* Double precision variants */
#define TEST_D2(n, op, rm, expect, flags, a, b) \
    li t0, a; fmv.d.x ft0, t0; li t0, b; fmv.d.x ft1, t0; csrwi fflags, 0; \
    op ft2, ft0, ft1, rm; fmv.x.d x13, ft2; CHECK(n, x13, expect); CHECK_FLAGS(n, flags)

#define TEST_D2_NORM(n, op, expect, flags, a, b) \
    li t0, a; fmv.d.x ft0, t0; li t0, b; fmv.d.x ft1, t0; csrwi fflags, 0; \
    op ft2, ft0, ft1; fmv.x.d x13, ft2; CHECK(n, x13, expect); CHECK_FLAGS(n, flags)

#define TEST_D1(n, op, rm, expect, flags, a) \
    li t0, a; fmv.d.x ft0, t0; csrwi fflags, 0; \
    op ft2, ft0, rm; fmv.x.d x13, ft2; CHECK(n, x13, expect); CHECK_FLAGS(n, flags)

#define TEST_D3(n, op, rm, expect, flags, a, b, c) \
    li t0, a; fmv.d.x ft0, t0; li t0, b; fmv.d.x ft1, t0; li t0, c; fmv.d.x ft3, t0; \
    csrwi fflags, 0; op ft2, ft0, ft1, ft3, rm; fmv.x.d x13, ft2; \
    CHECK(n, x13, expect); CHECK_FLAGS(n, flags)

#define TEST_D_TO_X(n, op, rm, expect, flags, a) \
    li t0, a; fmv.d.x ft0, t0; csrwi fflags, 0; op x13, ft0, rm; \
    CHECK(n, x13, expect); CHECK_FLAGS(n, flags)

#define TEST_D_CMP(n, op, expect, flags, a, b) \
    li t0, a; fmv.d.x ft0, t0; li t0, b; fmv.d.x ft1, t0; csrwi fflags, 0; op x13, ft0, ft1; \
    CHECK(n, x13, expect); CHECK_FLAGS(n, flags)

#define TEST_X_TO_D(n, op, rm, expect, flags, a) \
    li t0, a; csrwi fflags, 0; op ft2, t0, rm; fmv.x.d x13, ft2; \
    CHECK(n, x13, expect); CHECK_FLAGS(n, flags)

/* Integer -> double conversions that are always exact take no rounding mode. */
#define TEST_X_TO_D_EXACT(n, op, expect, flags, a) \
    li t0, a; csrwi fflags, 0; op ft2, t0; fmv.x.d x13, ft2; \
    CHECK(n, x13, expect); CHECK_FLAGS(n, flags)

/* Turn the FPU on (mstatus.FS = Initial) and clear fcsr. */
#define FP_ENABLE li t0, 1 << 13; csrs mstatus, t0; csrwi fcsr, 0

#define NX 0x01
#define UF 0x02
#define OF 0x04
#define DZ 0x08
#define NV 0x10

#endif
