/* RV64D: double-precision results and fflags under each rounding mode,
   special values, conversions to and from integers and single precision
   (saturation, canonical NaNs), fmin/fmax and comparisons, fclass, a fused
   multiply-add rounded once, and fld/fsd. */
#include "fp_test.h"
PROGRAM_BEGIN
    FP_ENABLE
    TEST_D2(1, fdiv.d, rne, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000)
    TEST_D2(2, fdiv.d, rtz, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000)
    TEST_D2(3, fdiv.d, rdn, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000)
    TEST_D2(4, fdiv.d, rup, 0x3fd5555555555556, NX, 0x3ff0000000000000, 0x4008000000000000)
    TEST_D2(5, fdiv.d, rmm, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000)
    TEST_D2(6, fdiv.d, rdn, 0xbfd5555555555556, NX, 0xbff0000000000000, 0x4008000000000000)
    TEST_D2(7, fadd.d, rne, 0x4008000000000000, 0, 0x3ff0000000000000, 0x4000000000000000)
    /* 1 + 2^-53 is a tie: even (1.0) for rne, away from zero for rmm. */
    TEST_D2(8, fadd.d, rne, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000)
    TEST_D2(9, fadd.d, rmm, 0x3ff0000000000001, NX, 0x3ff0000000000000, 0x3ca0000000000000)
    TEST_D2(10, fadd.d, rup, 0x3ff0000000000001, NX, 0x3ff0000000000000, 0x3ca0000000000000)
    TEST_D2(11, fadd.d, rne, 0x7ff0000000000000, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff)
    TEST_D2(12, fadd.d, rtz, 0x7fefffffffffffff, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff)
    TEST_D2(13, fmul.d, rne, 0x0000000000000000, UF|NX, 0x0000000000000001, 0x3fe0000000000000)
    TEST_D2(14, fmul.d, rup, 0x0000000000000001, UF|NX, 0x0000000000000001, 0x3fe0000000000000)
    TEST_D2(15, fdiv.d, rne, 0x7ff0000000000000, DZ, 0x3ff0000000000000, 0x0000000000000000)
    TEST_D2(16, fdiv.d, rne, 0x7ff8000000000000, NV, 0x0000000000000000, 0x0000000000000000)
    TEST_D2(17, fmul.d, rne, 0x7ff8000000000000, NV, 0x7ff0000000000000, 0x0000000000000000)
    TEST_D2(18, fadd.d, rne, 0x7ff8000000000000, NV, 0x7ff4000000000000, 0x3ff0000000000000)
    TEST_D1(19, fsqrt.d, rne, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000)
    TEST_D1(20, fsqrt.d, rtz, 0x3ff6a09e667f3bcc, NX, 0x4000000000000000)
    TEST_D1(21, fsqrt.d, rne, 0x7ff8000000000000, NV, 0xbff0000000000000)
    TEST_D1(22, fsqrt.d, rne, 0x7ff0000000000000, 0, 0x7ff0000000000000)
    TEST_D3(23, fmadd.d, rne, 0x3970000000000000, 0, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000002)
    TEST_D3(24, fnmadd.d, rne, 0xb970000000000000, 0, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000002)
    TEST_D3(25, fmsub.d, rne, 0x3970000000000000, 0, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000002)
    TEST_D3(26, fnmsub.d, rne, 0xb970000000000000, 0, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000002)
    TEST_D2_NORM(27, fmin.d, 0x8000000000000000, 0, 0x0000000000000000, 0x8000000000000000)
    TEST_D2_NORM(28, fmax.d, 0x3ff0000000000000, NV, 0x7ff4000000000000, 0x3ff0000000000000)
    TEST_D2_NORM(29, fmax.d, 0x7ff8000000000000, 0, 0xfff8000000000001, 0x7ff8000000000002)
    TEST_D2_NORM(30, fsgnjn.d, 0x7ff4000000000000, 0, 0xfff4000000000000, 0x8000000000000000)
    TEST_D2_NORM(31, fsgnjx.d, 0x3ff0000000000000, 0, 0xbff0000000000000, 0x8000000000000000)
    TEST_D_CMP(32, flt.d, 0, NV, 0x7ff8000000000000, 0x3ff0000000000000)
    TEST_D_CMP(33, feq.d, 0, 0, 0x7ff8000000000000, 0x3ff0000000000000)
    TEST_D_CMP(34, fle.d, 1, 0, 0xfff0000000000000, 0xfff0000000000000)
    TEST_D_CLASS(35, 1 << 2, 0x800fffffffffffff)
    TEST_D_CLASS(36, 1 << 8, 0x7ff4000000000000)
    TEST_D_CLASS(37, 1 << 9, 0xfff8000000000000)
    TEST_D_TO_X(38, fcvt.w.d, rne, 0x7fffffff, NV, 0x41dfffffffe00000)   /* 2147483647.5 rounds up: overflow */
    TEST_D_TO_X(39, fcvt.w.d, rtz, 0x7fffffff, NX, 0x41dfffffffe00000)
    TEST_D_TO_X(40, fcvt.w.d, rtz, 0xffffffff80000000, NX, 0xc1e0000000100000)
    TEST_D_TO_X(41, fcvt.w.d, rne, 0xffffffff80000000, NV, 0xc1e0000000200000)
    TEST_D_TO_X(42, fcvt.wu.d, rtz, 0xffffffffffffffff, NX, 0x41efffffffe80000)
    TEST_D_TO_X(43, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, 0x7ff8000000000000)
    TEST_D_TO_X(44, fcvt.l.d, rtz, 0x8000000000000000, NV, 0xfff0000000000000)
    TEST_D_TO_X(45, fcvt.lu.d, rtz, 0, NV, 0xbff0000000000000)
    TEST_D_TO_X(46, fcvt.lu.d, rtz, 0xffffffffffffffff, NV, 0x43f0000000000000)
    TEST_D_TO_X(47, fcvt.l.d, rmm, -3, NX, 0xc004000000000000)
    TEST_D_TO_X(48, fcvt.l.d, rne, -2, NX, 0xc004000000000000)
    TEST_X_TO_D(49, fcvt.d.l, rne, 0x4340000000000000, NX, 0x20000000000001)
    TEST_X_TO_D(50, fcvt.d.l, rup, 0x4340000000000001, NX, 0x20000000000001)
    TEST_X_TO_D(51, fcvt.d.lu, rne, 0x43f0000000000000, NX, 0xffffffffffffffff)
    TEST_X_TO_D_EXACT(52, fcvt.d.wu, 0x41efffffffe00000, 0, 0xffffffff)
    TEST_X_TO_D_EXACT(53, fcvt.d.w, 0xc1e0000000000000, 0, 0x80000000)
    /* Double <-> single. */
    TEST_D1(54, fcvt.s.d, rne, 0xffffffff3dcccccd, NX, 0x3fb999999999999a)
    TEST_D1(55, fcvt.s.d, rtz, 0xffffffff3dcccccc, NX, 0x3fb999999999999a)
    TEST_D1(56, fcvt.s.d, rne, 0xffffffff7f800000, OF|NX, 0x7fefffffffffffff)
    TEST_D1(57, fcvt.s.d, rtz, 0xffffffff7f7fffff, OF|NX, 0x7fefffffffffffff)
    TEST_D1(58, fcvt.s.d, rne, 0xffffffff7fc00000, NV, 0x7ff4000000000000)
    li t0, 0xffffffff7fa00000; fmv.d.x ft0, t0; csrwi fflags, 0
    fcvt.d.s ft2, ft0; fmv.x.d x13, ft2; CHECK(59, x13, 0x7ff8000000000000); CHECK_FLAGS(60, NV)
    li t0, 0x0000000040000000; fmv.d.x ft0, t0      /* not NaN-boxed: reads as canonical NaN */
    fcvt.d.s ft2, ft0; fmv.x.d x13, ft2; CHECK(61, x13, 0x7ff8000000000000)
    /* fld/fsd move 64 raw bits. */
    la t1, scratch
    li t0, 0x7ff4000000000123; sd t0, 0(t1)
    fld ft0, 0(t1); fsd ft0, 8(t1); ld x13, 8(t1); CHECK(62, x13, 0x7ff4000000000123)
    fmv.x.d x13, ft0; CHECK(63, x13, 0x7ff4000000000123)
    j pass
PROGRAM_END

    .data
    .align 3
scratch: .dword 0, 0
