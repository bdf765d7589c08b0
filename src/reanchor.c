/* reanchor (stub while written) */
#include "claimgraph/sheets.h"
#include <stdlib.h>
const char *cg_reanchor_result_name(cg_reanchor_result r) { (void)r; return ""; }
cg_status cg_reanchor_run(cg_reanchor **out, const cg_dataset *ds, const cg_reanchor_options *opts, cg_diag *diag) { (void)ds; (void)opts; (void)diag; *out = NULL; return CG_EINVAL; }
void cg_reanchor_free(cg_reanchor *ra) { (void)ra; }
void cg_reanchor_counts(const cg_reanchor *ra, size_t counts[CG_RA_COUNT], size_t *f) { (void)ra; (void)counts; *f = 0; }
cg_status cg_reanchor_write_report(const cg_reanchor *ra, FILE *f) { (void)ra; (void)f; return CG_OK; }
int cg_reanchor_has_changes(const cg_reanchor *ra) { (void)ra; return 0; }
cg_status cg_reanchor_write(const cg_reanchor *ra, const char *path, int in_place, cg_diag *diag) { (void)ra; (void)path; (void)in_place; (void)diag; return CG_OK; }
