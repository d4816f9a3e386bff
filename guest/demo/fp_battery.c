/* Floating-point battery for differential testing against QEMU: every F and
   D operation over edge-case inputs (zeros, subnormals, infinities, quiet and
   signalling NaNs, integer limits, values that round differently) under all
   five rounding modes, printing each result's bits and the fflags it raised.
   Any difference from QEMU's output is a bug in one of the two. */
#include "virt.h"

typedef uint64_t u64;
typedef uint32_t u32;

static const u64 D_IN[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
    0x3fe0000000000000, 0x3ff8000000000000, 0xc004000000000000, 0x0000000000000001,
    0x000fffffffffffff, 0x0010000000000000, 0x7fefffffffffffff, 0x7ff0000000000000,
    0xfff0000000000000, 0x7ff8000000000000, 0x7ff4000000000000, 0xfff8000000000001,
    0x43e0000000000000, 0xc3e0000000000000, 0x41dfffffffe00000, 0x41efffffffe00000,
    0x3fb999999999999a, 0x400921fb54442d18, 0x4330000000000001, 0xc1e0000000100000,
};
static const u32 S_IN[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000,
    0xc0200000, 0x00000001, 0x007fffff, 0x00800000, 0x7f7fffff, 0x7f800000,
    0xff800000, 0x7fc00000, 0x7fa00000, 0xffc00001, 0x5f000000, 0xdf000000,
    0x4f000000, 0x4f7fffff, 0x3dcccccd, 0x40490fdb, 0x4b000001, 0xcf000001,
};
static const u64 INT_IN[] = {
    0, 1, (u64)-1, 0x7fffffff, 0xffffffff80000000, 0xffffffff, 0x20000000000001,
    0x7fffffffffffffff, 0x8000000000000000, 0xffffffff80000001, 12345678901ULL, 3,
    0x0123456789abcdef, 0x1000001, (u64)-0x1000001, 0x8000000000000001,
};
/* Indices of the inputs used for fused multiply-add triples. */
static const int FMA_PICK[] = {0, 1, 2, 6, 7, 11, 14};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define BOX(s) (0xffffffff00000000ULL | (s))

static const char *const RM_NAME[] = {"rne", "rtz", "rdn", "rup", "rmm"};

static void put_hex(u64 v, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) virt_putc("0123456789abcdef"[(v >> shift) & 15]);
}

static void set_rm(int rm) { __asm__ volatile("csrw frm, %0" ::"r"(rm)); }

/* One result: its bits (64-bit register image) and the flags it raised. */
static void put_result(u64 r, u64 flags) {
    virt_putc(' ');
    put_hex(r, 16);
    virt_putc('/');
    put_hex(flags, 2);
}

/* f-register result of an operation on f registers ft0, ft1, ft2. */
#define F_OP(name, text)                                                                       \
    static void name(u64 a, u64 b, u64 c) {                                                    \
        u64 r, fl;                                                                             \
        __asm__ volatile("fmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\tfmv.d.x ft2, %4\n\t"            \
                         "csrw fflags, zero\n\t" text "\n\tfrflags %1\n\tfmv.x.d %0, ft3"      \
                         : "=r"(r), "=r"(fl)                                                   \
                         : "r"(a), "r"(b), "r"(c)                                              \
                         : "ft0", "ft1", "ft2", "ft3");                                        \
        put_result(r, fl);                                                                     \
    }

/* Integer-register result of an operation on ft0, ft1. */
#define X_OP(name, text)                                                                       \
    static void name(u64 a, u64 b, u64 c) {                                                    \
        u64 r, fl;                                                                             \
        (void)c;                                                                               \
        __asm__ volatile("fmv.d.x ft0, %2\n\tfmv.d.x ft1, %3\n\t"                               \
                         "csrw fflags, zero\n\t" text "\n\tfrflags %1"                         \
                         : "=&r"(r), "=r"(fl)                                                  \
                         : "r"(a), "r"(b)                                                      \
                         : "ft0", "ft1");                                                      \
        put_result(r, fl);                                                                     \
    }

