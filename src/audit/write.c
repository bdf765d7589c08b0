/* Audit reports: cg_audit_write dispatches to the writer of each format. */
#include "audit_impl.h"

cg_status cg_audit_write(const cg_audit *a, FILE *f, cg_audit_format fmt)
{
    switch (fmt) {
    case CG_AUDIT_JSON: cg__audit_write_json(a, f); break;
    case CG_AUDIT_HTML: cg__audit_write_html(a, f); break;
    default: cg__audit_write_md(a, f);
    }
    return ferror(f) ? CG_EIO : CG_OK;
}

