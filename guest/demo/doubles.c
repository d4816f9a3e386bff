/* Double- and single-precision numerics as a compiler emits them for RV64GC:
   an n-body simulation, series for pi and e, Newton square roots, a small
   linear solve and float accumulation. Results are printed as exact bit
   patterns plus a rounded decimal, so any difference from QEMU shows. */
#include "virt.h"

static void put_hex64(uint64_t v) {
    for (int s = 60; s >= 0; s -= 4) virt_putc("0123456789abcdef"[(v >> s) & 15]);
}

static uint64_t bits(double d) {
    union { double d; uint64_t u; } u = {.d = d};
    return u.u;
}

/* Decimal with 9 fractional digits, computed in floating point. */
static void put_double(double d) {
    if (d < 0) {
        virt_putc('-');
        d = -d;
    }
    int64_t whole = (int64_t)d;
    virt_put_dec(whole);
    virt_putc('.');
    double frac = d - (double)whole;
    for (int i = 0; i < 9; i++) {
        frac *= 10.0;
        int digit = (int)frac;
        virt_putc((char)('0' + digit));
        frac -= digit;
    }
}

static void show(const char *label, double d) {
    virt_puts(label);
    virt_puts(" = ");
    put_double(d);
    virt_puts("  [");
    put_hex64(bits(d));
    virt_puts("]\n");
}

#define BODIES 5
struct body { double x, y, z, vx, vy, vz, mass; };

static const double PI = 3.141592653589793, SOLAR_MASS = 4 * 3.141592653589793 * 3.141592653589793;
static const double DAYS = 365.24;

static struct body system_[BODIES] = {
    {0, 0, 0, 0, 0, 0, 4 * 3.141592653589793 * 3.141592653589793},
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * 365.24, 7.69901118419740425e-03 * 365.24, -6.90460016972063023e-05 * 365.24,
     9.54791938424326609e-04 * 4 * 3.141592653589793 * 3.141592653589793},
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * 365.24, 4.99852801234917238e-03 * 365.24, 2.30417297573763929e-05 * 365.24,
     2.85885980666130812e-04 * 4 * 3.141592653589793 * 3.141592653589793},
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * 365.24, 2.37847173959480950e-03 * 365.24, -2.96589568540237556e-05 * 365.24,
     4.36624404335156298e-05 * 4 * 3.141592653589793 * 3.141592653589793},
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * 365.24, 1.62824170038242295e-03 * 365.24, -9.51592254519715870e-05 * 365.24,
     5.15138902046611451e-05 * 4 * 3.141592653589793 * 3.141592653589793},
};

static double energy(void) {
    double e = 0;
    for (int i = 0; i < BODIES; i++) {
        struct body *b = &system_[i];
        e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
        for (int j = i + 1; j < BODIES; j++) {
            struct body *c = &system_[j];
            double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
            e -= b->mass * c->mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void advance(double dt) {
    for (int i = 0; i < BODIES; i++) {
        struct body *b = &system_[i];
        for (int j = i + 1; j < BODIES; j++) {
            struct body *c = &system_[j];
            double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * __builtin_sqrt(d2));
            b->vx -= dx * c->mass * mag;
            b->vy -= dy * c->mass * mag;
            b->vz -= dz * c->mass * mag;
            c->vx += dx * b->mass * mag;
            c->vy += dy * b->mass * mag;
            c->vz += dz * b->mass * mag;
        }
    }
    for (int i = 0; i < BODIES; i++) {
        system_[i].x += dt * system_[i].vx;
        system_[i].y += dt * system_[i].vy;
        system_[i].z += dt * system_[i].vz;
    }
}

static double newton_sqrt(double a) {
    double x = a > 1 ? a : 1;
    for (int i = 0; i < 60; i++) x = 0.5 * (x + a / x);
    return x;
}

/* Solve a 4x4 system by Gaussian elimination with partial pivoting. */
static void solve(void) {
    double m[4][5] = {{2, 1, -1, 3, 5}, {-3, -1, 2, 1, -2}, {-2, 1, 2, -4, 1}, {1, 7, 3, 2, 9}};
    for (int col = 0; col < 4; col++) {
        int pivot = col;
        for (int r = col + 1; r < 4; r++)
            if (__builtin_fabs(m[r][col]) > __builtin_fabs(m[pivot][col])) pivot = r;
        for (int k = 0; k < 5; k++) {
            double t = m[col][k];
            m[col][k] = m[pivot][k];
            m[pivot][k] = t;
        }
        for (int r = 0; r < 4; r++) {
            if (r == col) continue;
            double f = m[r][col] / m[col][col];
            for (int k = col; k < 5; k++) m[r][k] -= f * m[col][k];
        }
    }
    const char *names[4] = {"x0", "x1", "x2", "x3"};
    for (int r = 0; r < 4; r++) show(names[r], m[r][4] / m[r][r]);
}

int main(void) {
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < BODIES; i++) {
        px += system_[i].vx * system_[i].mass;
        py += system_[i].vy * system_[i].mass;
        pz += system_[i].vz * system_[i].mass;
    }
    system_[0].vx = -px / SOLAR_MASS;
    system_[0].vy = -py / SOLAR_MASS;
    system_[0].vz = -pz / SOLAR_MASS;
    show("n-body energy before", energy());
    for (int step = 0; step < 2000; step++) advance(0.01);
    show("n-body energy after 2000 steps", energy());

    double leibniz = 0;
    for (int k = 0; k < 100000; k++) leibniz += (k & 1 ? -4.0 : 4.0) / (2 * k + 1);
    show("pi (Leibniz, 1e5 terms)", leibniz);
    show("pi error", leibniz - PI);

    double e = 1, term = 1;
    for (int k = 1; k < 20; k++) {
        term /= k;
        e += term;
    }
    show("e (series)", e);

    for (int n = 2; n <= 10; n += 4) {
        virt_puts("sqrt(");
        virt_put_dec(n);
        virt_puts(")");
        show(" newton", newton_sqrt(n));
        show("   hardware", __builtin_sqrt((double)n));
    }
    solve();

    float acc = 0;
    for (int i = 1; i <= 10000; i++) acc += 1.0f / (float)i;
    show("harmonic(10000) in float", acc);
    float f = 16777216.0f;
    f += 1.0f;
    show("2^24 + 1 in float", f);
    show("DAYS * 1e-3", DAYS * 1e-3);
    int64_t big = (int64_t)(1e18 / 3.0);
    virt_puts("(int64)(1e18 / 3) = ");
    virt_put_dec(big);
    virt_putc('\n');
    return 0;
}