/* f-register result of an operation on integer register %2. */
#define I_OP(name, text)                                                                       \
    static void name(u64 a, u64 b, u64 c) {                                                    \
        u64 r, fl;                                                                             \
        (void)b;                                                                               \
        (void)c;                                                                               \
        __asm__ volatile("csrw fflags, zero\n\t" text "\n\tfrflags %1\n\tfmv.x.d %0, ft3"      \
                         : "=r"(r), "=r"(fl)                                                   \
                         : "r"(a)                                                              \
                         : "ft3");                                                             \
        put_result(r, fl);                                                                     \
    }

typedef void (*op_fn)(u64, u64, u64);

F_OP(fadd_d, "fadd.d ft3, ft0, ft1, dyn")
F_OP(fsub_d, "fsub.d ft3, ft0, ft1, dyn")
F_OP(fmul_d, "fmul.d ft3, ft0, ft1, dyn")
F_OP(fdiv_d, "fdiv.d ft3, ft0, ft1, dyn")
F_OP(fmin_d, "fmin.d ft3, ft0, ft1")
F_OP(fmax_d, "fmax.d ft3, ft0, ft1")
F_OP(fsgnj_d, "fsgnj.d ft3, ft0, ft1")
F_OP(fsgnjn_d, "fsgnjn.d ft3, ft0, ft1")
F_OP(fsgnjx_d, "fsgnjx.d ft3, ft0, ft1")
X_OP(feq_d, "feq.d %0, ft0, ft1")
X_OP(flt_d, "flt.d %0, ft0, ft1")
X_OP(fle_d, "fle.d %0, ft0, ft1")
F_OP(fsqrt_d, "fsqrt.d ft3, ft0, dyn")
F_OP(fcvt_s_d, "fcvt.s.d ft3, ft0, dyn")
X_OP(fcvt_w_d, "fcvt.w.d %0, ft0, dyn")
X_OP(fcvt_wu_d, "fcvt.wu.d %0, ft0, dyn")
X_OP(fcvt_l_d, "fcvt.l.d %0, ft0, dyn")
X_OP(fcvt_lu_d, "fcvt.lu.d %0, ft0, dyn")
X_OP(fclass_d, "fclass.d %0, ft0")
I_OP(fcvt_d_w, "fcvt.d.w ft3, %2")
I_OP(fcvt_d_wu, "fcvt.d.wu ft3, %2")
I_OP(fcvt_d_l, "fcvt.d.l ft3, %2, dyn")
I_OP(fcvt_d_lu, "fcvt.d.lu ft3, %2, dyn")
F_OP(fmadd_d, "fmadd.d ft3, ft0, ft1, ft2, dyn")
F_OP(fmsub_d, "fmsub.d ft3, ft0, ft1, ft2, dyn")
F_OP(fnmsub_d, "fnmsub.d ft3, ft0, ft1, ft2, dyn")
F_OP(fnmadd_d, "fnmadd.d ft3, ft0, ft1, ft2, dyn")

