/* Shared by the fuzz harnesses: an invariant check that stays on in every build type. */
#ifndef CG_FUZZ_H
#define CG_FUZZ_H
#include <stdio.h>
#include <stdlib.h>
#define CHECK(x) \
    do { \
        if (!(x)) { \
            fprintf(stderr, "invariant failed: %s (%s:%d)\n", #x, __FILE__, __LINE__); \
            abort(); \
        } \
    } while (0)
#endif
