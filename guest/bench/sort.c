/* Quicksort (median of three, insertion sort for small runs) of 64K
   pseudo-random 64-bit keys, repeated; checked for order. */
#include "bench.h"

#define N (64 * 1024)
static int64_t a[N];

static void insertion(int64_t *v, int n) {
    for (int i = 1; i < n; i++) {
        int64_t x = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > x) { v[j + 1] = v[j]; j--; }
        v[j + 1] = x;
    }
}

static void quicksort(int64_t *v, int n) {
    while (n > 16) {
        int64_t x = v[0], y = v[n / 2], z = v[n - 1];
        int64_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        int i = 0, j = n - 1;
        for (;;) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i >= j) break;
            int64_t t = v[i]; v[i] = v[j]; v[j] = t;
            i++; j--;
        }
        quicksort(v, j + 1);
        v += j + 1;
        n -= j + 1;
    }
    insertion(v, n);
}

int main(void) {
    int ok = 1;
    uint64_t sum = 0;
    for (int pass = 0; pass < 2 * SCALE; pass++) {
        for (int i = 0; i < N; i++) a[i] = (int64_t)rng();
        quicksort(a, N);
        for (int i = 1; i < N; i++) ok &= a[i - 1] <= a[i];
        sum = sum * 31 + (uint64_t)a[N / 3];
    }
    return report("sort", sum, ok);
}
