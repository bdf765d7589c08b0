/* The ingest bound set by jansson: parses every line of a JSON Lines file with json_loadb (the
 * flags claimgraph uses, a per-thread bump allocator like claimgraph's, no validation and no
 * storage) on T threads, and prints lines/s. Usage: jansson_bound FILE [THREADS] */
#define _GNU_SOURCE
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#define BUMP ((size_t)1 << 20)
static _Thread_local char *bump;
static _Thread_local size_t used;

static void *bmalloc(size_t n)
{
    size_t m = (n + 15) & ~(size_t)15;
    if (bump && m <= BUMP - used) {
        void *p = bump + used;
        used += m;
        return p;
    }
    return malloc(n);
}

static void bfree(void *p)
{
    if (bump && (char *)p >= bump && (char *)p < bump + BUMP) return;
    free(p);
}

typedef struct { const char *p; size_t n; long lines; int ok; } part;

static void *work(void *arg)
{
    part *w = arg;
    bump = malloc(BUMP);
    const char *p = w->p, *end = w->p + w->n;
    w->ok = 1;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p);
        used = 0;
        json_error_t e;
        json_t *j = json_loadb(p, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
        if (!j) w->ok = 0;
        json_decref(j);
        w->lines++;
        p = nl ? nl + 1 : end;
    }
    free(bump);
    bump = NULL;
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    int t = argc > 2 ? atoi(argv[2]) : 2;
    if (t < 1 || t > 64) t = 2;
    json_set_alloc_funcs(bmalloc, bfree);
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) return 1;
    const char *data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) return 1;
    size_t n = (size_t)st.st_size;
    part parts[64];
    pthread_t th[64];
    size_t start = 0;
    for (int i = 0; i < t; i++) {
        size_t end = i + 1 == t ? n : n / (size_t)t * (size_t)(i + 1);
        if (end < n) {
            const char *nl = memchr(data + end, '\n', n - end);
            end = nl ? (size_t)(nl - data) + 1 : n;
        }
        if (end < start) end = start;
        parts[i] = (part){data + start, end - start, 0, 1};
        start = end;
    }
    for (size_t i = 0; i < n; i += 4096) (void)*(volatile const char *)(data + i); /* page in */
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < t; i++) pthread_create(&th[i], NULL, work, &parts[i]);
    long lines = 0;
    int ok = 1;
    for (int i = 0; i < t; i++) {
        pthread_join(th[i], NULL);
        lines += parts[i].lines;
        ok &= parts[i].ok;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
    printf("{\"lines\":%ld,\"threads\":%d,\"seconds\":%.3f,\"lines_per_s\":%.0f,\"all_parsed\":%s}\n", lines, t, s,
           (double)lines / s, ok ? "true" : "false");
    return 0;
}
