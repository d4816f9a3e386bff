/* Integer matrix multiply, 96x96, repeated; checked against the trace
   identity tr(AB) = tr(BA). */
#include "bench.h"

#define M 96
static int64_t a[M][M], b[M][M], c[M][M], d[M][M];

static void multiply(int64_t (*x)[M], int64_t (*y)[M], int64_t (*out)[M]) {
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++) {
            int64_t s = 0;
            for (int k = 0; k < M; k++) s += x[i][k] * y[k][j];
            out[i][j] = s;
        }
}

int main(void) {
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++) {
            a[i][j] = (int64_t)(rng() % 1000) - 500;
            b[i][j] = (int64_t)(rng() % 1000) - 500;
        }
    uint64_t sum = 0;
    int ok = 1;
    for (int pass = 0; pass < 2 * SCALE; pass++) {
        multiply(a, b, c);
        multiply(b, a, d);
        int64_t t1 = 0, t2 = 0;
        for (int i = 0; i < M; i++) { t1 += c[i][i]; t2 += d[i][i]; }
        ok &= t1 == t2;
        sum = sum * 31 + (uint64_t)c[pass % M][(pass * 7) % M];
        a[pass % M][pass % M] += 1;
    }
    return report("matmul", sum, ok);
}
