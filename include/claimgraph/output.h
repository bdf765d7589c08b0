/* claimgraph: atomic output files. */
#ifndef CLAIMGRAPH_OUTPUT_H
#define CLAIMGRAPH_OUTPUT_H

#include <stdio.h>
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * An output destination: standard output, or a file written to a temporary file in the same
 * folder and renamed over the target only by cg_output_commit(), so a failure never leaves a
 * partial or empty file. Temporary files are removed on cg_output_abort(), at exit, and on
 * SIGINT/SIGTERM/SIGHUP (see cg_output_install_signal_handlers()).
 */
typedef struct cg_output cg_output;

/** Opens `path` for writing (NULL or "-" = standard output). On success *out is owned by the
 * caller and must be finished with cg_output_commit() or cg_output_abort(). */
cg_status cg_output_open(cg_output **out, const char *path, cg_diag *diag);
/** The stream to write to (borrowed). */
FILE *cg_output_stream(cg_output *o);
/** Path of the temporary file (NULL for standard output); useful to let a child write it. */
const char *cg_output_temp_path(const cg_output *o);
/** Flushes, fsyncs and renames into place; reports write errors (e.g. a full device) to diag.
 * Frees `o` in every case. On failure the previous content of the target is intact. */
cg_status cg_output_commit(cg_output *o, cg_diag *diag);
/** Discards the output (removes the temporary file) and frees `o`; NULL is a no-op. */
void cg_output_abort(cg_output *o);
/**
 * An output folder written as a whole: its files are written into a temporary folder next to
 * the target and the folder is put in place only by cg_output_dir_commit(), so a failure (or an
 * interruption) leaves nothing at the target, and an existing target stays as it was.
 * An existing target must be a folder holding nothing but files of the names this output writes
 * (a previous export); it is then replaced at once (Linux renameat2 RENAME_EXCHANGE; elsewhere
 * by two renames) and its old files are removed. Anything else there is refused, never deleted.
 */
typedef struct cg_output_dir cg_output_dir;

/** Starts an output folder at `path`. On success *out must be finished with
 * cg_output_dir_commit() or cg_output_dir_abort(). */
cg_status cg_output_dir_open(cg_output_dir **out, const char *path, cg_diag *diag);
/** Creates the file `name` (a plain name, no `/`) in the folder; *f is borrowed and stays open
 * until commit or abort. */
cg_status cg_output_dir_file(cg_output_dir *d, const char *name, FILE **f, cg_diag *diag);
/** Flushes, fsyncs and puts the folder in place; frees `d` in every case. */
cg_status cg_output_dir_commit(cg_output_dir *d, cg_diag *diag);
/** Removes the temporary folder and frees `d`; NULL is a no-op. */
void cg_output_dir_abort(cg_output_dir *d);

/** Installs handlers that remove temporary files on SIGINT, SIGTERM and SIGHUP, then die by
 * the same signal. Call once at program start. */
void cg_output_install_signal_handlers(void);

#ifdef __cplusplus
}
#endif
#endif
