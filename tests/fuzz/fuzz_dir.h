/* A private folder for a harness that writes files (/tmp/cg-fuzz-NAME-PID), removed with what is
 * in it when the process exits normally (the end of a fuzzing run or of a replay); after a crash
 * or a failed invariant it stays, with the files of the failing input. Needs _GNU_SOURCE (nftw). */
#ifndef CG_FUZZ_DIR_H
#define CG_FUZZ_DIR_H
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char cg_fuzz_dir_path[64];

static int cg_fuzz_dir_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static void cg_fuzz_dir_cleanup(void)
{
    nftw(cg_fuzz_dir_path, cg_fuzz_dir_rm, 8, FTW_DEPTH | FTW_PHYS);
}

/* Makes the folder (once) and returns its path. */
static const char *cg_fuzz_dir(const char *name)
{
    if (!cg_fuzz_dir_path[0]) {
        snprintf(cg_fuzz_dir_path, sizeof cg_fuzz_dir_path, "/tmp/cg-fuzz-%s-%d", name, (int)getpid());
        mkdir(cg_fuzz_dir_path, 0700);
        atexit(cg_fuzz_dir_cleanup);
    }
    return cg_fuzz_dir_path;
}
#endif