F_OP(fadd_s, "fadd.s ft3, ft0, ft1, dyn")
F_OP(fsub_s, "fsub.s ft3, ft0, ft1, dyn")
F_OP(fmul_s, "fmul.s ft3, ft0, ft1, dyn")
F_OP(fdiv_s, "fdiv.s ft3, ft0, ft1, dyn")
F_OP(fmin_s, "fmin.s ft3, ft0, ft1")
F_OP(fmax_s, "fmax.s ft3, ft0, ft1")
F_OP(fsgnj_s, "fsgnj.s ft3, ft0, ft1")
F_OP(fsgnjn_s, "fsgnjn.s ft3, ft0, ft1")
F_OP(fsgnjx_s, "fsgnjx.s ft3, ft0, ft1")
X_OP(feq_s, "feq.s %0, ft0, ft1")
X_OP(flt_s, "flt.s %0, ft0, ft1")
X_OP(fle_s, "fle.s %0, ft0, ft1")
F_OP(fsqrt_s, "fsqrt.s ft3, ft0, dyn")
F_OP(fcvt_d_s, "fcvt.d.s ft3, ft0")
X_OP(fcvt_w_s, "fcvt.w.s %0, ft0, dyn")
X_OP(fcvt_wu_s, "fcvt.wu.s %0, ft0, dyn")
X_OP(fcvt_l_s, "fcvt.l.s %0, ft0, dyn")
X_OP(fcvt_lu_s, "fcvt.lu.s %0, ft0, dyn")
X_OP(fclass_s, "fclass.s %0, ft0")
X_OP(fmv_x_w, "fmv.x.w %0, ft0")
I_OP(fcvt_s_w, "fcvt.s.w ft3, %2, dyn")
I_OP(fcvt_s_wu, "fcvt.s.wu ft3, %2, dyn")
I_OP(fcvt_s_l, "fcvt.s.l ft3, %2, dyn")
I_OP(fcvt_s_lu, "fcvt.s.lu ft3, %2, dyn")
F_OP(fmadd_s, "fmadd.s ft3, ft0, ft1, ft2, dyn")
F_OP(fmsub_s, "fmsub.s ft3, ft0, ft1, ft2, dyn")
F_OP(fnmsub_s, "fnmsub.s ft3, ft0, ft1, ft2, dyn")
F_OP(fnmadd_s, "fnmadd.s ft3, ft0, ft1, ft2, dyn")

struct op {
    const char *name;
    op_fn fn;
    int arity;     /* 1, 2 or 3 floating-point operands; 0 = one integer operand */
    int rounds;    /* depends on the rounding mode */
};

static const struct op D_OPS[] = {
    {"fadd.d", fadd_d, 2, 1},     {"fsub.d", fsub_d, 2, 1},       {"fmul.d", fmul_d, 2, 1},
    {"fdiv.d", fdiv_d, 2, 1},     {"fmin.d", fmin_d, 2, 0},       {"fmax.d", fmax_d, 2, 0},
    {"fsgnj.d", fsgnj_d, 2, 0},   {"fsgnjn.d", fsgnjn_d, 2, 0},   {"fsgnjx.d", fsgnjx_d, 2, 0},
    {"feq.d", feq_d, 2, 0},       {"flt.d", flt_d, 2, 0},         {"fle.d", fle_d, 2, 0},
    {"fsqrt.d", fsqrt_d, 1, 1},   {"fcvt.s.d", fcvt_s_d, 1, 1},   {"fcvt.w.d", fcvt_w_d, 1, 1},
    {"fcvt.wu.d", fcvt_wu_d, 1, 1}, {"fcvt.l.d", fcvt_l_d, 1, 1}, {"fcvt.lu.d", fcvt_lu_d, 1, 1},
    {"fclass.d", fclass_d, 1, 0}, {"fcvt.d.w", fcvt_d_w, 0, 0},   {"fcvt.d.wu", fcvt_d_wu, 0, 0},
    {"fcvt.d.l", fcvt_d_l, 0, 1}, {"fcvt.d.lu", fcvt_d_lu, 0, 1}, {"fmadd.d", fmadd_d, 3, 1},
    {"fmsub.d", fmsub_d, 3, 1},   {"fnmsub.d", fnmsub_d, 3, 1},   {"fnmadd.d", fnmadd_d, 3, 1},
};

static const struct op S_OPS[] = {
    {"fadd.s", fadd_s, 2, 1},     {"fsub.s", fsub_s, 2, 1},       {"fmul.s", fmul_s, 2, 1},
    {"fdiv.s", fdiv_s, 2, 1},     {"fmin.s", fmin_s, 2, 0},       {"fmax.s", fmax_s, 2, 0},
    {"fsgnj.s", fsgnj_s, 2, 0},   {"fsgnjn.s", fsgnjn_s, 2, 0},   {"fsgnjx.s", fsgnjx_s, 2, 0},
    {"feq.s", feq_s, 2, 0},       {"flt.s", flt_s, 2, 0},         {"fle.s", fle_s, 2, 0},
    {"fsqrt.s", fsqrt_s, 1, 1},   {"fcvt.d.s", fcvt_d_s, 1, 0},   {"fcvt.w.s", fcvt_w_s, 1, 1},
    {"fcvt.wu.s", fcvt_wu_s, 1, 1}, {"fcvt.l.s", fcvt_l_s, 1, 1}, {"fcvt.lu.s", fcvt_lu_s, 1, 1},
    {"fclass.s", fclass_s, 1, 0}, {"fmv.x.w", fmv_x_w, 1, 0},     {"fcvt.s.w", fcvt_s_w, 0, 1},
    {"fcvt.s.wu", fcvt_s_wu, 0, 1}, {"fcvt.s.l", fcvt_s_l, 0, 1}, {"fcvt.s.lu", fcvt_s_lu, 0, 1},
    {"fmadd.s", fmadd_s, 3, 1},   {"fmsub.s", fmsub_s, 3, 1},     {"fnmsub.s", fnmsub_s, 3, 1},
    {"fnmadd.s", fnmadd_s, 3, 1},
};

