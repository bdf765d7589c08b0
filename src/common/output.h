/* Internal (shared by the library and the CLI, not API): atomic output files. */
#ifndef CG_OUTPUT_H
#define CG_OUTPUT_H

#include <stdio.h>
#include "claimgraph/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * An output destination: standard output ("-"), or a path. Symbolic links are followed by hand:
 * a link into /proc (/dev/stdout, /dev/fd/N) names an open file, which is written in place
 * (our own descriptor through a copy); a device, pipe or socket is written in place; a regular
 * file (or a new one) is written to a temporary file in its folder and renamed over it only by
 * cg__output_commit(), so a failure never leaves a partial or empty file. Through links, the
 * links stay and the file they lead to is replaced, keeping its mode (and owner where
 * possible). Temporary files are removed on cg__output_abort(), at exit, and on the signals
 * that end the process (see cg__output_install_signal_handlers()).
 */
typedef struct cg__output cg__output;

/** Opens `path` for writing (NULL or "-" = standard output). On success *out is owned by the
 * caller and must be finished with cg__output_commit() or cg__output_abort(). */
cg_status cg__output_open(cg__output **out, const char *path, cg_diag *diag);
/** The stream to write to (borrowed). */
FILE *cg__output_stream(cg__output *o);
/** Path of the temporary file (NULL for standard output); useful to let a child write it. */
const char *cg__output_temp_path(const cg__output *o);
/** Flushes, fsyncs and renames into place; reports write errors (e.g. a full device) to diag.
 * Frees `o` in every case. On failure the previous content of the target is intact. */
cg_status cg__output_commit(cg__output *o, cg_diag *diag);
/** Discards the output (removes the temporary file) and frees `o`; NULL is a no-op. */
void cg__output_abort(cg__output *o);
/** Installs handlers that remove temporary files on SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1,
 * SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU and SIGPIPE (unless ignored already), then die
 * by the same signal; ignores SIGXFSZ, so a file-size limit makes writes fail (and the temporary
 * file be removed) instead of killing the process. Call once at program start. */
void cg__output_install_signal_handlers(void);
/** Removes every live temporary file (for an out-of-memory handler). Async-signal-safe. */
void cg__output_cleanup_all(void);
/** The running child process (Graphviz) to kill if we are interrupted, or 0 (a
 * cg_render_options.on_child callback). */
void cg__output_set_child(long pid, void *ud);

#ifdef __cplusplus
}
#endif
#endif
