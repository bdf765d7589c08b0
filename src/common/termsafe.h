/* Internal (shared by the library and the CLI, not API): text made safe for a terminal.
 * Data can hold escape sequences (ESC [ 2 K erases a line, OSC 0 sets the window title, CR and
 * backspace overwrite what was printed); printed as they are, they would let a dataset forge or
 * hide messages. Every message on standard error and everything written to a terminal goes
 * through here: control characters become visible escapes. */
#ifndef CG_TERMSAFE_H
#define CG_TERMSAFE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes s[0..n) to f with C0 controls (but tab, and newline when keep_lines), DEL, C1 controls
 * (U+0080..U+009F), the bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069)
 * and bytes that are not UTF-8 written as \xHH or \uHHHH. Returns 0, or -1 on a write error. */
int cg__term_write(FILE *f, const char *s, size_t n, int keep_lines);
/* cg__term_write of a NUL-terminated string. */
int cg__term_puts(FILE *f, const char *s, int keep_lines);
/* A stream that writes everything through cg__term_write (lines kept) into `under`; closing it
 * flushes into `under` (which stays open). NULL if it cannot be made. */
FILE *cg__term_stream(FILE *under);

#ifdef __cplusplus
}
#endif
#endif
