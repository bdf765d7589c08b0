/* The entry points of interop.h's exports: the exported edges, then the writer of the format. */
#define _POSIX_C_SOURCE 200809L
#include "interop_impl.h"
#include "sheets_impl.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

cg_status cg_export(FILE *out, cg_export_format f, const cg_dataset *ds, const cg_edgeset *es,
                    const cg_export_options *o, cg_diag *diag)
{
    if (cg_export_format_is_dir(f) || f < 0 || f >= CG_EXPORT_COUNT) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "%s writes a folder, not one stream", cg_export_format_name(f));
        return CG_EINVAL;
    }
    cg_export_options def;
    if (!o) {
        cg_export_options_init(&def);
        o = &def;
    }
    cg__xgraph x;
    cg__xgraph_init(&x, ds, es, o);
    cg_status st = f == CG_EXPORT_GEXF      ? cg__export_gexf(out, &x, o)
                   : f == CG_EXPORT_GRAPHML ? cg__export_graphml(out, &x, o)
                                            : cg__export_ftm(out, &x, o, diag);
    cg__xgraph_free(&x);
    if (st == CG_OK && ferror(out)) st = CG_EIO;
    return st;
}

cg_status cg_export_to_dir(const char *dir, cg_export_format f, const cg_dataset *ds, const cg_edgeset *es,
                           const cg_export_options *o, cg_diag *diag)
{
    if (!cg_export_format_is_dir(f)) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "%s writes one file, not a folder", cg_export_format_name(f));
        return CG_EINVAL;
    }
    if (!dir || !*dir) {
        cg_diag_add(diag, CG_SEV_ERROR, NULL, 0, 0, "%s needs an output folder", cg_export_format_name(f));
        return CG_EINVAL;
    }
    cg_export_options def;
    if (!o) {
        cg_export_options_init(&def);
        o = &def;
    }
    struct stat sb;
    int created = stat(dir, &sb) != 0;
    if (cg__ensure_dir(dir, diag) != 0) return CG_EIO;
    cg__xgraph x;
    cg__xgraph_init(&x, ds, es, o);
    cg_status st = cg__export_neo4j(dir, &x, o, diag);
    cg__xgraph_free(&x);
    if (st != CG_OK && created) rmdir(dir); /* a folder we made, left empty by the failure */
    return st;
}
