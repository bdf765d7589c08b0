/* Internal: reading CSV sheets with libcsv (RFC 4180), tracking the file line where each row
 * starts, and the cell helpers of the spreadsheet layout (multi-valued cells, dialects). */
#ifndef CG_CSV_IMPL_H
#define CG_CSV_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "claimgraph/status.h"
#include "util.h"

/* One row: `n` cells (NUL-terminated UTF-8, borrowed until the callback returns), and the line
 * of the file where the row starts (the header is the first row). Return 0 to go on, -1 to stop. */
typedef int (*cg__csv_row_fn)(void *ctx, char **cells, size_t n, unsigned long line);

/* The delimiter of a sheet, from its first line: the most frequent of `,` `;` TAB outside quotes
 * (ties: comma, then semicolon); comma when there is none. */
char cg__csv_detect_delim(const char *data, size_t len);

/* Reads CSV data (a UTF-8 BOM is skipped; CRLF or LF; cells quoted with `"`, quotes doubled;
 * unquoted cells trimmed of spaces). Calls `fn` for every row that is not blank. Malformed
 * quoting, invalid UTF-8 and NUL bytes are reported to diag as `name:LINE: error: ...` (with
 * `colname(ctx, cell index)` as the column when given) and reading stops at a quoting error.
 * *delim_out receives the delimiter. Returns the number of errors reported. */
size_t cg__csv_read(const char *name, const char *data, size_t len, cg__csv_row_fn fn, void *ctx,
                    const char *(*colname)(void *ctx, size_t cell), char *delim_out, cg_diag *diag);

/* Splits a multi-valued cell at `|` (`\|` is a literal bar, `\\` a backslash, and with
 * `kv` set `\=` a literal equals sign); items are trimmed, empty items dropped. Items are added
 * to `out` (each a new string, caller frees). With `kv`, the first unescaped `=` of an item (the
 * KEY=VALUE separator) is returned as U+001F. */
typedef CG_VEC(char *) cg__strvec;
void cg__cell_split(const char *cell, int kv, cg__strvec *out);
void cg__strvec_free(cg__strvec *v);
/* Appends `s` to b escaped for a multi-valued cell (`\` `|`, and `=` when kv is set). */
void cg__cell_escape(cg__buf *b, const char *s, int kv);

/* Spreadsheet dialect on input: a leading `'` before = + - @ TAB or CR is the formula guard a
 * spreadsheet-dialect export added: returns s without it (borrowed). */
const char *cg__csv_unguard(const char *s);

#endif
