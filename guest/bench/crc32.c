/* CRC-32 (IEEE) over a 256 KiB buffer, table-driven, checked against a
   bitwise computation of the first pass. */
#include "bench.h"

#define LEN (256 * 1024)
static uint8_t buf[LEN];
static uint32_t table[256];

static uint32_t crc_bitwise(const uint8_t *p, unsigned n) {
    uint32_t c = 0xffffffff;
    for (unsigned i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c;
}

static uint32_t crc_table(const uint8_t *p, unsigned n, uint32_t c) {
    c = ~c;
    for (unsigned i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return ~c;
}

int main(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320 & -(c & 1));
        table[i] = c;
    }
    for (unsigned i = 0; i < LEN; i++) buf[i] = (uint8_t)rng();
    int ok = crc_table(buf, 4096, 0) == crc_bitwise(buf, 4096);
    uint32_t crc = 0;
    for (int pass = 0; pass < 2 * SCALE; pass++) crc = crc_table(buf, LEN, crc);
    return report("crc32", crc, ok);
}