static u64 cases;

/* Run `op` over its inputs under one rounding mode: one line per first operand. */
static void run_op(const struct op *op, int rm, const u64 *in, int n) {
    int fma_n = (int)N(FMA_PICK);
    int lines = op->arity == 0 ? (int)N(INT_IN) : op->arity == 3 ? fma_n * fma_n : n;
    for (int i = 0; i < lines; i++) {
        virt_puts(op->name);
        virt_putc(' ');
        virt_puts(RM_NAME[rm]);
        virt_putc(' ');
        virt_put_dec(i);
        virt_putc(':');
        switch (op->arity) {
        case 0: op->fn(INT_IN[i], 0, 0); cases++; break;
        case 1: op->fn(in[i], 0, 0); cases++; break;
        case 2:
            for (int j = 0; j < n; j++, cases++) op->fn(in[i], in[j], 0);
            break;
        default:
            for (int k = 0; k < fma_n; k++, cases++)
                op->fn(in[FMA_PICK[i / fma_n]], in[FMA_PICK[i % fma_n]], in[FMA_PICK[k]]);
        }
        virt_putc('\n');
    }
}

static void run_all(const struct op *ops, int n_ops, const u64 *in, int n) {
    for (int o = 0; o < n_ops; o++)
        for (int rm = 0; rm < 5; rm++) {
            if (!ops[o].rounds && rm > 0) break;
            set_rm(rm);
            run_op(&ops[o], rm, in, n);
        }
}

/* Single-precision operands held in 64-bit registers that are not properly
   NaN-boxed must read as the canonical NaN; moves and stores see raw bits. */
static void nan_boxing(void) {
    static const u64 REGS[] = {BOX(0x3f800000), 0x000000003f800000, 0xfffffffe3f800000,
                               0x7fffffff7f800000, BOX(0x7fa00000)};
    set_rm(0);
    for (unsigned i = 0; i < N(REGS); i++) {
        virt_puts("boxing ");
        virt_put_dec(i);
        virt_putc(':');
        fadd_s(REGS[i], BOX(0), 0);
        fsgnj_s(REGS[i], REGS[i], 0);
        fsgnjx_s(BOX(0x3f800000), REGS[i], 0);
        fmin_s(REGS[i], BOX(0x3f800000), 0);
        fclass_s(REGS[i], 0, 0);
        fmv_x_w(REGS[i], 0, 0);
        fcvt_d_s(REGS[i], 0, 0);
        feq_s(REGS[i], REGS[i], 0);
        u32 stored;
        __asm__ volatile("fmv.d.x ft0, %1\n\tfsw ft0, %0" : "=m"(stored) : "r"(REGS[i]) : "ft0");
        put_result(stored, 0);
        virt_putc('\n');
        cases += 9;
    }
}

int main(void) {
    u64 s_in[N(S_IN)];
    for (unsigned i = 0; i < N(S_IN); i++) s_in[i] = BOX(S_IN[i]);
    run_all(D_OPS, N(D_OPS), D_IN, N(D_IN));
    run_all(S_OPS, N(S_OPS), s_in, N(S_IN));
    nan_boxing();
    virt_puts("cases: ");
    virt_put_dec((int64_t)cases);
    virt_putc('\n');
    return 0;
}
