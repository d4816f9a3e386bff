/* A linked list of 64K nodes in shuffled memory order, walked repeatedly:
   every step is a dependent load to a far-away line. */
#include "bench.h"

#define N (64 * 1024)
struct node { struct node *next; uint64_t value; };
static struct node nodes[N];
static uint32_t order[N];

int main(void) {
    for (uint32_t i = 0; i < N; i++) order[i] = i;
    for (uint32_t i = N - 1; i > 0; i--) {
        uint32_t j = (uint32_t)(rng() % (i + 1));
        uint32_t t = order[i]; order[i] = order[j]; order[j] = t;
    }
    for (uint32_t i = 0; i < N; i++) {
        nodes[order[i]].next = &nodes[order[(i + 1) % N]];
        nodes[order[i]].value = i;
    }
    uint64_t sum = 0;
    struct node *p = &nodes[order[0]];
    for (int lap = 0; lap < 8 * SCALE; lap++)
        for (uint32_t k = 0; k < N; k++) {
            sum += p->value;
            p = p->next;
        }
    uint64_t expect = (uint64_t)8 * SCALE * ((uint64_t)N * (N - 1) / 2);
    return report("list", sum, sum == expect);
}
