/* The n-body simulation in double precision (five bodies); checked by
   energy conservation over the run (relative drift below 1e-3). */
#include "bench.h"

#define BODIES 5
struct body { double x, y, z, vx, vy, vz, mass; };
static const double PI = 3.141592653589793;
static struct body bodies[BODIES] = {
    {0, 0, 0, 0, 0, 0, 39.47841760435743},
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01, 0.6063326, 2.8119868, -0.0252183, 0.0376936748703894},
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01, -1.0107743, 1.8256623, 0.0084157, 0.0112863261319687},
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01, 1.0827910, 0.8687130, -0.0108326, 0.0017237240570597},
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01, 0.9790979, 0.5946989, -0.0347560, 0.0020336868699246},
};

static double energy(void) {
    double e = 0;
    for (int i = 0; i < BODIES; i++) {
        struct body *b = &bodies[i];
        e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
        for (int j = i + 1; j < BODIES; j++) {
            struct body *c = &bodies[j];
            double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
            e -= b->mass * c->mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void advance(double dt) {
    for (int i = 0; i < BODIES; i++)
        for (int j = i + 1; j < BODIES; j++) {
            struct body *b = &bodies[i], *c = &bodies[j];
            double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * __builtin_sqrt(d2));
            b->vx -= dx * c->mass * mag; b->vy -= dy * c->mass * mag; b->vz -= dz * c->mass * mag;
            c->vx += dx * b->mass * mag; c->vy += dy * b->mass * mag; c->vz += dz * b->mass * mag;
        }
    for (int i = 0; i < BODIES; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

int main(void) {
    (void)PI;
    /* Give the sun the momentum that makes the system's total zero. */
    double px = 0, py = 0, pz = 0;
    for (int i = 1; i < BODIES; i++) {
        px += bodies[i].vx * bodies[i].mass;
        py += bodies[i].vy * bodies[i].mass;
        pz += bodies[i].vz * bodies[i].mass;
    }
    bodies[0].vx = -px / bodies[0].mass;
    bodies[0].vy = -py / bodies[0].mass;
    bodies[0].vz = -pz / bodies[0].mass;
    double before = energy();
    for (int step = 0; step < 5000 * SCALE; step++) advance(0.01);
    double after = energy();
    double drift = (after - before) / before;
    union { double d; uint64_t u; } bits = {.d = after};
    return report("nbody", bits.u, drift < 1e-3 && drift > -1e-3);
}
