/* RV64F: results and fflags of every kind of single-precision operation,
   each rounding mode (static and dynamic), overflow/underflow/divide-by-zero/
   invalid, fmin/fmax and comparison NaN rules, fclass, conversion saturation,
   NaN-boxing, sign injection without canonicalisation, a fused multiply-add
   rounded once, and the mstatus.FS and frm legality rules. */
#include "fp_test.h"
PROGRAM_BEGIN
    FP_ENABLE
    /* 1/3 under each rounding mode. */
    TEST_S2(1, fdiv.s, rne, 0x3eaaaaab, NX, 0x3f800000, 0x40400000)
    TEST_S2(2, fdiv.s, rtz, 0x3eaaaaaa, NX, 0x3f800000, 0x40400000)
    TEST_S2(3, fdiv.s, rdn, 0x3eaaaaaa, NX, 0x3f800000, 0x40400000)
    TEST_S2(4, fdiv.s, rup, 0x3eaaaaab, NX, 0x3f800000, 0x40400000)
    TEST_S2(5, fdiv.s, rmm, 0x3eaaaaab, NX, 0x3f800000, 0x40400000)
    TEST_S2(6, fdiv.s, rdn, 0xbeaaaaab, NX, 0xbf800000, 0x40400000)
    TEST_S2(7, fdiv.s, rup, 0xbeaaaaaa, NX, 0xbf800000, 0x40400000)
    /* Exact results raise nothing. */
    TEST_S2(8, fadd.s, rne, 0x40400000, 0, 0x3f800000, 0x40000000)
    TEST_S2(9, fmul.s, rne, 0xc0c00000, 0, 0x40000000, 0xc0400000)
    /* Overflow: to infinity or to the largest finite value, by mode. */
    TEST_S2(10, fadd.s, rne, 0x7f800000, OF|NX, 0x7f7fffff, 0x7f7fffff)
    TEST_S2(11, fadd.s, rtz, 0x7f7fffff, OF|NX, 0x7f7fffff, 0x7f7fffff)
    TEST_S2(12, fadd.s, rdn, 0x7f7fffff, OF|NX, 0x7f7fffff, 0x7f7fffff)
    TEST_S2(13, fadd.s, rup, 0x7f800000, OF|NX, 0x7f7fffff, 0x7f7fffff)
    TEST_S2(14, fmul.s, rdn, 0xff800000, OF|NX, 0xff7fffff, 0x40000000)
    /* Underflow: a tiny inexact result; a tiny exact one raises nothing. */
    TEST_S2(15, fmul.s, rne, 0x00000000, UF|NX, 0x00000001, 0x3f000000)
    TEST_S2(16, fmul.s, rup, 0x00000001, UF|NX, 0x00000001, 0x3f000000)
    TEST_S2(17, fmul.s, rne, 0x00400000, 0, 0x00800000, 0x3f000000)
    /* Division by zero and invalid operations. */
    TEST_S2(18, fdiv.s, rne, 0x7f800000, DZ, 0x3f800000, 0x00000000)
    TEST_S2(19, fdiv.s, rne, 0xff800000, DZ, 0x3f800000, 0x80000000)
    TEST_S2(20, fdiv.s, rne, 0x7fc00000, NV, 0x00000000, 0x00000000)
    TEST_S2(21, fsub.s, rne, 0x7fc00000, NV, 0x7f800000, 0x7f800000)
    TEST_S2(22, fadd.s, rne, 0x7fc00000, NV, 0x7fa00000, 0x3f800000)  /* sNaN in, canonical NaN out */
    TEST_S2(23, fadd.s, rne, 0x7fc00000, 0, 0xffc12345, 0x3f800000)   /* quiet NaN: no flag, canonical out */
    TEST_S1(24, fsqrt.s, rne, 0x7fc00000, NV, 0xbf800000)
    TEST_S1(25, fsqrt.s, rne, 0x80000000, 0, 0x80000000)
    TEST_S1(26, fsqrt.s, rne, 0x40000000, 0, 0x40800000)
    TEST_S1(27, fsqrt.s, rne, 0x3fb504f3, NX, 0x40000000)
    TEST_S1(28, fsqrt.s, rup, 0x3fb504f4, NX, 0x40000000)
    /* Fused multiply-add rounds once: (1+e)^2 - (1+2e) = e^2 exactly. */
    TEST_S3(29, fmadd.s, rne, 0x28800000, 0, 0x3f800001, 0x3f800001, 0xbf800002)
    TEST_S3(30, fmsub.s, rne, 0x28800000, 0, 0x3f800001, 0x3f800001, 0x3f800002)
    TEST_S3(31, fnmadd.s, rne, 0xa8800000, 0, 0x3f800001, 0x3f800001, 0xbf800002)
    TEST_S3(32, fnmsub.s, rne, 0xa8800000, 0, 0x3f800001, 0x3f800001, 0x3f800002)
    TEST_S3(33, fmadd.s, rne, 0x7fc00000, NV, 0x7f800000, 0x00000000, 0x3f800000)  /* inf * 0 */
    /* fmin/fmax: NaN operands, signalling NaNs, signed zeros. */
    TEST_S2_NORM(34, fmin.s, 0x3f800000, 0, 0x7fc00000, 0x3f800000)
    TEST_S2_NORM(35, fmax.s, 0x3f800000, NV, 0x3f800000, 0x7fa00000)
    TEST_S2_NORM(36, fmin.s, 0x7fc00000, 0, 0x7fc00000, 0xffc00001)
    TEST_S2_NORM(37, fmin.s, 0x80000000, 0, 0x00000000, 0x80000000)
    TEST_S2_NORM(38, fmax.s, 0x00000000, 0, 0x80000000, 0x00000000)
    TEST_S2_NORM(39, fmin.s, 0xc0000000, 0, 0xc0000000, 0x3f800000)
    /* Sign injection works on bits: NaN payloads survive. */
    TEST_S2_NORM(40, fsgnj.s, 0xffc12345, 0, 0x7fc12345, 0xbf800000)
    TEST_S2_NORM(41, fsgnjn.s, 0x7fa00000, 0, 0x7fa00000, 0xbf800000)
    TEST_S2_NORM(42, fsgnjx.s, 0xbf800000, 0, 0x3f800000, 0xc0000000)
    /* Comparisons: feq is quiet; flt and fle signal on any NaN. */
    TEST_S_CMP(43, feq.s, 0, 0, 0x7fc00000, 0x7fc00000)
    TEST_S_CMP(44, feq.s, 0, NV, 0x7fa00000, 0x3f800000)
    TEST_S_CMP(45, flt.s, 0, NV, 0x7fc00000, 0x3f800000)
    TEST_S_CMP(46, fle.s, 1, 0, 0x80000000, 0x00000000)
    TEST_S_CMP(47, feq.s, 1, 0, 0x80000000, 0x00000000)
    TEST_S_CMP(48, flt.s, 1, 0, 0xbf800000, 0x3f800000)
    /* fclass: one bit per class. */
    TEST_S_CLASS(49, 1 << 0, 0xff800000)
    TEST_S_CLASS(50, 1 << 1, 0xbf800000)
    TEST_S_CLASS(51, 1 << 2, 0x80000001)
    TEST_S_CLASS(52, 1 << 3, 0x80000000)
    TEST_S_CLASS(53, 1 << 4, 0x00000000)
    TEST_S_CLASS(54, 1 << 5, 0x007fffff)
    TEST_S_CLASS(55, 1 << 6, 0x3f800000)
    TEST_S_CLASS(56, 1 << 7, 0x7f800000)
    TEST_S_CLASS(57, 1 << 8, 0x7fa00000)
    TEST_S_CLASS(58, 1 << 9, 0x7fc00000)
    /* Float -> integer under each mode, saturation and sign extension. */
    TEST_S_TO_X(59, fcvt.w.s, rne, 2, NX, 0x40200000)
    TEST_S_TO_X(60, fcvt.w.s, rtz, 2, NX, 0x40200000)
    TEST_S_TO_X(61, fcvt.w.s, rdn, 2, NX, 0x40200000)
    TEST_S_TO_X(62, fcvt.w.s, rup, 3, NX, 0x40200000)
    TEST_S_TO_X(63, fcvt.w.s, rmm, 3, NX, 0x40200000)
    TEST_S_TO_X(64, fcvt.w.s, rne, -2, NX, 0xc0200000)
    TEST_S_TO_X(65, fcvt.w.s, rdn, -3, NX, 0xc0200000)
    TEST_S_TO_X(66, fcvt.w.s, rup, -2, NX, 0xc0200000)
    TEST_S_TO_X(67, fcvt.w.s, rmm, -3, NX, 0xc0200000)
    TEST_S_TO_X(68, fcvt.w.s, rne, 2, NX, 0x3fc00000)
    TEST_S_TO_X(69, fcvt.w.s, rtz, 1, NX, 0x3fc00000)
    TEST_S_TO_X(70, fcvt.w.s, rtz, 0x7fffffff, NV, 0x7fc00000)
    TEST_S_TO_X(71, fcvt.w.s, rtz, 0x7fffffff, NV, 0x7f800000)
    TEST_S_TO_X(72, fcvt.w.s, rtz, 0xffffffff80000000, NV, 0xff800000)
    TEST_S_TO_X(73, fcvt.w.s, rtz, 0x7fffffff, NV, 0x4f32d05e)
    TEST_S_TO_X(74, fcvt.wu.s, rtz, 0xffffffffb2d05e00, 0, 0x4f32d05e)
    TEST_S_TO_X(75, fcvt.wu.s, rtz, 0, NV, 0xbf800000)
    TEST_S_TO_X(76, fcvt.wu.s, rtz, 0, NX, 0xbf000000)
    TEST_S_TO_X(77, fcvt.wu.s, rdn, 0, NV, 0xbf000000)
    TEST_S_TO_X(78, fcvt.wu.s, rtz, 0xffffffffffffffff, NV, 0x4f800000)
    TEST_S_TO_X(79, fcvt.l.s, rtz, 0x7fffffffffffffff, NV, 0x7fc00000)
    TEST_S_TO_X(80, fcvt.l.s, rtz, 0x8000000000000000, 0, 0xdf000000)
    TEST_S_TO_X(81, fcvt.lu.s, rtz, 0xffffffffffffffff, NV, 0x7f800000)
    TEST_S_TO_X(82, fcvt.lu.s, rtz, 0x8000000000000000, 0, 0x5f000000)
    /* Integer -> float rounding. */
    TEST_X_TO_S(83, fcvt.s.l, rne, 0x5a000000, NX, 0x20000000000001)
    TEST_X_TO_S(84, fcvt.s.l, rup, 0x5a000001, NX, 0x20000000000001)
    TEST_X_TO_S(85, fcvt.s.wu, rne, 0x4f800000, NX, 0xffffffff)
    TEST_X_TO_S(86, fcvt.s.wu, rtz, 0x4f7fffff, NX, 0xffffffff)
    TEST_X_TO_S(87, fcvt.s.w, rne, 0xcf000000, 0, 0xffffffff80000000)
    TEST_X_TO_S(88, fcvt.s.lu, rne, 0x5f800000, NX, 0xffffffffffffffff)
    /* The dynamic rounding mode comes from frm. */
    csrwi frm, 1
    li t0, 0x3f800000; fmv.w.x ft0, t0; li t0, 0x40400000; fmv.w.x ft1, t0
    fdiv.s ft2, ft0, ft1
    fmv.x.w x13, ft2; CHECK_LOW32(89, x13, 0x3eaaaaaa)
    csrwi frm, 0
    /* fmv.x.w sign-extends the raw bits; fmv.w.x NaN-boxes. */
    li t0, 0xbf800000; fmv.w.x ft0, t0; fmv.x.w x13, ft0; CHECK(90, x13, 0xffffffffbf800000)
    fmv.x.d x13, ft0; CHECK(91, x13, 0xffffffffbf800000)
    /* A value that is not properly NaN-boxed reads as the canonical NaN... */
    li t0, 0x3f800000; fmv.d.x ft0, t0
    fadd.s ft2, ft0, ft0; fmv.x.w x13, ft2; CHECK_LOW32(92, x13, 0x7fc00000)
    fsgnj.s ft2, ft0, ft0; fmv.x.d x13, ft2; CHECK(93, x13, 0xffffffff7fc00000)
    fclass.s x13, ft0; CHECK(94, x13, 1 << 9)
    /* ...but moves and stores see the raw bits. */
    fmv.x.w x13, ft0; CHECK(95, x13, 0x3f800000)
    la t1, scratch; fsw ft0, 0(t1); lwu x13, 0(t1); CHECK(96, x13, 0x3f800000)
    /* flw NaN-boxes what it loads. */
    li t0, 0x40490fdb; sw t0, 0(t1); flw ft0, 0(t1); fmv.x.d x13, ft0; CHECK(97, x13, 0xffffffff40490fdb)
    /* fcsr = frm << 5 | fflags; writes make FS Dirty and set SD. */
    csrwi fflags, 0x1f; csrwi frm, 3; csrr x13, fcsr; CHECK(98, x13, 0x7f)
    csrwi fcsr, 0
    li t0, 3 << 13; csrc mstatus, t0; li t0, 1 << 13; csrs mstatus, t0   /* FS = Initial */
    fadd.s ft2, ft1, ft1
    csrr x13, mstatus; srli x14, x13, 13; andi x14, x14, 3; CHECK(99, x14, 3)
    srli x14, x13, 63; CHECK(100, x14, 1)
    /* An invalid frm makes dynamic-rounding instructions illegal. */
    csrwi frm, 5
    TEST_TRAP(101, 2, fadd.s ft2, ft0, ft1)
    csrwi frm, 0
    /* So does a reserved static rounding mode (rm = 5): fadd.s ft2, ft0, ft1, rm5 */
    TEST_TRAP(102, 2, .word 0x00105153)
    CHECK(103, s4, 0x00105153)
    /* With mstatus.FS = Off, FP instructions and FP CSRs are illegal. */
    li t0, 3 << 13; csrc mstatus, t0
    TEST_TRAP(104, 2, fadd.s ft2, ft0, ft1)
    TEST_TRAP(105, 2, csrr x13, fflags)
    TEST_TRAP(106, 2, flw ft0, 0(t1))
    FP_ENABLE
    j pass
PROGRAM_END

    .data
    .align 3
scratch: .dword 0
